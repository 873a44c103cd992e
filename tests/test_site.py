"""`wso-rules site`: the static site, built as a user builds it, read from disk and in a real browser.

The browser tests drive Debian's chromium through chromedriver (selenium). They skip when the
browser is absent, except under CI=true, where a missing browser is a failure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wso_rules import Evaluator, gazetteer, load_library, national
from wso_rules.cli import main
from wso_rules.models import Profile
from wso_rules.site import topology
from wso_rules.site.build import build

AS_OF = "2026-12-01"
LA_SHERIFF = "us-ca-los-angeles-county-sheriff"
LA_CITATION = "Cal. Gov. Code § 7284.6(a)(1)(G)"
HOSTILE_NAME = "<script>window.pwned = 1</script> & <b>Sons</b>"


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, bundled profiles and every county's sheriff, built by the command."""
    folder = tmp_path_factory.mktemp("site") / "out"
    assert main(["site", "-o", str(folder), "--as-of", AS_OF]) == 0
    return folder


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    """A small site whose Los Angeles sheriff is named with markup, beside two generated sheriffs."""
    library = load_library()
    hostile = Profile.model_validate(
        {
            "id": "us-ca-hostile-sheriff",
            "agency": HOSTILE_NAME,
            "agency_kind": "sheriff",
            "state": "CA",
            "county": "Los Angeles",
            "county_fips": "06037",
            "operates_jail": True,
            "note": "<img src=x onerror=alert(1)>",
        }
    )
    sheriffs = national.sheriffs([gazetteer.by_fips("06037"), gazetteer.by_fips("13121")])
    folder = tmp_path_factory.mktemp("hostile") / "out"
    build(
        folder,
        library,
        Evaluator(library),
        [hostile, *sheriffs],
        {p.id for p in sheriffs},
        dt.date.fromisoformat(AS_OF),
        ["assume <i>this</i>"],
    )
    return folder


# --- geometry ---------------------------------------------------------------------------------


def test_the_map_has_one_shape_per_county_of_its_geography():
    shapes = topology.shapes("counties")
    codes = {s.fips for s in shapes}
    current = {c.fips for c in gazetteer.current()}
    assert len(shapes) == len(codes) == 3142
    # us-atlas is the 2017 geography: Valdez-Cordova (02261) was split in 2019 into 02063 and 02066
    assert codes - current == {"02261"}
    assert current - codes == {"02063", "02066"}
    assert len(topology.shapes("states")) == 51


def test_decoded_paths_span_exactly_the_bounding_box_the_file_declares():
    """The points (relative moves summed) of counties and states stay inside the TopoJSON's bbox and
    come within half a pixel of each edge (its simplification dropped Maine's easternmost point)."""
    xs, ys = [], []
    for shape in topology.shapes("counties") + topology.shapes("states"):
        for ring in re.findall(r"M[^M]+", shape.path):
            assert ring.endswith("z")
            numbers = [float(n) for n in re.findall(r"-?\d*\.?\d+", ring)]
            x, y = numbers[0], numbers[1]
            xs.append(x), ys.append(y)
            for dx, dy in zip(numbers[2::2], numbers[3::2]):
                x, y = x + dx, y + dy
                xs.append(x), ys.append(y)
    left, top, right, bottom = topology._topology()["bbox"]
    assert left - 0.05 <= min(xs) and top - 0.05 <= min(ys) and max(xs) <= right + 0.05 and max(ys) <= bottom + 0.05
    assert [min(xs), min(ys), max(xs), max(ys)] == pytest.approx([left, top, right, bottom], abs=0.5)


@given(st.integers(-100_000, 100_000))
def test_path_numbers_read_back_exactly(tenths):
    assert round(float(topology._number(tenths)) * 10) == tenths


# --- the built site, read from disk ------------------------------------------------------------


