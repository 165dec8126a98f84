#!/usr/bin/env python3
"""A past register of N rows for `hotline import cases`, and its mapping: DIR/so-dang-ky.csv
and DIR/map.toml. Rows are received over 2021 and 2022 in two Huế wards, three of four closed.

    python3 bench/register.py 10000 /tmp/register
"""
import os
import sys

# The register's mapping, shared with the import test.
MAPPING = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "import", "map.toml")


def row(n):
    year, month, day = 2021 + n % 2, 1 + n % 12, 1 + n % 28
    commune = ["Thuận An", "Phường Dương Nỗ", "19900"][n % 3]
    category = ["Xâm hại tình dục", "Sao nhãng", "Bạo lực thể chất; Bỏ rơi"][n % 3]
    if n % 4 == 0:
        status, closed = "Đang xác minh", ""
    else:
        status, closed = "Đã đóng", f"{min(day + 1, 28):02}/{month:02}/{year}"
    sex = ["Nữ", "Nam"][n % 2]
    return f'{n},{day:02}/{month:02}/{year},{commune},"{category}",{status},{closed},Trẻ Số {n},{2008 + n % 10},{sex}\n'


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    count, folder = int(sys.argv[1]), sys.argv[2]
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "so-dang-ky.csv"), "w", encoding="utf-8") as out:
        out.write("Số TT,Ngày tiếp nhận,Xã/phường,Loại xâm hại,Tình trạng,Ngày kết thúc,Họ tên trẻ,Năm sinh,Giới tính\n")
        for n in range(1, count + 1):
            out.write(row(n))
    with open(MAPPING, encoding="utf-8") as mapping:
        with open(os.path.join(folder, "map.toml"), "w", encoding="utf-8") as out:
            out.write(mapping.read())
    print(f"{count} rows in {folder}/so-dang-ky.csv, mapping {folder}/map.toml")


if __name__ == "__main__":
    main()
