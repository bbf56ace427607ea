"""The review page in a real headless browser (Debian's chromium, driven by selenium): it opens
offline, a person picks a candidate, types a value and accepts a reading, saves, and the saved
corrections CSV names exactly those cells in the format `bulletin extract --corrections` reads."""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from bulletin.review.corrections import COLUMNS
from goldens import SAMPLES, read_csv, run_cli

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
pytestmark = pytest.mark.skipif(
    not (CHROMIUM.exists() and DRIVER.exists()),
    reason="Debian's chromium and chromium-driver are not installed (./dev installs them)",
)
PDF, SCAN = "wuhai-2021-56.pdf", "wuhai-2021-56-p3.png"
PRINTED, REGISTERED = "狮城小区", "狮城小区一期"  # the registry spells one community otherwise


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLES / PDF, folder)
    shutil.copy(SAMPLES / "scans" / SCAN, folder)
    registry = SAMPLES / "registry" / "wuhai.csv"
    text = registry.read_text(encoding="utf-8").replace(f",{PRINTED},", f",{REGISTERED},")
    (folder.parent / "registry.csv").write_text(text, encoding="utf-8")
    return folder


def _extract(inputs: Path, out: Path, *extra: str) -> None:
    # the highest review threshold puts every OCR read short of certain in review: values to correct
    run_cli("extract", str(inputs), "--out", str(out), "-q", "--review-confidence", "1",
         "--registry", str(inputs.parent / "registry.csv"), *extra)  # fmt: skip


@pytest.fixture(scope="module")
def out(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("out")
    _extract(inputs, target)
    run_cli("review", str(target), "--inputs", str(inputs))
    return target


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    downloads = tmp_path_factory.mktemp("downloads")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 f"--user-data-dir={tmp_path_factory.mktemp('profile')}"):  # fmt: skip
        options.add_argument(flag)
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
    })
    driver = webdriver.Chrome(options=options, service=Service(str(DRIVER)))
    driver.downloads = downloads  # type: ignore[attr-defined]
    yield driver
    driver.quit()


def _card(driver, source: str, kind: str, field: str, read: str):
    from selenium.webdriver.common.by import By

    for card in driver.find_elements(By.CSS_SELECTOR, "article.entry"):
        where = card.find_element(By.CSS_SELECTOR, ".where").text
        if (where.startswith(source) and card.find_element(By.CSS_SELECTOR, ".kind").text == kind
                and card.find_element(By.CSS_SELECTOR, ".field").text == field
                and card.get_attribute("data-read") == read):
            return card
    raise AssertionError(f"no card for {source} {kind} {field} {read}")


def _click(driver, element) -> None:
    """As a person does: scroll the control to the middle of the window, then click it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _saved(folder: Path) -> list[dict[str, str]]:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        done = [p for p in folder.glob("corrections*.csv")]
        if done and not list(folder.glob("*.crdownload")):
            with done[0].open(encoding="utf-8-sig", newline="") as fh:
                reader = csv.DictReader(fh)
                assert tuple(reader.fieldnames or ()) == COLUMNS
                return list(reader)
        time.sleep(0.1)
    raise AssertionError("the page saved no corrections.csv")


def _scan_value(out: Path, kind_field: str) -> dict:
    """A district value of the scan that is in review (read by OCR below the threshold)."""
    doc = json.loads((out / "json" / f"{SCAN}.json").read_text(encoding="utf-8"))
    for table in doc["tables"]:
        for d in table["districts"]:
            value = d["fields"].get(kind_field)
            if value and value["review"]:
                return {"district": d["name"], "table": table["index"], **value}
    raise AssertionError(f"no {kind_field} of the scan in review")


def _merged_status(out: Path) -> tuple[str, list[tuple[str, str, str]], dict]:
    """A `completed` cell of the scan in review, and the communities it covers."""
    doc = json.loads((out / "json" / f"{SCAN}.json").read_text(encoding="utf-8"))
    rows = [(d["name"], s["name"], c["name"], c["fields"]["completed"])
            for t in doc["tables"] for d in t["districts"] for s in d["streets"]
            for c in s["communities"] if "completed" in c["fields"]]  # fmt: skip
    value = next(v for *_, v in rows if v["review"] and v["spanned"])
    covered = [(d, s, c) for d, s, c, v in rows if v["box"] == value["box"]]
    return value["raw"], covered, value


def test_the_page_is_self_contained(out: Path) -> None:
    text = (out / "review.html").read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)|url\((https?:|//)""", text)
    review = read_csv(out / "review.csv")
    assert text.count("<article") == len(review) + len(read_csv(out / "findings.csv"))
    assert text.count("data:image/png;base64") >= len(review)  # a cut cell per review item


