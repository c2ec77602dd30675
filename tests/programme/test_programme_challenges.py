"""Challenges and their questions: transitions, drafts hidden, answers to all, askers hidden."""

from __future__ import annotations

from datetime import UTC, timedelta
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from programme_builders import challenge, in_phase, pass_deadline, person, propose

from kjopekraft.accounts.models import Role
from kjopekraft.programme import actions, predicates
from kjopekraft.programme.models import (
    AuditLog,
    Challenge,
    Question,
    TopicSubscription,
    TransitionError,
)

pytestmark = pytest.mark.django_db


def en(path: str) -> str:
    """The English page: assertions on wording hold whatever the Norwegian translation says."""
    return path if path.startswith("/en/") else "/en" + path


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_challenge_walks_every_phase_to_done(cast: dict[str, Any]) -> None:
    adviser, buyer = cast["adviser"], cast["buyer"]
    built = in_phase(
        Challenge.Status.DECISION, adviser=adviser, buyer=buyer, suppliers=[cast["supplier"]]
    )
    item = built["challenge"]
    assert item.status == Challenge.Status.DECISION
    actions.record_decision(
        item,
        by=buyer,
        outcome="buy-and-scale",
        reason="Målet er nådd.",
        purchase_route="innovation",
    )
    item.refresh_from_db()
    assert item.status == Challenge.Status.DONE
    statuses = list(
        AuditLog.objects.filter(
            action=AuditLog.Action.STATE_CHANGE, challenge=item, content_type__model="challenge"
        )
        .order_by("pk")
        .values_list("detail__status", flat=True)
    )
    assert statuses == ["published", "closed", "evaluation", "pilot", "decision", "done"]
    with pytest.raises(TransitionError):
        item.cancel(adviser, "For sent.")


def test_extending_the_pilot_returns_to_the_pilot_phase(cast: dict[str, Any]) -> None:
    built = in_phase(
        Challenge.Status.DECISION,
        adviser=cast["adviser"],
        buyer=cast["buyer"],
        suppliers=[cast["supplier"]],
    )
    item = built["challenge"]
    later = timezone.localdate() + timedelta(days=200)
    with pytest.raises(TransitionError):
        actions.record_decision(item, by=cast["buyer"], outcome="extend", reason="Mer data.")
    actions.record_decision(
        item, by=cast["buyer"], outcome="extend", reason="Mer data.", extended_until=later
    )
    item.refresh_from_db()
    assert item.status == Challenge.Status.PILOT
    assert item.pilots.get().ends == later


@pytest.mark.parametrize(
    "status",
    ["draft", "published", "closed", "evaluation", "pilot", "decision"],
)
def test_a_challenge_can_be_cancelled_with_a_reason_before_it_is_done(
    cast: dict[str, Any], status: str
) -> None:
    item = in_phase(
        status, adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )["challenge"]
    with pytest.raises(TransitionError):
        item.cancel(cast["adviser"], " ")
    item.cancel(cast["adviser"], "Budsjettet falt bort.")
    assert item.status == Challenge.Status.CANCELLED


def test_publishing_needs_deadlines_route_and_weights_adding_up(cast: dict[str, Any]) -> None:
    item = challenge(cast["adviser"], cast["buyer"], procurement_route="")
    item.criteria.filter(name="Pris").update(weight=30)
    with translation.override("en"), pytest.raises(TransitionError) as raised:
        item.publish(cast["adviser"])
    assert "90" in str(raised.value) and "route" in str(raised.value)
    item.criteria.filter(name="Pris").update(weight=40)
    Challenge.objects.filter(pk=item.pk).update(procurement_route="innovation")
    item = Challenge.objects.get(pk=item.pk)
    item.publish(cast["adviser"])
    assert item.status == Challenge.Status.PUBLISHED and item.published_at is not None


def test_closing_waits_for_the_deadline(cast: dict[str, Any]) -> None:
    item = in_phase("published", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[])[
        "challenge"
    ]
    with pytest.raises(TransitionError):
        item.close(cast["adviser"])
    assert not predicates.can_close_challenge(cast["adviser"], item)
    pass_deadline(item)
    assert predicates.can_close_challenge(cast["adviser"], item)
    assert not predicates.can_close_challenge(cast["buyer"], item)
    assert [c.pk for c in actions.close_due_challenges()] == [item.pk]
    item.refresh_from_db()
    assert item.status == Challenge.Status.CLOSED


