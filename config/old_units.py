#!/usr/bin/env python3
"""Build config/old-units-2025.csv: where each commune that existed on 30 June 2025 lies in
the 2025 communes of config/admin-units-2025.csv.

It joins two public sources (both read as published in July 2025):

- the General Statistics Office's list of units before the reform
  (https://danhmuchanhchinh.gso.gov.vn, downloaded 18 July 2025): each old commune's code,
  name, district and province;
- the reform's lookup published by the state's map publisher
  (https://sapnhap.bando.com.vn, "tra cứu", read 17 July 2025): for each 2025 commune, the
  old communes it was made of, as the Standing Committee's resolutions of June 2025 list
  them, an old commune that was divided marked "(phần còn lại sau khi sáp nhập vào …)".

Copies of both, as downloaded, are kept in the public repository
github.com/tranngocminhhieu/vietnamadminunits at commit c4519b2 (data/raw/), which is where
this script reads them from by default:

    python3 config/old_units.py --gso GSO.csv --lookup LOOKUP.csv --provinces PROV.csv

Only old communes that both sources name, unambiguously, are written: an old commune the
lookup names that the list does not have (or has twice in the same place) is left out and
counted on stderr, so the file holds nothing that was guessed.
"""

import argparse
import collections
import csv
import re
import sys
import unicodedata
import urllib.request

RAW = "https://raw.githubusercontent.com/tranngocminhhieu/vietnamadminunits/c4519b2/data/raw/"
GSO = RAW + "danhmuchanhchinh.gso.gov.vn_ward_2025-07-18.csv"
LOOKUP = RAW + "sapnhap.bando.com.vn_ward_2025-07-17.csv"
PROVINCES = RAW + "sapnhap.bando.com.vn_province_2025-07-17.csv"

KINDS = ("thị trấn", "phường", "xã", "đặc khu")
PART = "phần còn lại sau khi sáp nhập vào"


def nfc(text):
    """Lower case, one space between words, none around a hyphen, and the kind said once
    (the list writes `Phường Phường Đúc` for the ward named Đúc)."""
    text = " ".join(unicodedata.normalize("NFC", text).lower().replace("–", "-").split()).replace(" - ", "-")
    for kind in KINDS:
        text = text.replace(f"{kind} {kind} ", f"{kind} ")
    return text


def fold(text):
    out = "".join(c for c in unicodedata.normalize("NFD", nfc(text)) if not unicodedata.combining(c))
    return " ".join(out.replace("đ", "d").replace("-", " ").replace("’", "'").split())


def province_key(name):
    name = fold(name)
    for prefix in ("thu do ", "thanh pho ", "tinh "):
        if name.startswith(prefix):
            return name[len(prefix):]
    return name


def read(source):
    if source.startswith("https://"):
        with urllib.request.urlopen(source, timeout=60) as answer:
            text = answer.read().decode("utf-8-sig")
    else:
        with open(source, encoding="utf-8-sig") as f:
            text = f.read()
    return list(csv.DictReader(text.splitlines()))


def top_level(items):
    """Split `a, b (c, d), e` at the commas outside parentheses."""
    parts, depth, now = [], 0, ""
    for c in items:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if c == "," and depth == 0:
            parts.append(now.strip())
            now = ""
        else:
            now += c
    if now.strip():
        parts.append(now.strip())
    return parts


