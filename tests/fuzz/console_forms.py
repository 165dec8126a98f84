#!/usr/bin/env python3
"""Fuzz every POST form of the web console, as every role, and the public ones, against a
running server.

For each route and each role (signed in through the console's own sign-in form, with that
session's form token), at least --per-route bodies are sent: the real form as the pages show
it with one field mutated, adversarial field names (dotted paths, huge and negative indices,
thousands of parts, repeated fields, too many fields), long values, broken percent-escapes
and bytes that are no UTF-8, and random bytes. The sign-in form is fuzzed the same way
without a session, and so are the public reporting form, its status lookup and the referral
e-mail's acknowledge link. Every answer must come within --max-seconds and none may be a 5xx; the
server's resident memory (VmRSS of --pid, read from /proc after every request) must stay under
--max-rss-mb throughout. Prints the figures; exits non-zero on any failure.

Standard library only: it runs on any machine with Python 3.
"""

import argparse
import http.client
import random
import re
import sys
import time
import urllib.parse
from html.parser import HTMLParser

PASSWORD_ENV = "HOTLINE_PASSWORD"

# Every POST route of the console. Kept equal to the routes the server registers by
# `console_routes_are_all_fuzzed` (tests/api/console/hardening.rs reads this list).
ROUTES = [
    "/console/referrals/{referral}/{referral_action}",
    "/console/calls",
    "/console/calls/places",
    "/console/calls/hints",
    "/console/cases/{case}/move",
    "/console/cases/{case}/notes",
    "/console/cases/{case}/plan/{decision}",
    "/console/cases/{case}/steps/{step}",
    "/console/cases/{case}/duplicate",
    "/console/cases/{case}/referrals",
    "/console/cases/{case}/hold",
    "/console/cases/{case}/hold/lift",
    "/console/cases/{case}/correct",
    "/console/cases/{case}/erase",
    "/console/cases/{case}/manager",
    "/console/caseloads/{user}",
    "/console/cases/{case}/transfer",
    "/console/cases/{case}/documents",
    "/console/transfers/{transfer}/{transfer_answer}",
    "/console/activities",
    "/console/audit/verify",
    "/console/mail/{mail}/resend",
    "/console/webhooks/{webhook}/replay",
    "/console/imports/{hold}/place",
    "/console/admin/users",
    "/console/admin/users/{user}/{user_action}",
    "/console/admin/agencies/{agency}",
    # Last for each role: a valid sign-out ends the session (the fuzzer signs in again).
    "/console/sign-out",
]

# The forms sent as multipart/form-data (a file input): fuzzed with hostile multipart
# bodies as well as with the urlencoded ones every form gets.
MULTIPART = {"/console/cases/{case}/documents"}

# The public forms, signed out (no form token: they are checked by their origin).
PUBLIC = [
    ("/report", "/report?province=46"),
    ("/report/status", "/report/status"),
    ("/ack/{token}", None),
]

# The pages whose forms are the real forms to mutate.
PAGES = [
    "/console/tasks",
    "/console/inbox",
    "/console/calls/new",
    "/console/cases",
    "/cases/{case}",
    "/console/caseloads",
    "/console/transfers",
    "/console/oversight",
    "/console/mail",
    "/console/webhooks",
    "/console/imports",
    "/console/activities",
    "/console/admin/users",
    "/console/admin/agencies/{agency}",
]

HUGE = ["100000000", "18446744073709551615", "18446744073709551616", "-1", "99999999999999999999999"]
ODD_VALUES = [
    "",
    "%",
    "%zz",
    "%e0%a4",
    "%ff%fe%00",
    "%00",
    "true",
    "-1",
    "18446744073709551615",
    "1e309",
    "2026-02-30T25:61",
    "<script>alert(1)</script>",
    "=HYPERLINK(\"http://evil.example\")",
    "../../etc/passwd",
    "x" * 5000,
    "Nguyễn Thị " * 500,
]


