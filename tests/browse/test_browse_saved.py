"""Saved searches: saving, listing, deleting, the personal-data download, and the e-mail alerts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kjopekraft.accounts.personal_data import collect
from kjopekraft.browse.models import AlertedNotice, SavedSearch
from kjopekraft.notices.ingest import ingest
from kjopekraft.notices.models import Notice

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"
DOFFIN = NOTICES / "doffin-eforms"
TED = NOTICES / "ted-eforms"


def signed_in(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def save(client: Client, search: str, name: str) -> Any:
    return client.post("/kunngjoringer/lagrede-sok/ny/", {"search": search, "name": name})


def test_saving_needs_a_signed_in_user(personas: dict[str, Any], client: Client) -> None:
    response = save(client, "q=robot", "Roboter")
    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]
    assert not SavedSearch.objects.exists()
    page = client.get("/kunngjoringer/", {"q": "robot"})
    assert "/konto/logg-inn/?next=" in page.content.decode()


def test_save_list_and_delete(personas: dict[str, Any], client: Client) -> None:
    buyer = personas["buyer"]
    signed_in(client, buyer)
    response = save(client, "q=anskaffelsene&source=doffin&innovation=procedural", "Innovasjon")
    assert response.status_code == 302
    saved = SavedSearch.objects.get(user=buyer)
    assert saved.name == "Innovasjon"
    assert saved.query == {"q": "anskaffelsene", "innovation": ["procedural"], "source": ["doffin"]}
    assert saved.language == "nb"
    assert saved.get_absolute_url() == (
        "/kunngjoringer/?q=anskaffelsene&innovation=procedural&source=doffin"
    )

    listing = client.get("/kunngjoringer/lagrede-sok/")
    assert "Innovasjon" in listing.content.decode()
    assert saved.get_absolute_url().replace("&", "&amp;") in listing.content.decode()

    # Another person can neither see nor delete it.
    other = Client()
    signed_in(other, personas["supplier"])
    assert "Innovasjon" not in other.get("/kunngjoringer/lagrede-sok/").content.decode()
    assert other.post(f"/kunngjoringer/lagrede-sok/{saved.pk}/slett/").status_code == 404
    assert SavedSearch.objects.filter(pk=saved.pk).exists()

    assert client.get(f"/kunngjoringer/lagrede-sok/{saved.pk}/slett/").status_code == 405
    client.post(f"/kunngjoringer/lagrede-sok/{saved.pk}/slett/")
    assert not SavedSearch.objects.filter(pk=saved.pk).exists()


def test_a_search_in_english_is_alerted_in_english(
    personas: dict[str, Any], client: Client
) -> None:
    signed_in(client, personas["buyer"])
    client.post("/en/kunngjoringer/lagrede-sok/ny/", {"search": "q=robot", "name": "Robots"})
    assert SavedSearch.objects.get().language == "en"


def test_a_bad_search_or_no_name_saves_nothing(personas: dict[str, Any], client: Client) -> None:
    signed_in(client, personas["buyer"])
    save(client, "cpv=IT", "Dårlig")
    save(client, "q=robot", "")
    assert not SavedSearch.objects.exists()


def test_there_is_a_limit_per_person(personas: dict[str, Any], client: Client) -> None:
    buyer = personas["buyer"]
    SavedSearch.objects.bulk_create(
        SavedSearch(user=buyer, name=f"S{i}", query={}, language="nb")
        for i in range(SavedSearch.MAX_PER_USER)
    )
    signed_in(client, buyer)
    save(client, "q=robot", "En for mye")
    assert SavedSearch.objects.filter(user=buyer).count() == SavedSearch.MAX_PER_USER


def test_saved_searches_are_in_the_personal_data(personas: dict[str, Any]) -> None:
    buyer = personas["buyer"]
    SavedSearch.objects.create(user=buyer, name="Skoler", query={"q": "skole"}, language="nn")
    data = collect(buyer)["browse"]
    assert data[0]["name"] == "Skoler"
    assert data[0]["search"] == {"q": "skole"}
    assert data[0]["notices_alerted"] == 0


# -- alerts -----------------------------------------------------------------------------------


@pytest.fixture
def watcher(personas: dict[str, Any]) -> SavedSearch:
    """A search saved before any notice arrives: every matching notice ingested later is new."""
    return SavedSearch.objects.create(
        user=personas["buyer"], name="Anskaffelser", query={"q": "anskaffelsene"}, language="nb"
    )


def test_new_notices_are_alerted_once(watcher: SavedSearch, capsys: Any) -> None:
    ingest([DOFFIN])
    expected = set(watcher.notices().values_list("notice_id", flat=True))
    assert expected

    call_command("send_alerts", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["emails"] == 1
    assert summary["notices"] == len(expected)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [watcher.user.email]
    assert "Anskaffelser" in message.subject
    first = Notice.objects.get(notice_id=sorted(expected)[0])
    assert f"/kunngjoringer/{first.notice_id}/" in message.body
    assert set(AlertedNotice.objects.values_list("notice_id", flat=True)) == expected

    # Running again sends nothing: no notice is told of twice.
    call_command("send_alerts", "--json")
    assert json.loads(capsys.readouterr().out)["emails"] == 0
    assert len(mail.outbox) == 1
    watcher.refresh_from_db()
    assert watcher.last_alerted is not None

    # New matching notices later: only those are sent.
    ingest([TED])
    new = set(watcher.notices().values_list("notice_id", flat=True)) - expected
    call_command("send_alerts")
    capsys.readouterr()
    if new:
        assert len(mail.outbox) == 2
        assert all(f"/kunngjoringer/{n}/" in mail.outbox[1].body for n in new)
        assert not any(f"/kunngjoringer/{n}/" in mail.outbox[1].body for n in expected)
    else:
        assert len(mail.outbox) == 1


def test_notices_stored_before_the_search_was_saved_are_not_new(
    personas: dict[str, Any],
) -> None:
    ingest([DOFFIN])
    SavedSearch.objects.create(
        user=personas["buyer"], name="Sent", query={"q": "anskaffelsene"}, language="nb"
    )
    call_command("send_alerts")
    assert mail.outbox == []


def test_dry_run_sends_and_records_nothing(watcher: SavedSearch, capsys: Any) -> None:
    ingest([DOFFIN])
    call_command("send_alerts", "--dry-run", "--json")
    summary = json.loads(capsys.readouterr().out)
    assert summary["dry_run"] is True
    assert summary["notices"] > 0
    assert summary["emails"] == 0
    assert mail.outbox == []
    assert not AlertedNotice.objects.exists()


def test_an_alert_in_nynorsk_and_one_for_an_inactive_user(
    watcher: SavedSearch, personas: dict[str, Any]
) -> None:
    SavedSearch.objects.create(
        user=personas["supplier"], name="Nynorsk", query={"source": ["doffin"]}, language="nn"
    )
    personas["buyer"].is_active = False
    personas["buyer"].save()
    ingest([DOFFIN])
    call_command("send_alerts")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [personas["supplier"].email]
    assert "/nn/kunngjoringer/" in mail.outbox[0].body


def test_a_failed_send_is_tried_again(watcher: SavedSearch, settings: Any) -> None:
    ingest([DOFFIN])
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # discard: nothing listens, the connection is refused
    with pytest.raises(CommandError):
        call_command("send_alerts")
    assert not AlertedNotice.objects.exists()

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_alerts")
    assert len(mail.outbox) == 1
    assert AlertedNotice.objects.exists()