def test_site_holds_every_page_and_download(site):
    profiles = len(list(Path("jurisdictions").rglob("*.yaml")))
    pages = list((site / "agency").glob("*.html"))
    assert len(pages) >= 3143  # every county's sheriff (bundled where one is) and every other profile
    assert len(pages) <= 3143 + profiles
    library = load_library()
    assert {p.stem for p in (site / "law").glob("*.html")} == {law.id for law in library.laws}
    assert (site / "state" / "ca.html").is_file() and (site / "states.html").is_file()
    rows = json.loads((site / "data" / "verdicts.json").read_text(encoding="utf-8"))["rows"]
    assert len(rows) == len(pages) * len(library.program_ids)
    table = list(csv.DictReader(io.StringIO((site / "data" / "verdicts.csv").read_text(encoding="utf-8-sig"))))
    la = [r for r in table if r["agency_id"] == LA_SHERIFF and r["program"] == "wso"]
    assert la and la[0]["verdict"] == "prohibited" and LA_CITATION in la[0]["citations"]


def test_the_map_links_los_angeles_to_its_bundled_sheriff(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+)" data-fips="06037"[^>]*data-wso="([a-z]+)"', index)
    assert link and link.group(1) == f"agency/{LA_SHERIFF}.html" and link.group(2) == "prohibited"
    page = (site / link.group(1)).read_text(encoding="utf-8")
    assert LA_CITATION in page and 'id="timeline"' in page and 'id="agreements"' in page