def main():
    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--gso", default=GSO)
    args.add_argument("--lookup", default=LOOKUP)
    args.add_argument("--provinces", default=PROVINCES)
    args.add_argument("--units", default="config/admin-units-2025.csv")
    args.add_argument("--out", default="config/old-units-2025.csv")
    opts = args.parse_args()

    units = read(opts.units)
    new_province = {province_key(u["province_name"]): int(u["province_code"]) for u in units}
    new_commune = {(int(u["province_code"]), fold(u["unit_name"])): int(u["unit_code"]) for u in units}

    # Each old province's 2025 province.
    old_to_new = {}
    for p in read(opts.provinces):
        code = new_province[province_key(p["tentinh"])]
        before = p["truocsapnhap"].strip()
        # A merged province keeps its own name among its old ones (written `TPHCM` once).
        olds = [p["tentinh"]] + ([] if fold(before) == "khong sap nhap" else re.split(r",| và ", before))
        for old in olds:
            if old.strip():
                old_to_new[province_key(old)] = code

    # (new province, kind+name) -> GSO rows, by the name as written and, for the spellings
    # that differ only in their marks (`Hoà`, `Hòa`), folded.
    exact, folded = collections.defaultdict(list), collections.defaultdict(list)
    for u in read(opts.gso):
        code = old_to_new.get(province_key(u["Tỉnh / Thành Phố"]))
        if code is None:
            sys.exit(f"no 2025 province for {u['Tỉnh / Thành Phố']}")
        exact[(code, nfc(u["Tên"]))].append(u)
        folded[(code, fold(u["Tên"]))].append(u)

    def old_unit(province, item):
        """The GSO row an item of the lookup names, or None."""
        name = re.sub(r"\s*\([^()]*\)", "", item).strip()
        qualifiers = [q for q in re.findall(r"\(([^()]*)\)", item) if not q.startswith("phần")]
        found = exact.get((province, nfc(name))) or folded.get((province, fold(name)), [])
        for q in qualifiers:
            narrowed = [u for u in found if fold(q) in (fold(u["Quận Huyện"]), fold(u["Tỉnh / Thành Phố"]))]
            found = narrowed or found
        return found[0] if len(found) == 1 else None

    def new_unit(province, written):
        written = written.strip()
        for kind in KINDS:
            if fold(written).startswith(fold(kind) + " "):
                return new_commune.get((province, fold(written)))
        return None

    places = collections.defaultdict(set)  # GSO code -> 2025 communes
    divided = set()
    rows = {}
    skipped = collections.Counter()
    for w in read(opts.lookup):
        province = new_province[province_key(w["tentinh"])]
        here = new_commune.get((province, fold(f"{w['loai']} {w['tenhc']}")))
        if here is None:
            skipped["2025 commune not in admin-units"] += 1
            continue
        before = w["truocsapnhap"].strip()
        items = [f"{w['loai']} {w['tenhc']}"] if fold(before) == "khong sap nhap" else top_level(before)
        for item in items:
            unit = old_unit(province, item)
            if unit is None:
                skipped["old commune not found once in the GSO list"] += 1
                continue
            rows[unit["Mã"]] = (province, unit)
            places[unit["Mã"]].add(here)
            rest = re.search(r"\(" + PART + r" ([^()]*)\)", item)
            if rest:
                divided.add(unit["Mã"])
                for target in top_level(rest.group(1)):
                    other = new_unit(province, target)
                    if other is not None:
                        places[unit["Mã"]].add(other)

    with open(opts.out, "w", encoding="utf-8", newline="") as f:
        f.write(HEADER)
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["province_code", "old_code", "old_name", "old_district", "new_code", "whole"])
        for code in sorted(rows, key=lambda c: (rows[c][0], c)):
            province, unit = rows[code]
            whole = len(places[code]) == 1 and code not in divided
            for target in sorted(places[code]):
                out.writerow([province, code, unit["Tên"], unit["Quận Huyện"], target, int(whole)])
    split = sum(1 for c in rows if len(places[c]) > 1 or c in divided)
    print(f"{len(rows)} old communes, {split} of them divided; left out: {dict(skipped)}", file=sys.stderr)


HEADER = """\
# Where each commune of 30 June 2025 lies among the 2025 communes (config/admin-units-2025.csv).
# Sources: the General Statistics Office's list of units before the reform
# (danhmuchanhchinh.gso.gov.vn, 18 July 2025) for the old codes, names and districts; the
# reform's lookup of the state's map publisher (sapnhap.bando.com.vn, 17 July 2025), which lists
# the old communes of each 2025 commune as the Standing Committee's resolutions of June 2025 do.
# Built by config/old_units.py, which says how; only communes both sources name are here.
# `whole` is 1 when the old commune went whole into `new_code`; a divided one has a row for
# each 2025 commune that took a part of it, each with `whole` 0.
"""

if __name__ == "__main__":
    main()
