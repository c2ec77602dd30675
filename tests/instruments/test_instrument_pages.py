"""The navigator, the matrix, the instrument pages, the advisor page, the API and the admin."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from lxml import html

from kjopekraft.instruments.models import Instrument

pytestmark = pytest.mark.django_db

IN_PAGE = "https://www.innovasjonnorge.no/tjeneste/tilskudd-til-innovasjonskontrakter"
ADVICE = {"buyer_kind": "other", "type": "services", "value": "3000000", "exists_on_market": "no"}


def page(client: Client, url: str, **params: str) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return html.fromstring(response.content)


def cls(name: str) -> str:
    """An XPath test for an element with the class ``name``."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


CARDS = f"//ul[{cls('instrument-list')}]/li[{cls('card')}]"


def codes(tree: Any, xpath: str) -> set[str]:
    return {element.get("data-code") for element in tree.xpath(xpath)}


# -- the navigator -------------------------------------------------------------------------


def test_the_menu_links_to_the_navigator_and_the_advisor(client: Client) -> None:
    tree = page(client, "/")
    links = {a.get("href") for a in tree.xpath(f"//nav//ul[{cls('menu')}]//a")}
    assert {"/virkemidler/", "/anskaffelsesveileder/"} <= links


def test_the_navigator_lists_every_instrument(client: Client) -> None:
    tree = page(client, reverse("instruments:index"))
    assert codes(tree, CARDS) == set(Instrument.objects.values_list("code", flat=True))
    assert "Innovasjonskontrakter" in tree.text_content()


def test_filter_by_phase_and_role(client: Client) -> None:
    spreading = page(client, reverse("instruments:index"), phase="spreading")
    assert codes(spreading, CARDS) == set(
        Instrument.objects.filter(phases__code="spreading").values_list("code", flat=True)
    )
    suppliers = codes(page(client, reverse("instruments:index"), role="supplier"), CARDS)
    assert "effektkontrakter" in suppliers  # for both buyers and suppliers
    assert "dfo-veiledning" not in suppliers  # for buyers only
    both = codes(
        page(client, reverse("instruments:index"), phase="development", role="buyer"),
        CARDS,
    )
    assert both == set(
        Instrument.objects.filter(phases__code="development", audience__in=["buyer", "both"])
        .values_list("code", flat=True)
        .distinct()
    )


def test_an_unknown_filter_value_is_shown_as_an_error_and_filters_nothing(client: Client) -> None:
    tree = page(client, reverse("instruments:index"), phase="someday")
    assert tree.xpath("//*[@id='id_phase_error']")
    assert len(tree.xpath(CARDS)) == Instrument.objects.count()


@pytest.mark.parametrize(
    ("prefix", "name"),
    [
        ("", "Innovasjonskontrakter"),
        ("/nn", "Innovasjonskontraktar"),
        ("/en", "Innovation contracts"),
    ],
)
def test_names_follow_the_language(client: Client, prefix: str, name: str) -> None:
    tree = page(client, f"{prefix}/virkemidler/innovasjonskontrakter/")
    assert tree.xpath("//h1")[0].text_content() == name


# -- the matrix ----------------------------------------------------------------------------


def test_the_matrix_is_an_accessible_table(client: Client) -> None:
    tree = page(client, reverse("instruments:matrix"))
    (table,) = tree.xpath(f"//table[{cls('matrix')}]")
    assert table.xpath("caption")[0].text_content().strip()
    assert len(table.xpath("thead//th[@scope='col']")) == 2 + 7
    rows = table.xpath("tbody/tr")
    assert len(rows) == Instrument.objects.count()
    for row in rows:
        assert row.xpath("th[@scope='row']/a")
        assert len(row.xpath(f"td[{cls('cell')}]")) == 7
    # Each mark has a text alternative; the dot itself is hidden from screen readers.
    applies = table.xpath(f".//td[{cls('applies')}]")
    assert applies and all(cell.xpath(f"*[{cls('visually-hidden')}]") for cell in applies)
    ip = table.xpath(".//tr[@data-code='innovasjonspartnerskap']")[0]
    marked = {cell.get("data-phase") for cell in ip.xpath(f"td[{cls('applies')}]")}
    assert marked == {"dialogue", "competition", "development", "purchase"}


def test_the_matrix_filters_by_role_and_highlights_a_phase(client: Client) -> None:
    tree = page(client, reverse("instruments:matrix"), role="supplier", phase="dialogue")
    rows = codes(tree, f"//table[{cls('matrix')}]/tbody/tr")
    assert rows == set(
        Instrument.objects.filter(audience__in=["supplier", "both"]).values_list("code", flat=True)
    )
    highlighted = tree.xpath(f"//table[{cls('matrix')}]//*[{cls('highlight')}]")
    assert {cell.get("data-phase") for cell in highlighted} == {"dialogue"}
    assert len(highlighted) == 1 + len(rows)
    assert "highlight" not in page(client, reverse("instruments:matrix")).text_content().lower()
    # The phase links keep the role, so highlighting works without JavaScript.
    link = tree.xpath("//thead//a[@data-phase='need']")[0]
    assert link.get("href") == "?phase=need&role=supplier"


# -- the instrument page -------------------------------------------------------------------