def test_a_person_corrects_values_and_saves_a_corrections_csv(out: Path, browser) -> None:
    from selenium.webdriver.common.by import By

    browser.get((out / "review.html").as_uri())
    assert "review items" in browser.find_element(By.TAG_NAME, "h1").find_element(
        By.XPATH, "..").text
    # a name the registry spells otherwise: pick the registry's candidate
    card = _card(browser, PDF, "match", "community", PRINTED)
    _click(browser, card.find_element(By.CSS_SELECTOR,
                                      f"button.candidate[data-value='{REGISTERED}']"))
    # a number read with low confidence: type what the paper says
    money = _scan_value(out, "completed_investment")
    card = _card(browser, SCAN, "low_confidence", "completed_investment", money["raw"])
    typed = card.find_element(By.CSS_SELECTOR, "input.typed")
    _click(browser, typed)
    typed.send_keys("1368.5")
    typed.send_keys("\t")
    # a status printed once for several communities: accept the reading
    status, covered, _ = _merged_status(out)
    card = next(c for c in browser.find_elements(By.CSS_SELECTOR, "article.entry")
                if c.get_attribute("data-read") == status
                and c.find_element(By.CSS_SELECTOR, ".field").text == "completed"
                and len(json.loads(c.get_attribute("data-targets"))) == len(covered))  # fmt: skip
    _click(browser, card.find_element(By.CSS_SELECTOR, "button.accept"))
    assert browser.find_element(By.ID, "count").text == "3 decisions"
    _click(browser, browser.find_element(By.ID, "save"))
    rows = _saved(browser.downloads)

    community = next(r for r in read_csv(out / "communities.csv")
                     if r["source"] == PDF and r["community_raw"] == PRINTED)  # fmt: skip
    want = [
        {"source": PDF, "table_index": community["table_index"], "district":
         community["district"], "street": community["street"], "community": PRINTED,
         "field": "community", "value": REGISTERED},
        {"source": SCAN, "table_index": str(money["table"]), "district": money["district"],
         "street": "", "community": "", "field": "completed_investment", "value": "1368.5"},
    ] + [
        {"source": SCAN, "table_index": "0", "district": d, "street": s, "community": c,
         "field": "completed", "value": status}
        for d, s, c in covered
    ]  # fmt: skip
    assert sorted(rows, key=lambda r: sorted(r.items())) == sorted(
        want, key=lambda r: sorted(r.items()))
    shutil.copy(next(browser.downloads.glob("corrections*.csv")), out.parent / "corrections.csv")


def test_the_saved_corrections_go_into_a_rerun(out: Path, inputs: Path, tmp_path: Path) -> None:
    if "--corrections" not in run_cli("extract", "--help"):
        pytest.skip("`bulletin extract --corrections` is not built yet (issue 12)")
    saved = out.parent / "corrections.csv"
    if not saved.is_file():
        pytest.skip("the browser test saved no corrections")
    _extract(inputs, tmp_path, "--corrections", str(saved))
    community = next(r for r in read_csv(tmp_path / "communities.csv")
                     if r["source"] == PDF and r["community_raw"] == PRINTED)  # fmt: skip
    assert community["community"] == REGISTERED and community["match_status"] == "exact"
    money = _scan_value(out, "completed_investment")
    (district,) = [r for r in read_csv(tmp_path / "districts.csv")
                   if r["source"] == SCAN and r["district"] == money["district"]]  # fmt: skip
    assert district["completed_investment"] == "1368.5"
    answered = {(r["file"], r["field"], r["read"]) for r in read_csv(tmp_path / "review.csv")}
    assert (PDF, "community", PRINTED) not in answered
    assert (SCAN, "completed_investment", money["raw"]) not in answered
