"""The notice browser in a real browser: a search with a Norwegian inflected word, a filter, a
notice page with its evidence, saving the search; axe-core on every page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from accessibility import serious_violations
from django.conf import settings
from django.test import Client

from kjopekraft.browse.models import SavedSearch
from kjopekraft.core.demo import load_demo
from kjopekraft.notices.ingest import ingest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    """Sign the browser in as ``user`` with a real session made by Django's test client."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_search_filter_notice_and_save(live_server: Any, page: Any, legacy_dir: Path) -> None:
    load_demo()
    ingest([NOTICES / "doffin-eforms", NOTICES / "ted-eforms", legacy_dir])
    base = live_server.url + "/en/kunngjoringer/"

    # A search with an inflected Norwegian word finds the notices that say "anskaffelse".
    page.goto(base)
    assert serious_violations(page) == []
    page.locator("#id_q").fill("anskaffelsene")
    page.locator("#id_q").press("Enter")
    page.wait_for_url("**q=anskaffelsene**")
    results = page.locator("ol.browse-results")
    assert results.get_by_role("link", name="Anskaffelse av frittstående oppvarmingsovner").count()
    assert page.locator(".browse-note").is_visible()  # the legacy sample is among the sources
    assert serious_violations(page) == []

    # A filter: Doffin only. The note about the legacy sample goes away.
    page.locator("details.browse-filters summary").click()
    page.locator("fieldset").filter(has=page.locator("#id_source_0")).get_by_label("Doffin").check()
    page.locator("details.browse-filters button[type=submit]").click()
    page.wait_for_url("**source=doffin**")
    assert page.locator(".browse-note").count() == 0
    assert serious_violations(page) == []
    search_url = page.url

    # A notice page with the evidence behind its assessment.
    results.get_by_role("link", name="Markedsdialog - Anskaffelse av vognskjul").click()
    page.wait_for_url("**/kunngjoringer/**/")
    assert "vognskjul" in page.get_by_role("heading", level=1).inner_text()
    assessment = page.locator("section.browse-assessment")
    assert assessment.get_by_role("heading", level=3).count() == 3
    evidence = assessment.locator("li").all_inner_texts()
    assert evidence and all(len(text) > 20 for text in evidence)
    assert serious_violations(page) == []

    # Saving the search: signed in, name it, and it is listed.
    sign_in(
        page,
        live_server,
        SavedSearch._meta.get_field("user").related_model.objects.get(
            email="innkjoper@stavanger.kommune.no"
        ),
    )
    page.goto(search_url)
    page.locator("#id_name").fill("Anskaffelser i Doffin")
    page.locator("form[action$='/lagrede-sok/ny/'] button[type=submit]").click()
    page.wait_for_url("**/lagrede-sok/")
    assert page.get_by_role("link", name="Anskaffelser i Doffin").is_visible()
    assert serious_violations(page) == []
    saved = SavedSearch.objects.get()
    assert saved.query == {"q": "anskaffelsene", "source": ["doffin"]}

    # The same pages in bokmål, with the evidence in bokmål.
    page.goto(live_server.url + "/kunngjoringer/?q=anskaffelsene&source=doffin")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert serious_violations(page) == []