def test_evaluation_needs_evaluators(cast: dict[str, Any]) -> None:
    item = in_phase("closed", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[])[
        "challenge"
    ]
    with pytest.raises(TransitionError):
        item.start_evaluation(cast["adviser"])


def test_a_draft_answers_404_to_all_but_its_authors_and_advisers(cast: dict[str, Any]) -> None:
    item = challenge(cast["adviser"], cast["buyer"])
    url = reverse("programme:challenge", args=[item.pk])
    for who in (None, cast["supplier"], cast["buyer2"], cast["outsider"]):
        assert client_for(who).get(url).status_code == 404
        assert client_for(who).get(reverse("programme:journey", args=[item.pk])).status_code == 404
    colleague = person(Role.BUYER, org=item.lead_buyer)
    for who in (cast["adviser"], cast["buyer"], colleague):
        assert client_for(who).get(url).status_code == 200
    listing = client_for(None).get(reverse("programme:challenges")).content.decode()
    assert item.title not in listing
    api = client_for(None).get("/api/challenges/").json()
    assert api["count"] == 0


def test_every_status_but_draft_is_public(cast: dict[str, Any]) -> None:
    for status in ["published", "closed", "evaluation", "pilot", "decision"]:
        item = in_phase(
            status, adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
        )["challenge"]
        Challenge.objects.filter(pk=item.pk).update(title=f"Utfordring {status}")
        assert (
            client_for(None).get(reverse("programme:challenge", args=[item.pk])).status_code == 200
        )
        assert client_for(None).get(reverse("programme:journey", args=[item.pk])).status_code == 200
    listing = client_for(None).get(reverse("programme:challenges")).content.decode()
    for status in ["published", "closed", "evaluation", "pilot", "decision"]:
        assert f"Utfordring {status}" in listing


