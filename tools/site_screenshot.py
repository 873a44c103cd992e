"""Build the site and photograph its home page: the README's picture of the map.

Run: python tools/site_screenshot.py [--as-of 2026-12-01] [-o docs/site-map.png]

Needs Debian's chromium and chromium-driver and selenium (the test extra), as the browser tests do.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from wso_rules.cli import main as wso_rules

ROOT = Path(__file__).resolve().parent.parent


def photograph(page: Path, picture: Path, width: int = 1300, height: int = 1000) -> None:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    browser = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    try:
        browser.set_window_size(width, height)
        browser.get(page.as_uri())
        browser.save_screenshot(str(picture))
    finally:
        browser.quit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--as-of", default="2026-12-01", metavar="DATE")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs" / "site-map.png", metavar="PNG")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "site"
        if wso_rules(["site", "-o", str(site), "--as-of", args.as_of]) != 0:
            raise SystemExit("wso-rules site failed")
        photograph(site / "index.html", args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
