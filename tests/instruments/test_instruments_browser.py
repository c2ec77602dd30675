"""The navigator and the advisor in a real browser, with an accessibility scan on every page.

Elements are found by their ids and data attributes rather than by their visible text, so the
test holds whether or not the bokmål translations are compiled.
"""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import serious_violations

from kjopekraft.instruments.catalogue import load_catalogue
from kjopekraft.instruments.models import Condition, Instrument, Phase

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def catalogue() -> None:
    """Transactional tests start from an emptied database: load the catalogue again."""
    load_catalogue(Instrument, Phase, Condition)


def test_navigate_filter_and_open_an_instrument(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    page.locator("nav .menu a[href='/virkemidler/']").click()
    page.wait_for_url(live_server.url + "/virkemidler/")
    assert page.locator(".instrument-list li.card").count() == Instrument.objects.count()
    assert serious_violations(page) == []

    page.locator("#id_phase").select_option("spreading")
    page.locator("form.filters button[type=submit]").click()
    page.wait_for_url("**/virkemidler/?phase=spreading*")
    expected = Instrument.objects.filter(phases__code="spreading").count()
    assert page.locator(".instrument-list li.card").count() == expected

    page.locator(".instrument-list li.card[data-code='markedsplass-skytjenester'] h2 a").click()
    page.wait_for_url(live_server.url + "/virkemidler/markedsplass-skytjenester/")
    assert page.locator("h1").inner_text() == "Markedsplassen for skytjenester"
    assert page.locator("ol.conditions li").count() == 2
    assert serious_violations(page) == []


def test_the_matrix_highlights_a_phase_with_and_without_javascript(
    live_server: Any, browser: Any, page: Any
) -> None:
    page.goto(live_server.url + "/virkemidler/matrise/")
    assert page.locator("table.matrix caption").is_visible()
    assert serious_violations(page) == []
    page.locator("thead a[data-phase='purchase']").click()
    assert page.locator("thead th.highlight").get_attribute("data-phase") == "purchase"
    assert page.url.endswith("phase=purchase")
    assert page.locator("#matrix-highlight").inner_text().strip()
    assert serious_violations(page) == []

    context = browser.new_context(java_script_enabled=False)
    plain = context.new_page()
    plain.goto(live_server.url + "/virkemidler/matrise/")
    plain.locator("#id_role").select_option("supplier")
    plain.locator("form.filters button[type=submit]").click()
    plain.wait_for_url("**role=supplier*")
    suppliers = Instrument.objects.filter(audience__in=["supplier", "both"]).count()
    assert plain.locator("table.matrix tbody tr").count() == suppliers
    # The phase links keep the role: the server highlights the column.
    plain.locator("thead a[data-phase='dialogue']").click()
    plain.wait_for_url("**phase=dialogue&role=supplier")
    assert plain.locator("thead th.highlight").get_attribute("data-phase") == "dialogue"
    assert plain.locator("table.matrix tbody tr").count() == suppliers
    context.close()


def test_the_advisor_answers_and_shows_errors_by_the_fields(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/anskaffelsesveileder/")
    assert serious_violations(page) == []

    # A value below zero is refused next to the field, and nothing is answered.
    page.locator("#id_buyer_kind_1").check()  # another public buyer
    page.locator("#id_type_1").check()  # services
    page.locator("#id_value").fill("-100")
    page.locator("form.advisor-form button[type=submit]").click()
    page.wait_for_url("**value=-100*")
    assert page.locator("#id_value_error").is_visible()
    assert page.locator("#svar").count() == 0
    assert serious_violations(page) == []

    # A municipality buys a service worth 3 million that the market does not have yet.
    page.locator("#id_value").fill("3000000")
    page.locator("#id_exists_on_market_1").check()  # no
    page.locator("#id_needs_development_0").check()  # yes
    page.locator("form.advisor-form button[type=submit]").click()
    page.wait_for_url("**value=3000000*")
    answer = page.locator("#svar")
    assert answer.is_visible()
    assert answer.get_attribute("data-regime") == "part-iii"
    assert answer.locator("tr[data-procedure='innovation']").get_attribute("data-status") == (
        "allowed"
    )
    assert answer.locator("tr[data-procedure='neg-w-call']").get_attribute("data-status") == (
        "allowed"
    )
    assert answer.locator(".fitting-instruments li[data-code='innovasjonspartnerskap']").count()
    assert serious_violations(page) == []

    # The same question in nynorsk keeps the answers and names the instruments in nynorsk.
    page.goto(page.url.replace("/anskaffelsesveileder/", "/nn/anskaffelsesveileder/"))
    assert page.locator("html").get_attribute("lang") == "nn"
    names = page.locator(".fitting-instruments li[data-code='innovasjonskontrakter'] a")
    assert names.inner_text() == "Innovasjonskontraktar"
    assert serious_violations(page) == []