class Forms(HTMLParser):
    """The POST forms of a page: action and (name, value) pairs as a browser would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.current = None
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "get").lower() == "post":
            self.current = {"action": a.get("action", ""), "fields": []}
        elif self.current is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value") or ("on" if kind == "checkbox" else "x")
            self.current["fields"].append((a["name"], value))
        elif tag == "textarea" and a.get("name"):
            self.textarea = a["name"]
            self.current["fields"].append((a["name"], "x"))
        elif tag == "select" and a.get("name"):
            self.select = [a["name"], None]
        elif tag == "option" and self.select is not None and self.select[1] is None:
            self.select[1] = a.get("value", "")
        elif tag == "button" and a.get("name"):
            self.current["fields"].append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag):
        if tag == "select" and self.select is not None and self.current is not None:
            self.current["fields"].append((self.select[0], self.select[1] or ""))
            self.select = None
        elif tag == "form" and self.current is not None:
            self.forms.append(self.current)
            self.current = None


def route_of(path):
    """The route template a concrete path belongs to."""
    parts = path.split("/")
    for template in ROUTES:
        segments = template.split("/")
        if len(segments) == len(parts) and all(
            s.startswith("{") or s == p for s, p in zip(segments, parts)
        ):
            return template
    return None


class Client:
    """One browser: a keep-alive connection and its cookies."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self.conn = None

    def request(self, method, path, body=None, content_type="application/x-www-form-urlencoded"):
        headers = {"Origin": f"http://{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            started = time.monotonic()
            try:
                self.conn.request(method, path, body=body, headers=headers)
                res = self.conn.getresponse()
                data = res.read()
            except (ConnectionError, http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    raise
                continue
            elapsed = time.monotonic() - started
            for value in res.headers.get_all("Set-Cookie") or []:
                pair = value.split(";", 1)[0]
                name, _, v = pair.partition("=")
                if v:
                    self.cookies[name] = v
                else:
                    self.cookies.pop(name, None)
            if res.headers.get("Connection", "").lower() == "close":
                self.conn.close()
                self.conn = None
            return res.status, res.headers, data, elapsed
        raise RuntimeError("unreachable")


def csrf_of(html):
    m = re.search(rb'name="csrf" value="([^"]+)"', html)
    return m.group(1).decode() if m else ""


def sign_in(client, username, password):
    client.cookies.clear()
    status, _, html, _ = client.request("GET", "/")
    token = csrf_of(html)
    body = urllib.parse.urlencode({"username": username, "password": password, "csrf": token, "next": "/console/tasks"})
    status, headers, _, _ = client.request("POST", "/console/sign-in", body)
    if status != 303:
        raise RuntimeError(f"{username} could not sign in ({status})")
    status, _, html, _ = client.request("GET", "/console/tasks")
    token = csrf_of(html)
    if not token:
        status, _, html, _ = client.request("GET", "/console/admin/users")
        token = csrf_of(html)
    return token


def real_forms(client, fill):
    """The role's real forms, by route template (one per route)."""
    found = {}
    for page in PAGES:
        status, _, html, _ = client.request("GET", page.format(**fill))
        if status != 200:
            continue
        parser = Forms()
        parser.feed(html.decode("utf-8", "replace"))
        for form in parser.forms:
            template = route_of(form["action"])
            if template and template not in found:
                found[template] = (form["action"], [(n, v) for n, v in form["fields"] if n != "csrf"])
    return found


def encode(pairs):
    return "&".join(f"{urllib.parse.quote(n, safe='[].#@-_')}={urllib.parse.quote(v, safe='')}" for n, v in pairs).encode()


def bodies(rng, token, form, max_body):
    """An endless supply of hostile bodies for a form (`form`: its real fields)."""
    t = f"csrf={token}".encode() if token else b""
    real = form or [("text", "x")]
    n = 0
    while True:
        n += 1
        kind = n % 16
        if kind == 0:
            # The real form with one field's value mutated.
            fields = list(real)
            i = rng.randrange(len(fields))
            fields[i] = (fields[i][0], rng.choice(ODD_VALUES))
            yield "mutated value", t + b"&" + encode(fields)
        elif kind == 1:
            # The real form with one field's name mutated into a path.
            fields = list(real)
            i = rng.randrange(len(fields))
            name = fields[i][0]
            fields[i] = (f"{name}.{rng.choice(HUGE)}.who", "x")
            yield "mutated name", t + b"&" + encode(fields)
        elif kind == 2:
            index = rng.choice(HUGE)
            yield "huge index", t + f"&contacts.{index}.who=x&actions.{index}.action%23=1&children-{index}-name=x".encode()
        elif kind == 3:
            depth = rng.choice([50, 1000, 5000])
            yield "deep name", t + b"&" + ("a." * depth).encode() + b"=x"
        elif kind == 4:
            yield "brackets", t + b"&" + (b"a" + b"[]" * rng.choice([10, 2000])) + b"=x"
        elif kind == 5:
            name = rng.choice([n for n, _ in real])
            yield "repeated field", t + (f"&{urllib.parse.quote(name)}=x" * rng.choice([2, 50, 3000])).encode()
        elif kind == 6:
            yield "too many fields", t + b"".join(f"&f{i}=x".encode() for i in range(rng.choice([201, 5000])))
        elif kind == 7:
            fields = list(real)
            i = rng.randrange(len(fields))
            fields[i] = (fields[i][0], "y" * rng.choice([10_000, 100_000, max_body // 2]))
            yield "long value", t + b"&" + encode(fields)
        elif kind == 8:
            yield "over the limit", t + b"&text=" + b"z" * (max_body + 10)
        elif kind == 9:
            yield "broken escapes", t + b"&" + rng.choice([b"%", b"%zz=%", b"text=%e0%a4%", b"%ff%fe=%c0%af", b"a%00b=1", b"=%%%"])
        elif kind == 10:
            yield "invalid UTF-8", t + b"&" + bytes(rng.randrange(0x80, 0x100) for _ in range(64)) + b"=" + bytes(rng.randrange(256) for _ in range(64))
        elif kind == 11:
            yield "random bytes", bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 4000])))
        elif kind == 12:
            yield "no token", encode(real)
        elif kind == 13:
            yield "another's token", b"csrf=" + bytes(rng.choice(b"0123456789abcdef") for _ in range(64)) + b"&" + encode(real)
        elif kind == 14:
            yield "empty", t
        else:
            name = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz.-_[]#@0123456789") for _ in range(rng.choice([1, 8, 64, 65, 300])))
            yield "random name", t + b"&" + urllib.parse.quote(name, safe=".-_[]#@").encode() + b"=" + urllib.parse.quote(rng.choice(ODD_VALUES)).encode()


BOUNDARY = "fuzzBoundary7MA4YWxkTrZu0gW"

FILES = [
    ("scan.pdf", b"%PDF-1.4\n% fuzz\n%%EOF\n"),
    ("scan.pdf", b"<html><script>alert(1)</script></html>"),
    ("scan.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    ("cut.jpg", b"\xff\xd8\xff\xe1\xff\xff" + b"\x00" * 64),
    ("bad.png", b"\x89PNG\r\n\x1a\n\xff\xff\xff\xffIDAT"),
    ("nul.pdf", b"\x00" * 100),
    ("", b""),
]


def part(name, value, filename=None, extra=b""):
    disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
    head = f"--{BOUNDARY}\r\nContent-Disposition: {disposition}\r\n".encode() + extra
    return head + b"\r\n" + value + b"\r\n"


def multipart_bodies(rng, token, form, max_body):
    """An endless supply of hostile multipart bodies for an upload form."""
    real = [(n, v) for n, v in (form or []) if n != "file"] or [("title", "x")]
    end = f"--{BOUNDARY}--\r\n".encode()
    t = part("csrf", token.encode()) if token else b""
    n = 0
    while True:
        n += 1
        kind = n % 12
        fields = b"".join(part(k, v.encode()) for k, v in real)
        name, data = rng.choice(FILES)
        if kind == 0:
            yield "a file", t + fields + part("file", data, name) + end
        elif kind == 1:
            mutated = list(real)
            i = rng.randrange(len(mutated))
            mutated[i] = (mutated[i][0], rng.choice(ODD_VALUES))
            yield "mutated field", t + b"".join(part(k, v.encode()) for k, v in mutated) + part("file", data, name) + end
        elif kind == 2:
            yield "file before the token", part("file", data, name) + t + fields + end
        elif kind == 3:
            yield "two files", t + fields + part("file", data, name) * 2 + end
        elif kind == 4:
            yield "many parts", t + part("title", b"x") * rng.choice([13, 500, 3000]) + end
        elif kind == 5:
            yield "long field", t + part("title", b"y" * rng.choice([3000, 100_000])) + end
        elif kind == 6:
            yield "no end", t + fields + part("file", data, name)[:-10]
        elif kind == 7:
            yield "random file", t + fields + part("file", bytes(rng.randrange(256) for _ in range(rng.choice([8, 4000]))), "x.pdf") + end
        elif kind == 8:
            yield "header flood", t + part("kind", b"x", extra=b"X-A: " + b"a" * rng.choice([1000, 60000]) + b"\r\n") + end
        elif kind == 9:
            yield "unnamed part", t + f"--{BOUNDARY}\r\nContent-Disposition: form-data\r\n\r\nx\r\n".encode() + end
        elif kind == 10:
            yield "invalid UTF-8", t + part("title", bytes(rng.randrange(0x80, 0x100) for _ in range(64))) + part("file", data, name) + end
        else:
            yield "random bytes", bytes(rng.randrange(256) for _ in range(rng.choice([1, 100, 4000])))


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--base", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--users", required=True, help="username:role,... signed in one after another")
    ap.add_argument("--password", required=True)
    ap.add_argument("--fill", required=True, help="name=value,... for the routes' path parameters")
    ap.add_argument("--per-route", type=int, default=200)
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--max-rss-mb", type=float, default=300.0)
    ap.add_argument("--max-body", type=int, default=262144)
    ap.add_argument("--seed", type=int, default=20261207)
    args = ap.parse_args()

    url = urllib.parse.urlparse(args.base)
    rng = random.Random(args.seed)
    fill = dict(kv.split("=", 1) for kv in args.fill.split(","))
    failures = []
    total = 0
    slowest = (0.0, "")
    statuses = {}
    rss_start = rss_mb(args.pid)
    rss_peak = rss_start

    def send(client, path, body, what, content_type="application/x-www-form-urlencoded"):
        nonlocal total, slowest, rss_peak
        status, headers, data, elapsed = client.request("POST", path, body, content_type)
        total += 1
        statuses[status] = statuses.get(status, 0) + 1
        if elapsed > slowest[0]:
            slowest = (elapsed, f"{path} ({what})")
        rss = rss_mb(args.pid)
        rss_peak = max(rss_peak, rss)
        if status >= 500:
            failures.append(f"{status} on {path} ({what}): {data[:200]!r}")
        if elapsed > args.max_seconds:
            failures.append(f"{elapsed:.2f} s on {path} ({what})")
        if rss > args.max_rss_mb:
            failures.append(f"resident memory {rss:.0f} MB after {path} ({what})")
        return status, headers

    # The sign-in form, without a session: its token is the sign-in cookie's.
    anonymous = Client(url.hostname, url.port, args.max_seconds * 10)
    anonymous.request("GET", "/")
    status, _, html, _ = anonymous.request("GET", "/")
    token = csrf_of(html)
    supply = bodies(rng, token, [("username", "nobody"), ("password", "x"), ("next", "/console/tasks")], args.max_body)
    for _ in range(args.per_route):
        what, body = next(supply)
        send(anonymous, "/console/sign-in", body, what)
    print(f"console fuzz: /console/sign-in, signed out: {args.per_route} bodies")
    for path, page in PUBLIC:
        real = []
        if page:
            status, _, html, _ = anonymous.request("GET", page)
            parser = Forms()
            parser.feed(html.decode("utf-8", "replace"))
            real = parser.forms[0]["fields"] if parser.forms else []
            parser = None
        path = path.format(token="".join(rng.choice("abcdef0123456789") for _ in range(64)))
        supply = bodies(rng, None, real, args.max_body)
        for _ in range(args.per_route):
            what, body = next(supply)
            send(anonymous, path, body, what)
        print(f"console fuzz: {path.split('/ack/')[0] or '/ack/…'}, public: {args.per_route} bodies")

    # The form that once took 10 GB, timed alone, before anything else has moved the case, as
    # the commune worker it was tried as.
    users = [u.split(":", 1) for u in args.users.split(",")]
    for username, role in users:
        if role != "commune_worker":
            continue
        client = Client(url.hostname, url.port, args.max_seconds * 10)
        token = sign_in(client, username, args.password)
        path = "/console/cases/{case}/steps/verification".format(**fill)
        before = rss_mb(args.pid)
        status, _, _, elapsed = client.request("POST", path, f"csrf={token}&contacts.18446744073709551615.who=x".encode())
        after = rss_mb(args.pid)
        total += 1
        print(f"console fuzz: contacts.18446744073709551615.who=x as {username}: {status} in {elapsed * 1000:.1f} ms; resident memory {before:.0f} MB before, {after:.0f} MB after")
        if status != 422:
            failures.append(f"the 10 GB form answered {status}, not 422")
        break

    for username, role in users:
        client = Client(url.hostname, url.port, args.max_seconds * 10)
        token = sign_in(client, username, args.password)
        forms = real_forms(client, fill)
        sent = 0
        for template in ROUTES:
            path = template.format(**fill)
            real = forms.get(template, (path, []))[1]
            multipart = template in MULTIPART
            supply = bodies(rng, token, real, args.max_body)
            upload = multipart_bodies(rng, token, real, args.max_body)
            for i in range(args.per_route):
                what, body = next(upload) if multipart and i % 2 else next(supply)
                content_type = f"multipart/form-data; boundary={BOUNDARY}" if multipart and i % 2 else "application/x-www-form-urlencoded"
                status, headers = send(client, path, body, what, content_type)
                sent += 1
                # Signed out (or the session ended): sign in again, carry on.
                location = headers.get("Location", "") if status == 303 else ""
                if location == "/" or location.startswith("/?next="):
                    token = sign_in(client, username, args.password)
                    supply = bodies(rng, token, real, args.max_body)
                    upload = multipart_bodies(rng, token, real, args.max_body)
        print(f"console fuzz: as {username} ({role}): {sent} bodies over {len(ROUTES)} routes")

    print(f"console fuzz: {total} requests; answers by status: {dict(sorted(statuses.items()))}")
    print(f"console fuzz: slowest answer {slowest[0] * 1000:.0f} ms ({slowest[1]}); resident memory {rss_start:.0f} MB at start, {rss_peak:.0f} MB at most (limit {args.max_rss_mb:.0f} MB)")
    if failures:
        print(f"console fuzz: FAILED, {len(failures)} problems:", file=sys.stderr)
        for f in failures[:40]:
            print("  " + f, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
