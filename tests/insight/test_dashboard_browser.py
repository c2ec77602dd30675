"""The dashboard in a real browser: charts, a filter, a CSV download, and an accessibility scan."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from accessibility import serious_violations

from kjopekraft.notices.ingest import ingest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
NOTICES = [ROOT / "data" / "notices" / "doffin-eforms", ROOT / "data" / "notices" / "ted-eforms"]


def test_dashboard_filter_and_csv(live_server: Any, page: Any, tmp_path: Path) -> None:
    # Transactional tests start from an empty database: take real notices in first.
    ingest(NOTICES)

    page.goto(live_server.url + "/innsikt/")
    assert page.locator("html").get_attribute("lang") == "nb"
    charts = page.get_by_role("img")
    assert charts.count() >= 8
    # Each chart is named by its title and described in words.
    first = page.locator("svg.insight-svg").first
    assert page.locator("#" + first.get_attribute("aria-labelledby").split()[0]).count() == 1
    assert page.locator("table.insight-table").count() == charts.count()
    assert page.get_by_role("link", name="Innsikt").get_attribute("aria-current") == "page"
    assert serious_violations(page) == []

    # Break the figures down by source, with the form (no JavaScript needed).
    page.locator("select[name=by]").select_option("source")
    page.locator("select[name=source]").select_option("doffin")
    page.locator("form.insight-filters button[type=submit]").click()
    page.wait_for_url("**/innsikt/?by=source*source=doffin")
    table = page.locator("table.insight-table").first
    assert table.get_by_role("rowheader").all_inner_texts() == ["Doffin"]
    assert serious_violations(page) == []

    with page.expect_download() as info:
        page.locator("a[href*='innovation-procedures.csv']").click()
    download = info.value
    assert download.suggested_filename == "kjopekraft-innovation-procedures-by-source.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["indicator"], r["source"]) for r in rows] == [
        ("innovation_procedure_share", "doffin")
    ]
    assert int(rows[0]["denominator"]) > 0


def test_dashboard_in_english_and_on_a_small_screen(
    live_server: Any, page: Any, browser: Any
) -> None:
    ingest(NOTICES[1:])
    page.goto(live_server.url + "/en/innsikt/?by=year")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Insight: innovative, green and social procurement"
    )
    assert serious_violations(page) == []

    context = browser.new_context(viewport={"width": 360, "height": 740})
    small = context.new_page()
    small.goto(live_server.url + "/innsikt/?by=county")
    width = small.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 360, "the dashboard scrolls sideways on a small screen"
