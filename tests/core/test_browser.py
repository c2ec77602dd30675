"""The pages in a real browser: languages, sign-up, sign-in, and an accessibility scan."""

from __future__ import annotations

from typing import Any

import pytest
from accessibility import serious_violations

from kjopekraft.core.demo import DEMO_PASSWORD, load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_three_languages_via_the_switcher(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert (
        page.get_by_role("heading", level=1).inner_text() == "Offentlig kjøpekraft for innovasjon"
    )

    page.get_by_role("link", name="Nynorsk").click()
    page.wait_for_url(live_server.url + "/nn/")
    assert page.locator("html").get_attribute("lang") == "nn"
    assert page.get_by_role("heading", name="Kva plattforma gjer").is_visible()

    page.get_by_role("link", name="English").click()
    page.wait_for_url(live_server.url + "/en/")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Public purchasing power for innovation"
    )

    # The switcher keeps the page: the privacy page in English links to the same page in bokmål.
    page.goto(live_server.url + "/en/personvern/")
    page.get_by_role("link", name="Bokmål").click()
    page.wait_for_url(live_server.url + "/personvern/")
    assert page.get_by_role("heading", level=1).inner_text() == "Personvern"


def test_sign_up_then_sign_out_and_in_again(live_server: Any, page: Any) -> None:
    page.goto(live_server.url + "/konto/registrer/")
    page.get_by_label("Fullt navn").fill("Sara Solberg")
    page.get_by_label("E-postadresse").fill("sara@solberg.example")
    page.get_by_label("Passord:", exact=True).fill("blåbær-i-skogen-77")
    page.get_by_label("Gjenta passordet").fill("blåbær-i-skogen-77")
    page.get_by_label("Leverandør", exact=False).check()
    page.get_by_label("Organisasjonsnummer").fill("920 000 010")
    page.get_by_label("Navnet på organisasjonen").fill("Solberg Sensor AS")
    page.get_by_role("button", name="Opprett konto").click()
    page.wait_for_url(live_server.url + "/konto/")
    assert page.get_by_text("Velkommen til Kjøpekraft!").is_visible()
    assert page.get_by_role("cell", name="Solberg Sensor AS").is_visible()

    page.get_by_role("button", name="Logg ut").click()
    page.goto(live_server.url + "/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill("sara@solberg.example")
    page.get_by_label("Passord").fill("blåbær-i-skogen-77")
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(live_server.url + "/konto/")
    assert page.get_by_role("heading", name="Min konto").is_visible()


def test_sign_up_with_a_bad_organisation_number_shows_the_error(
    live_server: Any, page: Any
) -> None:
    page.goto(live_server.url + "/konto/registrer/")
    page.get_by_label("Organisasjonsnummer").fill("123456789")
    page.get_by_role("button", name="Opprett konto").click()
    error = page.locator("#id_orgnr_error, .errorlist").first
    assert error.is_visible()
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/nn/",
        "/en/",
        "/tilgjengelighet/",
        "/personvern/",
        "/konto/logg-inn/",
        "/konto/registrer/",
        "/konto/passord/glemt/",
        "/finnes-ikke/",
    ],
)
def test_public_pages_have_no_serious_accessibility_violation(
    live_server: Any, page: Any, path: str
) -> None:
    page.goto(live_server.url + path)
    assert serious_violations(page) == []


def test_signed_in_pages_have_no_serious_accessibility_violation(
    live_server: Any, page: Any
) -> None:
    load_demo()
    page.goto(live_server.url + "/konto/logg-inn/")
    page.get_by_label("E-postadresse").fill("radgiver@kjopekraft.no")
    page.get_by_label("Passord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(live_server.url + "/konto/")
    for path in ["/konto/", "/konto/medlemskap/", "/konto/nytt-medlemskap/", "/konto/slett/"]:
        page.goto(live_server.url + path)
        assert serious_violations(page) == [], path
    page.goto(live_server.url + "/konto/medlemskap/")
    assert page.get_by_text("ny.innkjoper@bergen.kommune.no").is_visible()


def test_small_screen_keeps_the_menu_usable(live_server: Any, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    assert (
        page.get_by_role("navigation", name="Hovedmeny")
        .get_by_role("link", name="Logg inn")
        .is_visible()
    )
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, "the page scrolls sideways on a small screen"
    context.close()