def test_topic_followers_get_an_email_when_a_challenge_is_published(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    follower = cast["supplier"]
    client_for(follower).post(reverse("programme:topics"), {"topics": ["welfare-technology"]})
    assert TopicSubscription.objects.filter(user=follower, topic="welfare-technology").exists()
    other = cast["supplier2"]
    TopicSubscription.objects.create(user=other, topic="education")
    item = challenge(cast["adviser"], cast["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast["adviser"]).post(
            reverse("programme:challenge_step", args=[item.pk]), {"step": "publish"}
        )
    assert response.status_code == 302
    recipients = [address for m in mail.outbox for address in m.to]
    assert follower.email in recipients
    assert other.email not in recipients


def test_only_advisers_publish(cast: dict[str, Any]) -> None:
    item = challenge(cast["adviser"], cast["buyer"])
    response = client_for(cast["buyer"]).post(
        reverse("programme:challenge_step", args=[item.pk]), {"step": "publish"}
    )
    assert response.status_code == 403
    item.refresh_from_db()
    assert item.status == Challenge.Status.DRAFT


def test_adviser_creates_a_challenge_with_criteria_through_the_form(cast: dict[str, Any]) -> None:
    lead = cast["buyer"].memberships.get().organisation
    other = cast["buyer2"].memberships.get().organisation
    data = {
        "title": "Renere luft",
        "topic": "environment",
        "problem": "Dårlig luft ved skolene.",
        "desired_effect": "Bedre luft.",
        "effect_indicator": "NO2",
        "question_deadline": "2031-01-10T12:00",
        "proposal_deadline": "2031-01-20T12:00",
        "procurement_route": "innovation",
        "doffin_notice_required": "on",
        "lead_buyer": lead.pk,
        "participating_buyers": [other.pk],
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-0-name": "Effekt",
        "criteria-0-weight": "70",
        "criteria-0-order": "0",
        "criteria-1-name": "Pris",
        "criteria-1-weight": "30",
        "criteria-1-order": "1",
    }
    response = client_for(cast["adviser"]).post(reverse("programme:challenge_new"), data)
    assert response.status_code == 302
    item = Challenge.objects.get(title="Renere luft")
    assert item.criteria_weight_total == 100
    assert list(item.participating_buyers.all()) == [other]
    # Entered as Norwegian time: noon in Oslo in January is 11:00 UTC.
    assert item.proposal_deadline.astimezone(UTC).hour == 11
    assert client_for(cast["buyer"]).get(reverse("programme:challenge_new")).status_code == 403


# --- Questions and answers -------------------------------------------------------------------


def open_challenge(cast: dict[str, Any]) -> Challenge:
    return in_phase("published", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[])[
        "challenge"
    ]


def test_supplier_asks_and_the_answer_reaches_everyone_without_the_asker(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = open_challenge(cast)
    asker, other = cast["supplier"], cast["supplier2"]
    TopicSubscription.objects.create(user=other, topic=item.topic)
    client_for(asker).post(
        reverse("programme:ask", args=[item.pk]), {"text": "Kan vi bruke radar?"}
    )
    question = Question.objects.get()
    assert question.asker == asker
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["adviser"]).post(
            reverse("programme:answer", args=[item.pk, question.pk]), {"text": "Ja, uten kamera."}
        )
    # Published to all: anonymous visitors and every supplier see the question and the answer.
    for who in (None, other, cast["outsider"]):
        page = client_for(who).get(reverse("programme:challenge", args=[item.pk])).content.decode()
        assert "Kan vi bruke radar?" in page and "Ja, uten kamera." in page
        assert asker.full_name not in page and asker.email not in page
    recipients = {address for m in mail.outbox for address in m.to}
    assert {asker.email, other.email} <= recipients
    for message in mail.outbox:
        assert asker.full_name not in message.body and asker.email not in message.body
        assert len(message.to) == 1, "each person gets their own message"


def test_only_advisers_see_who_asked_and_each_look_is_audited(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    question = actions.ask_question(
        item, by=cast["supplier"], organisation=None, text="Hvor mange beboere?"
    )
    url = reverse("programme:asker", args=[item.pk, question.pk])
    for who in (cast["buyer"], cast["supplier"], cast["supplier2"], cast["outsider"]):
        assert client_for(who).post(url).status_code == 403
    assert client_for(None).post(url).status_code == 302
    assert not AuditLog.objects.filter(action=AuditLog.Action.ASKER_VIEWED).exists()
    # The challenge page itself never names the asker, not even to the adviser.
    page = client_for(cast["adviser"]).get(reverse("programme:challenge", args=[item.pk]))
    assert cast["supplier"].email not in page.content.decode()
    response = client_for(cast["adviser"]).post(url)
    assert response.status_code == 200
    assert cast["supplier"].email in response.content.decode()
    entry = AuditLog.objects.get(action=AuditLog.Action.ASKER_VIEWED)
    assert entry.actor == cast["adviser"] and entry.object_id == question.pk
    assert entry.challenge == item
    assert client_for(cast["adviser"]).get(url).status_code == 405, "a look is a deliberate act"


def test_questions_close_at_the_question_deadline(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    Challenge.objects.filter(pk=item.pk).update(
        question_deadline=timezone.now() - timedelta(seconds=1)
    )
    item.refresh_from_db()
    assert item.proposals_open and not item.questions_open
    assert not predicates.can_ask_question(cast["supplier"], item)
    response = client_for(cast["supplier"]).post(
        reverse("programme:ask", args=[item.pk]), {"text": "For sent?"}
    )
    assert response.status_code == 403
    with pytest.raises(TransitionError):
        actions.ask_question(item, by=cast["supplier"], organisation=None, text="For sent?")
    assert not Question.objects.exists()


def test_only_signed_in_suppliers_ask(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    for who in (cast["buyer"], cast["outsider"]):
        response = client_for(who).post(reverse("programme:ask", args=[item.pk]), {"text": "Hei"})
        assert response.status_code == 403
    assert (
        client_for(None).post(reverse("programme:ask", args=[item.pk]), {"text": "Hei"}).status_code
        == 302
    )
    assert not Question.objects.exists()


def test_the_dialogue_freezes_when_proposals_close(cast: dict[str, Any]) -> None:
    item = open_challenge(cast)
    question = actions.ask_question(item, by=cast["supplier"], organisation=None, text="Pris?")
    pass_deadline(item)
    item.close(cast["adviser"])
    assert not predicates.can_answer_question(cast["adviser"], item)
    response = client_for(cast["adviser"]).post(
        reverse("programme:answer", args=[item.pk, question.pk]), {"text": "Sent svar"}
    )
    assert response.status_code == 403


def test_propose_builder_needs_an_open_challenge(cast: dict[str, Any]) -> None:
    item = challenge(cast["adviser"], cast["buyer"])
    with pytest.raises(TransitionError):
        propose(item, cast["supplier"])
