from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_home_is_bokmal_at_the_bare_address(client: Client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response["Content-Language"] == "nb"
    body = response.content.decode()
    assert '<html lang="nb">' in body
    assert "Hva plattformen gjør" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "lang", "heading"),
    [("/nn/", "nn", "Kva plattforma gjer"), ("/en/", "en", "What the platform does")],
)
def test_home_in_nynorsk_and_english(client: Client, prefix: str, lang: str, heading: str) -> None:
    response = client.get(prefix)
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in response.content.decode()
    assert heading in response.content.decode()


@pytest.mark.django_db
def test_language_switcher_links_to_the_same_page(client: Client) -> None:
    body = client.get("/personvern/").content.decode()
    assert 'href="/nn/personvern/" lang="nn"' in body
    assert 'href="/en/personvern/" lang="en"' in body
    english = client.get("/en/personvern/").content.decode()
    assert 'href="/personvern/" lang="nb"' in english


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["core:accessibility", "core:privacy"])
def test_statement_pages(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert 'href="/tilgjengelighet/"' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_norwegian_404(client: Client) -> None:
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


@pytest.mark.django_db
def test_health_reports_the_database(client: Client) -> None:
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_health_without_database_is_503(client: Client) -> None:
    # No django_db mark: any query fails, as when the database is down.
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
