"""The challenges API, the audit log, the data download, the demo and the embed command."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from programme_builders import in_phase, need

from kjopekraft.core.demo import load_demo
from kjopekraft.programme import actions
from kjopekraft.programme.demo import load_programme_demo
from kjopekraft.programme.models import AuditLog, Challenge, Need, NoticeEmbedding

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_api_lists_every_challenge_but_drafts_with_its_status(cast: dict[str, Any]) -> None:
    made = {}
    for status in ["draft", "published", "closed", "evaluation", "pilot"]:
        item = in_phase(
            status, adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
        )["challenge"]
        Challenge.objects.filter(pk=item.pk).update(title=f"API {status}")
        made[status] = item
    made["pilot"].cancel(cast["adviser"], "Stoppet.")
    # Even an adviser's session does not bring drafts into the open API.
    data = client_for(cast["adviser"]).get("/api/challenges/").json()
    assert set(data) == {"count", "next", "previous", "results"}
    assert data["count"] == 4
    by_title = {r["title"]: r for r in data["results"]}
    assert "API draft" not in by_title
    assert by_title["API published"]["status"] == "published"
    assert by_title["API pilot"]["status"] == "cancelled"
    assert by_title["API pilot"]["cancel_reason"] == "Stoppet."
    first = by_title["API closed"]
    assert first["lead_buyer"]["orgnr"] == made["closed"].lead_buyer.orgnr
    assert [c["weight"] for c in first["criteria"]] == [60, 40]
    assert first["url"].endswith(reverse("programme:challenge", args=[made["closed"].pk]))
    assert "proposals" not in first and "selection_reasons" not in first
    only = client_for(None).get("/api/challenges/?status=evaluation").json()
    assert [r["title"] for r in only["results"]] == ["API evaluation"]
    assert client_for(None).get("/api/challenges/?status=draft").json()["count"] == 0


def test_challenges_api_is_in_the_openapi_document() -> None:
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/challenges/"]["get"]
    parameters = {p["name"]: p for p in operation["parameters"]}
    assert "draft" not in parameters["status"]["schema"]["enum"]
    assert "published" in parameters["status"]["schema"]["enum"]
    challenge_schema = schema["components"]["schemas"]["Challenge"]
    assert "status" in challenge_schema["properties"]


def test_audit_log_is_for_advisers_and_records_who_what_when(cast: dict[str, Any]) -> None:
    item = in_phase("published", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[])[
        "challenge"
    ]
    entry = AuditLog.objects.filter(action=AuditLog.Action.STATE_CHANGE, challenge=item).get()
    assert entry.actor == cast["adviser"]
    assert entry.detail == {"previous": "draft", "status": "published"}
    assert entry.object_repr == item.title and entry.created is not None
    url = reverse("programme:audit")
    for who in (cast["buyer"], cast["supplier"], cast["outsider"]):
        assert client_for(who).get(url).status_code == 403
    page = client_for(cast["adviser"]).get(url, {"challenge": item.pk, "action": "state-change"})
    assert page.status_code == 200
    assert item.title in page.content.decode()


def test_the_audit_log_survives_a_deleted_account(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    item.submit(cast["buyer"])
    cast["buyer"].delete()
    entry = AuditLog.objects.get(action=AuditLog.Action.STATE_CHANGE, object_id=item.pk)
    assert entry.actor is None and entry.actor_name == "Bo Buyer"


def test_personal_data_download_includes_needs_questions_and_proposals(
    cast: dict[str, Any],
) -> None:
    built = in_phase(
        "published", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )
    actions.ask_question(
        built["challenge"], by=cast["supplier"], organisation=None, text="Mitt spørsmål"
    )
    need(cast["buyer"], title="Mitt behov")
    supplier_data = json.loads(
        client_for(cast["supplier"]).get(reverse("accounts:download_data")).content
    )
    programme = supplier_data["programme"]
    assert [q["question"] for q in programme["questions"]] == ["Mitt spørsmål"]
    assert [p["title"] for p in programme["proposals"]] == ["Forslag 0"]
    buyer_data = json.loads(
        client_for(cast["buyer"]).get(reverse("accounts:download_data")).content
    )
    assert [n["title"] for n in buyer_data["programme"]["needs"]] == ["Mitt behov"]


def test_demo_shows_the_whole_journey_and_loads_once() -> None:
    load_demo()
    statuses = set(Challenge.objects.values_list("status", flat=True))
    assert {"draft", "published", "evaluation", "pilot", "done", "cancelled"} <= statuses
    assert {"draft", "submitted", "accepted", "returned", "in-challenge"} <= set(
        Need.objects.values_list("status", flat=True)
    )
    counts = (Challenge.objects.count(), Need.objects.count(), AuditLog.objects.count())
    again = load_programme_demo("kjopekraft-demo")
    assert again["challenges"] == again["needs"] == again["programme_people"] == 0
    load_demo()
    assert (Challenge.objects.count(), Need.objects.count(), AuditLog.objects.count()) == counts
    # Demo sign-ins work for every role the issue asks for.
    from kjopekraft.accounts.models import User

    for email in [
        "radgiver@kjopekraft.no",
        "innkjoper@stavanger.kommune.no",
        "innkjoper@bergen.kommune.no",
        "evaluator@kjopekraft.no",
        "fagekspert@kjopekraft.no",
        "leverandor@robotikk.example",
        "grunder@sosial.example",
    ]:
        user = User.objects.get(email=email)
        assert user.check_password("kjopekraft-demo"), email


def test_demo_pages_answer_for_every_persona() -> None:
    load_demo()
    from kjopekraft.accounts.models import User

    paths = [
        reverse("programme:index"),
        reverse("programme:challenges"),
        reverse("programme:guidance"),
    ]
    for item in Challenge.objects.all():
        paths += [
            reverse("programme:challenge", args=[item.pk]),
            reverse("programme:journey", args=[item.pk]),
        ]
    for user in User.objects.all():
        client = client_for(user)
        for path in paths:
            assert client.get(path).status_code in {200, 404}, (user.email, path)


def test_embed_command_embeds_notices_once(tmp_path: Any) -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "data" / "notices" / "doffin-eforms"
    call_command(
        "ingest",
        str(folder / "2022-319091.xml"),
        str(folder / "2022-945801.xml"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    out = StringIO()
    call_command("embed", "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["notices"] == 2
    assert NoticeEmbedding.objects.count() == 2
    out = StringIO()
    call_command("embed", "--json", stdout=out, stderr=StringIO())
    assert json.loads(out.getvalue())["notices"] == 0


def test_similar_notices_show_their_winners(cast: dict[str, Any]) -> None:
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "data" / "notices" / "doffin-eforms"
    call_command(
        "ingest",
        str(folder / "2022-319091.xml"),
        str(folder / "2023-336496.xml"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    call_command("embed", stdout=StringIO(), stderr=StringIO())
    item = need(
        cast["buyer"],
        title="Høyt sykefravær blant ansatte",
        problem="Ansatte får belastningsskader, og vi mangler bedriftshelsetjeneste.",
        desired_effect="Lavere sykefravær.",
    )
    page = client_for(cast["buyer"]).get(reverse("programme:need", args=[item.pk])).content.decode()
    assert "Bedriftshelsetjeneste" in page
    assert "AVONOVA HELSE AS" in page
    assert page.index("Bedriftshelsetjeneste") < page.index("e-bøker")


def test_the_procedure_advisor_suggests_the_route_for_a_draft(cast: dict[str, Any]) -> None:
    from programme_builders import challenge

    item = challenge(cast["adviser"], cast["buyer"], procurement_route="", pilot_budget=800_000)
    page = client_for(cast["adviser"]).get(
        "/en" + reverse("programme:challenge_edit", args=[item.pk])
    )
    text = page.content.decode()
    assert "The procedure advisor suggests" in text
    assert "Innovation partnership" in text and "FOA § 13-1 (3)" in text
    assert 'value="innovation" selected' in text


def test_the_journey_shows_the_instruments_that_fit_the_phase(cast: dict[str, Any]) -> None:
    from kjopekraft.instruments.models import Instrument

    item = in_phase(
        "pilot", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )["challenge"]
    fitting = Instrument.objects.active().filter(phases__code="development").first()
    assert fitting is not None, "the instrument catalogue is loaded with the database"
    page = client_for(None).get("/en" + reverse("programme:journey", args=[item.pk]))
    text = page.content.decode()
    assert "Instruments that fit" in text and fitting.name_en in text