def test_every_local_link_resolves_and_nothing_is_fetched_from_the_network(site):
    pages = [site / "index.html", site / "agencies.html", site / "laws.html", site / "state" / "ga.html"]
    pages += [site / "agency" / f"{LA_SHERIFF}.html", next((site / "law").glob("*.html"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', text), page
        for target in re.findall(r'(?:href|src)="([^"#]+)', text):
            if urlparse(target).scheme in ("http", "https", "data"):
                continue
            assert (page.parent / unquote(target)).exists(), (page, target)


def test_data_is_escaped_never_markup(hostile_site):
    page = (hostile_site / "agency" / "us-ca-hostile-sheriff.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img src=x" not in page and "<i>this</i>" not in page
    assert "&lt;script&gt;window.pwned = 1&lt;/script&gt; &amp; &lt;b&gt;Sons&lt;/b&gt;" in page
    for name in ("index.html", "agencies.html", "state/ca.html"):
        assert "<script>window.pwned" not in (hostile_site / name).read_text(encoding="utf-8")


def test_a_county_without_an_agency_has_no_verdict(hostile_site):
    index = (hostile_site / "index.html").read_text(encoding="utf-8")
    cook = re.search(r'<a href="([^"]+)" data-fips="17031"[^>]*>', index).group(0)
    assert "data-wso" not in cook and "WSO not evaluated" in cook and 'href="state/il.html#agencies"' in cook


def test_what_if_assumptions_are_stated_on_every_page(hostile_site):
    for page in [hostile_site / "index.html", hostile_site / "laws.html", *(hostile_site / "agency").glob("*.html")]:
        assert "assume &lt;i&gt;this&lt;/i&gt;" in page.read_text(encoding="utf-8"), page


def test_site_command_refuses_a_file_as_its_folder(tmp_path, capsys):
    target = tmp_path / "taken"
    target.write_text("x")
    assert main(["site", "-o", str(target)]) == 2
    assert "is a file" in capsys.readouterr().err


def test_progress_is_only_for_a_terminal(site, capsys):
    # the session build ran with captured (non-terminal) stderr; a terminal gets a progress line
    from wso_rules.site.build import tty_progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert tty_progress(io.StringIO()) is None
    stream = Terminal()
    show = tty_progress(stream)
    show(50, 100)
    show(100, 100)
    assert stream.getvalue() == "\rsite: 50/100 agencies\rsite: 100/100 agencies\n"


# --- in a real browser -------------------------------------------------------------------------


def _chromium(javascript: bool = True):
    """Headless chromium through chromedriver; skipped without them unless CI=true."""
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        webdriver = None
    if not (chromium and driver and webdriver):
        message = "the browser tests need chromium, chromium-driver (apt-get) and selenium (the test extra)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true: {message}")
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1300,1000"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    return webdriver.Chrome(options=options, service=Service(driver))


@pytest.fixture(scope="session")
def browser():
    session = _chromium()
    yield session
    session.quit()


def _open(browser, path: Path) -> None:
    """Load a page and wait until it has loaded (a session-wide browser under load can otherwise be
    asked about the page before the new one is in place)."""
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get("about:blank")
    browser.get(path.as_uri())
    WebDriverWait(browser, 60).until(
        lambda b: b.current_url == path.as_uri() and b.execute_script("return document.readyState") == "complete"
    )


def _errors(browser) -> list[dict]:
    return [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "ERROR")]


def _visible_rows(browser, table: str) -> list:
    return browser.execute_script(f"return [...document.querySelectorAll('#{table} tbody tr')].filter(r => !r.hidden)")


def test_map_in_a_browser_clicks_through_to_a_cited_report(site, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.set_window_size(1300, 1000)
    _open(browser, site / "index.html")
    shapes = browser.find_elements(By.CSS_SELECTOR, ".map .counties a")
    assert len(shapes) == 3142
    la = browser.find_element(By.CSS_SELECTOR, '.map a[data-fips="06037"]')
    assert browser.execute_script("return getComputedStyle(arguments[0].firstChild).fill", la) == "rgb(192, 57, 43)"
    browser.save_screenshot(str(tmp_path / "map.png"))
    assert (tmp_path / "map.png").stat().st_size > 10_000
    assert not _errors(browser)
    browser.execute_script("arguments[0].dispatchEvent(new MouseEvent('mousemove', {bubbles: true}))", la)
    assert browser.find_element(By.CSS_SELECTOR, ".tooltip").text == "Los Angeles County, CA: WSO prohibited"
    la.click()
    assert browser.current_url.endswith(f"/agency/{LA_SHERIFF}.html")
    summary = browser.find_element(By.CSS_SELECTOR, "main table")
    wso = summary.find_element(By.XPATH, ".//tr[td/a[@href='#wso']]")
    assert "prohibited" in wso.text.lower() and LA_CITATION in wso.text
    assert not _errors(browser)


def test_table_filters_sorts_and_searches_in_a_browser(site, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    _open(browser, site / "index.html")
    total = len(_visible_rows(browser, "county-table"))
    assert total == 3143
    Select(browser.find_element(By.CSS_SELECTOR, '[data-filter="state"]')).select_by_visible_text("CA")
    california = _visible_rows(browser, "county-table")
    assert len(california) == 58 and {r.get_attribute("data-state") for r in california} == {"CA"}
    Select(browser.find_element(By.CSS_SELECTOR, '[data-filter="state"]')).select_by_index(0)
    Select(browser.find_element(By.CSS_SELECTOR, '[data-filter="verdict"]')).select_by_visible_text("prohibited")
    prohibited = _visible_rows(browser, "county-table")
    assert 0 < len(prohibited) < total and {r.get_attribute("data-wso") for r in prohibited} == {"prohibited"}
    search = browser.find_element(By.CSS_SELECTOR, '[data-filter="search"]')
    search.send_keys("los angeles")
    assert [r.find_element(By.TAG_NAME, "a").text for r in _visible_rows(browser, "county-table")] == [
        "Los Angeles County Sheriff's Department"
    ]
    assert browser.find_element(By.CSS_SELECTOR, "[data-count]").text == f"1 of {total}"
    search.clear()
    Select(browser.find_element(By.CSS_SELECTOR, '[data-filter="verdict"]')).select_by_index(0)
    header = browser.find_element(By.XPATH, "//table[@id='county-table']//th[2]")
    header.find_element(By.TAG_NAME, "button").click()
    header.find_element(By.TAG_NAME, "button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert _visible_rows(browser, "county-table")[0].get_attribute("data-state") == "WY"
    browser.find_element(By.XPATH, "//table[@id='county-table']//th[5]/button").click()  # WSO, by precedence
    assert _visible_rows(browser, "county-table")[0].get_attribute("data-wso") == "prohibited"
    assert _visible_rows(browser, "county-table")[-1].get_attribute("data-wso") == "permitted"
    offset = browser.execute_script(
        "const wrap = document.querySelector('#county-table').parentElement; wrap.scrollTop = 5000;"
        "return document.querySelector('#county-table th').getBoundingClientRect().top"
        " - wrap.getBoundingClientRect().top"
    )
    assert abs(offset) <= 2  # the sticky header stays at the top of the scrolled table
    assert not _errors(browser)


def test_program_switch_and_keyboard_focus_in_a_browser(site, browser):
    from selenium.webdriver.common.by import By

    _open(browser, site / "index.html")
    legends = browser.find_elements(By.CSS_SELECTOR, ".legend .for-program")
    assert [legend.is_displayed() for legend in legends] == [True, False, False]
    browser.find_element(By.ID, "program-jem").click()
    assert [legend.is_displayed() for legend in legends] == [False, True, False]
    from selenium.webdriver.common.keys import Keys

    browser.switch_to.active_element.send_keys(Keys.TAB)  # from the switch: the skip link, then the counties
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    browser.switch_to.active_element.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("data-fips") == topology.shapes("counties")[0].fips
    county = browser.find_element(By.CSS_SELECTOR, '.map a[data-fips="13121"]')
    browser.execute_script("arguments[0].focus()", county)
    assert browser.switch_to.active_element == county
    assert county.get_attribute("aria-label").startswith("Fulton County, GA: WSO ")
    assert browser.find_element(By.CSS_SELECTOR, ".tooltip").text.startswith("Fulton County, GA: JEM ")
    assert not _errors(browser)


def test_pages_fit_a_phone_in_a_browser(site, browser, tmp_path):
    browser.set_window_size(390, 844)
    try:
        for page in ("index.html", f"agency/{LA_SHERIFF}.html", "state/ca.html"):
            _open(browser, site / page)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            assert width <= 390, (page, width)
        browser.save_screenshot(str(tmp_path / "phone.png"))
    finally:
        browser.set_window_size(1300, 1000)


def test_hostile_names_stay_text_in_a_browser(hostile_site, browser):
    from selenium.webdriver.common.by import By

    _open(browser, hostile_site / "agency" / "us-ca-hostile-sheriff.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == HOSTILE_NAME
    assert browser.execute_script("return window.pwned === undefined")
    _open(browser, hostile_site / "index.html")
    assert browser.execute_script("return window.pwned === undefined")
    assert not _errors(browser)


def test_law_and_state_pages_show_provisions_surveys_and_the_agencies_decided(site):
    law = (site / "law" / "ca-values-act.html").read_text(encoding="utf-8")
    assert LA_CITATION in law and "Verified against" in law
    assert f'href="../agency/{LA_SHERIFF}.html"' in law  # among the agencies it decides
    georgia = (site / "state" / "ga.html").read_text(encoding="utf-8")
    assert "ga-local-survey" in georgia and "https://dailyvoice.com/" in georgia
    assert 'href="../law/ga-36-80-23-sanctuary-ban.html"' in georgia


def test_the_split_alaska_area_links_to_both_successors(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    shape = re.search(r'<a href="([^"]+)" data-fips="02261"[^>]*>', index)
    assert shape.group(1) == "state/ak.html#agencies"
    assert (
        "Valdez-Cordova Census Area (since 2019: Chugach Census Area and Copper River Census Area), AK"
        in shape.group(0)
    )
    alaska = (site / "state" / "ak.html").read_text(encoding="utf-8")
    assert 'id="agencies"' in alaska
    assert "agency/us-ak-02063-sheriff.html" in alaska and "agency/us-ak-02066-sheriff.html" in alaska


def test_map_and_program_switch_work_without_javascript(site):
    browser = _chromium(javascript=False)  # skips (or, under CI, fails) before selenium is imported
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    try:
        _open(browser, site / "index.html")
        la = browser.find_element(By.CSS_SELECTOR, '.map a[data-fips="06037"]')
        ActionChains(browser).move_to_element(la).perform()
        assert not browser.find_element(By.CSS_SELECTOR, ".tooltip").is_displayed()  # site.js did not run
        assert la.find_element(By.TAG_NAME, "path").value_of_css_property("fill") == "rgb(192, 57, 43)"
        legends = browser.find_elements(By.CSS_SELECTOR, ".legend .for-program")
        browser.find_element(By.ID, "program-tfm").click()
        assert [legend.is_displayed() for legend in legends] == [False, False, True]
    finally:
        browser.quit()
