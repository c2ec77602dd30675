"""The dashboard at /innsikt/: charts with tables, filters, CSV, and what the data covers."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from indicator_fixture import load

from kjopekraft.insight.charts import bar_chart, nice_maximum, tick_count
from kjopekraft.insight.dashboard import PANELS

pytestmark = pytest.mark.django_db


@pytest.fixture
def six(db: None) -> None:
    load()


def test_without_notices_the_page_says_so(client: Client) -> None:
    response = client.get("/en/innsikt/")
    assert response.status_code == 200
    assert "No notices have been taken in yet" in response.content.decode()
    assert "<svg" not in response.content.decode()


def test_every_chart_is_an_image_with_a_text_alternative_and_a_table(
    six: None, client: Client
) -> None:
    html = client.get("/en/innsikt/").content.decode()
    charts = re.findall(r'<svg class="insight-svg" role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == len(PANELS) == html.count("<table")
    for labelled_by in charts:
        for part in labelled_by.split():
            assert f'id="{part}"' in html
    assert len(re.findall(r'href="/en/innsikt/[a-z-]+\.csv"', html)) == len(PANELS)
    # One procedure set, all competitions: the innovation partnership share of 2 of 4.
    assert "50.0\u00a0%" in html
    assert "(2 of 4)" in html


def test_the_innovation_levels_beside_the_keyword_count(six: None, client: Client) -> None:
    html = client.get("/en/innsikt/").content.decode()
    section = html.split('id="innovation-levels-heading"')[1].split("</section>")[0]
    headers = re.findall(r'<th scope="col" class="number">([^<]+)</th>', section)
    assert headers == ["Declared", "Procedure", "Indicative", "Keyword in the text"]
    # P1, P5 procedural; P2 indicative; P1, P3 with a keyword: of 4 competitions.
    shares = re.findall(r"(\d+\.\d)\u00a0% <span", section)
    assert shares == ["0.0", "50.0", "25.0", "50.0"]


def test_coverage_names_sources_years_and_the_stratified_sample(six: None, client: Client) -> None:
    html = client.get("/en/innsikt/").content.decode()
    assert "6 procedures, of which 4 competitions, counted in the years 2022–2024" in html
    assert "6 notices published on Doffin and 4 published on TED" in html
    assert "2 of the TED notices are in the legacy TED XML format" in html
    assert "stratified sample" in html
    assert "2 procedures have a buyer outside Norway" in html


def test_a_breakdown_and_years_filter_the_charts(six: None, client: Client) -> None:
    html = client.get("/en/innsikt/?by=county&from=2023&to=2024").content.decode()
    section = html.split('id="innovation-procedures-heading"')[1].split("</section>")[0]
    rows = re.findall(r'<th scope="row">([^<]+)</th>', section)
    # 2023-2024: P1, P2 in Rogaland, P4 in Oslo, P3 abroad; P5 (2022, Vestland) is out.
    assert rows == ["Oslo", "Rogaland", "Outside Norway"]
    assert '<option value="county" selected>' in html
    assert 'href="/en/innsikt/innovation-procedures.csv?by=county&amp;from=2023&amp;to=2024"' in (
        html
    )


def test_bokmal_and_nynorsk_pages(six: None, client: Client) -> None:
    for path, lang in (("/innsikt/", "nb"), ("/nn/innsikt/", "nn")):
        response = client.get(path)
        assert response.status_code == 200
        assert f'<html lang="{lang}">' in response.content.decode()
        assert "50,0\u00a0%" in response.content.decode()  # a decimal comma


def test_csv_of_a_chart(six: None, client: Client) -> None:
    response = client.get("/innsikt/winners.csv?by=year&source=doffin")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "kjopekraft-winners-by-year.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows[0].keys() == {"indicator", "year", "level", "numerator", "denominator", "value"}
    found = {(r["indicator"], r["year"]): (r["numerator"], r["denominator"]) for r in rows}
    # Doffin: P5 in 2022 has no winners; in 2023 P1 small, large and P4 large.
    assert found[("sme_winner_share", "2023")] == ("1", "3")
    assert found[("young_winner_share", "2023")] == ("1", "1")
    assert found[("sme_winner_share", "2022")] == ("0", "0")
    levels = client.get("/innsikt/green.csv").content.decode().splitlines()
    assert levels == [
        "indicator,level,numerator,denominator,value",
        "green_share,declared,1,4,0.25",
        "green_share,criteria,1,4,0.25",
        "green_share,text,1,4,0.25",
    ]


def test_bad_filters_are_told_and_unknown_charts_are_not_found(six: None, client: Client) -> None:
    response = client.get("/en/innsikt/?by=colour&from=2024&to=2022")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert client.get("/innsikt/green.csv?from=1066").status_code == 400
    assert client.get("/innsikt/nothing.csv").status_code == 404


def test_chart_geometry() -> None:
    assert [nice_maximum(v) for v in (0, 0.004, 0.013, 0.024, 0.07, 5.47)] == [
        1.0,
        0.005,
        0.02,
        0.025,
        0.1,
        10,
    ]
    assert (tick_count(0.02), tick_count(0.05)) == (4, 5)
    chart = bar_chart(["a", "b"], [[0.5, None], [1.0, 0.25]], str, maximum=1.0)
    first, second = chart.rows
    assert first.bars[0].width == chart.plot_width / 2
    assert first.bars[1].width == 0 and first.bars[1].text == "None"
    assert second.bars[0].width == chart.plot_width
    assert second.bars[0].y > first.bars[1].y
    assert [t.text for t in chart.ticks] == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"]


def test_every_breakdown_has_readable_group_names(six: None, client: Client) -> None:
    expected = {
        "year": ["2022", "2023", "2024"],
        "source": ["Doffin", "TED"],
        "buyer_kind": ["County", "Municipality", "Public enterprise", "State body"],
        "municipality_size": [
            "100,000 inhabitants or more",
            "Under 5,000 inhabitants",
            "Outside Norway",
            "Unknown",
        ],
        "county": ["Oslo", "Rogaland", "Vestland", "Outside Norway"],
        "cpv_division": ["CPV 33", "CPV 45", "CPV 50", "CPV 60", "CPV 72", "CPV 79"],
        "procedure_type": [
            "Competitive dialogue",
            "Innovation partnership",
            "Negotiated without a call for competition",
            "Open procedure",
            "Restricted procedure",
        ],
        "value_band": [
            "NOK 1.3 to 2.3 million",
            "NOK 100,000 to 1.3 million",
            "NOK 2.3 to 57.8 million",
            "Unknown",
        ],
    }
    for key, groups in expected.items():
        html = client.get(f"/en/innsikt/?by={key}").content.decode()
        section = html.split('id="winners-heading"')[1].split("</section>")[0]
        assert re.findall(r'<th scope="row">([^<]+)</th>', section) == groups, key


@pytest.mark.django_db
def test_the_dashboard_offers_the_open_data_downloads(client: Client) -> None:
    body = client.get("/innsikt/").content.decode()
    for kind in ("csv", "parquet", "ocds"):
        assert f'href="/kunngjoringer/eksport/{kind}/"' in body
    assert "NLOD 2.0" in body
