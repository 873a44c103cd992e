"""Regenerate wso_rules/data/counties.csv, the national gazetteer, from the Census county list
shipped in the `addfips` package (its data/counties_2020.csv and data/states.csv).

    pip download addfips==0.4.2 --no-deps -d /tmp/addfips
    python tools/build_gazetteer.py /tmp/addfips/addfips-0.4.2-py3-none-any.whl

addfips's 2020 file keeps a few former names next to current ones (aliases here), still lists two
entities gone before 2020 (kept as `former`), and lacks Alaska's Chugach Census Area (2019) and
Connecticut's planning regions (2022); those are added below from the Census FIPS codes.
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

OUTPUT = Path(__file__).resolve().parent.parent / "wso_rules" / "data" / "counties.csv"

ALIASES = {
    ("02158", "Wade Hampton Census Area"),  # renamed Kusilvak Census Area in 2015
    ("02195", "Petersburg Census Area"),  # became Petersburg Borough in 2013
    ("46102", "Shannon County"),  # renamed Oglala Lakota County in 2015
    ("11001", "Washington"),  # the District of Columbia's city name
    ("36005", "the Bronx Borough"),
    ("36047", "Brooklyn Borough"),
    ("36061", "Manhattan Borough"),
    ("36085", "Staten Island Borough"),
}
FORMER = {"02261", "51515"}  # Valdez-Cordova Census Area (split 2019), Bedford city (merged 2013)
ADDED = [
    ("AK", "02063", "Chugach Census Area", "2020"),
    ("CT", "09110", "Capitol Planning Region", "2022"),
    ("CT", "09120", "Greater Bridgeport Planning Region", "2022"),
    ("CT", "09130", "Lower Connecticut River Valley Planning Region", "2022"),
    ("CT", "09140", "Naugatuck Valley Planning Region", "2022"),
    ("CT", "09150", "Northeastern Connecticut Planning Region", "2022"),
    ("CT", "09160", "Northwest Hills Planning Region", "2022"),
    ("CT", "09170", "South Central Connecticut Planning Region", "2022"),
    ("CT", "09180", "Southeastern Connecticut Planning Region", "2022"),
    ("CT", "09190", "Western Connecticut Planning Region", "2022"),
]
KINDS = [
    (" City and Borough", "city_and_borough"),
    (" Census Area", "census_area"),
    (" Planning Region", "planning_region"),
    (" Municipality", "municipality"),
    (" Borough", "borough"),
    (" Parish", "parish"),
    (" County", "county"),
    (" city", "independent_city"),
]
HEADER = ["state", "fips", "name", "kind", "geography"]
STATE_FIPS_LIMIT = "57"
"""State FIPS codes below 57 are the 50 states and DC; the territories are out of the library's scope."""


def kind_of(name: str) -> str:
    if name == "District of Columbia":
        return "district"
    return next((kind for suffix, kind in KINDS if name.endswith(suffix)), "county_equivalent")


def read(archive: Path, member: str) -> list[dict[str, str]]:
    with zipfile.ZipFile(archive) as wheel:
        return list(csv.DictReader(io.TextIOWrapper(wheel.open(f"addfips/data/{member}"), encoding="utf-8")))


def rows(archive: Path) -> list[list[str]]:
    postal = {s["fips"]: s["postal"] for s in read(archive, "states.csv")}
    built = []
    for county in read(archive, "counties_2020.csv"):
        if county["statefp"] >= STATE_FIPS_LIMIT:
            continue
        fips, name = county["statefp"] + county["countyfp"], county["name"]
        geography = "alias" if (fips, name) in ALIASES else "former" if fips in FORMER else "2020"
        built.append([postal[county["statefp"]], fips, name, kind_of(name), geography])
    built += [[state, fips, name, kind_of(name), geography] for state, fips, name, geography in ADDED]
    return sorted(built, key=lambda row: (row[1], row[4] == "alias", row[2]))


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    table = rows(Path(argv[0]))
    current = sum(row[4] == "2020" for row in table)
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(table)
    print(f"wrote {OUTPUT}: {current} counties and equivalents of the 2020 geography, {len(table)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