def test_an_instrument_page_shows_conditions_with_sources_and_checks(client: Client) -> None:
    tree = page(client, reverse("instruments:detail", args=["innovasjonskontrakter"]))
    conditions = tree.xpath(f"//ol[{cls('conditions')}]/li")
    assert len(conditions) == 4
    unchecked = tree.xpath("//li[@data-verification='unchecked']")
    assert len(unchecked) == 1
    assert "50 %" in unchecked[0].text_content()
    assert unchecked[0].xpath(f"*[{cls('note')}]")
    assert "Innovasjon Norge" in unchecked[0].xpath(f"*[{cls('note')}]")[0].text_content()
    checked = tree.xpath("//li[@data-verification='white-paper']")
    assert all("Meld. St. 30" in li.text_content() for li in checked)
    assert tree.xpath(f"//a[@href='{IN_PAGE}']")


def test_an_ended_instrument_says_so(client: Client) -> None:
    tree = page(client, reverse("instruments:detail", args=["program-oppstart"]))
    assert tree.xpath(f"//p[{cls('notice')}]")


def test_an_unknown_instrument_is_404(client: Client) -> None:
    assert client.get("/virkemidler/finnes-ikke/").status_code == 404


# -- the advisor page ----------------------------------------------------------------------


def test_the_advisor_form_starts_empty(client: Client) -> None:
    tree = page(client, reverse("instruments:advisor"))
    assert tree.xpath(f"//form[{cls('advisor-form')} and @method='get']")
    assert not tree.xpath("//*[@id='svar']")
    assert not tree.xpath(f"//*[{cls('errorlist')}]")


def test_the_advisor_answers_on_the_server(client: Client) -> None:
    tree = page(client, reverse("instruments:advisor"), **ADVICE)
    (answer,) = tree.xpath("//*[@id='svar']")
    assert answer.get("data-regulation") == "foa"
    assert answer.get("data-regime") == "part-iii"
    statuses = {
        row.get("data-procedure"): row.get("data-status")
        for row in answer.xpath(".//tr[@data-procedure]")
    }
    assert statuses["neg-w-call"] == "allowed"
    assert statuses["innovation"] == "allowed"
    assert "FOA § 13-1 (2), § 13-2" in answer.text_content()
    assert "2024-03-14" in answer.text_content()
    assert "innovasjonspartnerskap" in codes(answer, f".//ul[{cls('fitting-instruments')}]/li")
    # The instrument that has ended is not advised.
    assert "program-oppstart" not in codes(answer, f".//ul[{cls('fitting-instruments')}]/li")


def test_the_answer_leads_on_to_a_need_in_the_programme(client: Client) -> None:
    body = client.get(reverse("instruments:advisor"), ADVICE).content.decode()
    (link,) = re.findall(r'href="([^"]*/program/[^"]*)"', body.split('id="svar"', 1)[1])[:1]
    assert link == reverse("programme:need_new")
    # Anonymous visitors are asked to sign in first; the page itself exists.
    response = client.get(link)
    assert response.status_code in {200, 302}
    if response.status_code == 302:
        assert reverse("accounts:login") in response["Location"]


def test_bad_input_is_shown_next_to_the_field(client: Client) -> None:
    tree = page(client, reverse("instruments:advisor"), **{**ADVICE, "value": "-5"})
    assert not tree.xpath("//*[@id='svar']")
    assert tree.xpath(f"//*[{cls('error-summary')}]")
    (value,) = tree.xpath("//*[@id='id_value']")
    assert value.get("aria-invalid") == "true"
    assert "id_value_error" in value.get("aria-describedby")
    assert tree.xpath("//*[@id='id_value_error']")


def test_a_date_before_the_first_period_is_an_error_on_the_date(client: Client) -> None:
    tree = page(client, reverse("instruments:advisor"), **{**ADVICE, "date": "2023-12-31"})
    assert tree.xpath("//*[@id='id_date_error']")
    assert "2024-03-14" in tree.xpath("//*[@id='id_date_error']")[0].text_content()


def test_the_advisor_in_english(client: Client) -> None:
    tree = page(client, "/en/anskaffelsesveileder/", **ADVICE)
    assert tree.get("lang") == "en"
    answer = tree.xpath("//*[@id='svar']")[0].text_content()
    assert "at or above the EEA threshold of NOK 2\xa0300\xa0000" in answer
    assert "Innovation contracts" in answer


# -- the admin -----------------------------------------------------------------------------


def test_advisers_may_edit_the_catalogue_in_the_admin(personas: dict[str, Any]) -> None:
    adviser = personas["adviser"]
    adviser.is_staff = True  # the admin lets only staff in at all
    adviser.save()
    client = Client()
    client.force_login(adviser)
    instrument = Instrument.objects.get(code="pilot-e")
    change = reverse("admin:instruments_instrument_change", args=[instrument.pk])
    response = client.get(change)
    assert response.status_code == 200
    assert "name_nn" in response.content.decode()
    assert client.get(reverse("admin:instruments_instrument_changelist")).status_code == 200

    outsider = personas["outsider"]
    outsider.is_staff = True
    outsider.save()
    client.force_login(outsider)
    assert client.get(change).status_code == 403
