#!/usr/bin/env python3
"""Writes the pictures the document tests upload: a phone photo of a paper as a phone leaves
it, with EXIF that says where it was taken (GPS), a camera, and a comment; and the same as a
PNG with an eXIf chunk and a text chunk. Run from the repository with ImageMagick's `convert`:
    python3 tests/support/document_fixtures.py
"""
import os
import struct
import subprocess
import tempfile
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "documents")


def rational(n, d=1):
    return struct.pack(">II", n, d)


def tiff_with_gps():
    """A big-endian TIFF block: IFD0 (Make, GPS pointer), then the GPS IFD (Huế)."""
    make = b"CanaryPhone\0"
    # Layout: header 8, IFD0 at 8 (2 entries: 2 + 24 + 4 = 30), GPS IFD at 38 (4 entries: 2 +
    # 48 + 4 = 54), data at 92.
    ifd0_at, gps_at, data_at = 8, 38, 92
    make_at = data_at
    lat_at = make_at + len(make)
    lon_at = lat_at + 24
    head = b"MM\0*" + struct.pack(">I", ifd0_at)
    ifd0 = struct.pack(">H", 2)
    ifd0 += struct.pack(">HHII", 0x010F, 2, len(make), make_at)
    ifd0 += struct.pack(">HHII", 0x8825, 4, 1, gps_at)
    ifd0 += struct.pack(">I", 0)
    gps = struct.pack(">H", 4)
    gps += struct.pack(">HHI", 0x0001, 2, 2) + b"N\0\0\0"
    gps += struct.pack(">HHII", 0x0002, 5, 3, lat_at)
    gps += struct.pack(">HHI", 0x0003, 2, 2) + b"E\0\0\0"
    gps += struct.pack(">HHII", 0x0004, 5, 3, lon_at)
    gps += struct.pack(">I", 0)
    data = make + rational(16) + rational(27) + rational(4919, 100)
    data += rational(107) + rational(35) + rational(2727, 100)
    block = head + ifd0 + gps + data
    assert len(head + ifd0) == gps_at and len(head + ifd0 + gps) == data_at
    return block


def jpeg():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "paper.jpg")
        subprocess.run(["/usr/bin/convert", "-size", "48x64", "xc:#f4f1ea", "-strip", path], check=True)
        plain = open(path, "rb").read()
    exif = b"Exif\0\0" + tiff_with_gps()
    app1 = b"\xff\xe1" + struct.pack(">H", len(exif) + 2) + exif
    comment = b"Nha so 5 ngo 12 Hue"
    com = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    assert plain[:2] == b"\xff\xd8"
    return plain[:2] + app1 + com + plain[2:]


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png():
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "paper.png")
        subprocess.run(["/usr/bin/convert", "-size", "48x64", "xc:#f4f1ea", "-strip", path], check=True)
        plain = open(path, "rb").read()
    # After the signature (8) and IHDR (8 + 13 + 4).
    at = 8 + 25
    extra = png_chunk(b"eXIf", tiff_with_gps()) + png_chunk(b"tEXt", b"Comment\0Nha so 5 ngo 12 Hue")
    return plain[:at] + extra + plain[at:]


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    open(os.path.join(OUT, "photo-with-gps.jpg"), "wb").write(jpeg())
    open(os.path.join(OUT, "photo-with-gps.png"), "wb").write(png())
