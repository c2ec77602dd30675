"""Needs: every transition, joint proposals, merging into a challenge, and who may do what."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from programme_builders import need, org_of, person

from kjopekraft.accounts.models import Role
from kjopekraft.programme import actions, predicates
from kjopekraft.programme.models import (
    AuditLog,
    Challenge,
    JointNeedProposal,
    Need,
    TransitionError,
)

pytestmark = pytest.mark.django_db


def en(path: str) -> str:
    """The English page: assertions on wording hold whatever the Norwegian translation says."""
    return path if path.startswith("/en/") else "/en" + path


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_need_moves_draft_submitted_returned_submitted_accepted(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    assert item.status == Need.Status.DRAFT
    item.submit(cast["buyer"])
    with pytest.raises(TransitionError):
        item.return_with_comments(cast["adviser"], "  ")
    item.return_with_comments(cast["adviser"], "Beskriv effekten.")
    assert item.status == Need.Status.RETURNED and item.is_editable
    item.submit(cast["buyer"])
    item.accept(cast["adviser"])
    assert item.status == Need.Status.ACCEPTED
    states = list(
        AuditLog.objects.filter(action=AuditLog.Action.STATE_CHANGE, object_id=item.pk)
        .order_by("pk")
        .values_list("detail__status", flat=True)
    )
    assert states == ["submitted", "returned", "submitted", "accepted"]


@pytest.mark.parametrize("status", ["draft", "submitted", "returned", "accepted"])
def test_need_can_be_archived_until_it_is_in_a_challenge(cast: dict[str, Any], status: str) -> None:
    item = need(cast["buyer"])
    Need.objects.filter(pk=item.pk).update(status=status, adviser_comment="x")
    item.refresh_from_db()
    item.archive(cast["buyer"])
    assert item.status == Need.Status.ARCHIVED
    with pytest.raises(TransitionError):
        item.submit(cast["buyer"])


def test_a_draft_cannot_be_accepted_and_an_archived_need_goes_nowhere(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    with pytest.raises(TransitionError):
        item.accept(cast["adviser"])
    item.archive(cast["buyer"])
    for move in (item.submit, item.archive):
        with pytest.raises(TransitionError):
            move(cast["buyer"])


def test_returned_need_must_carry_a_comment_in_the_database(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    with pytest.raises(IntegrityError), transaction.atomic():
        Need.objects.filter(pk=item.pk).update(status=Need.Status.RETURNED, adviser_comment="")


def test_buyer_writes_and_submits_a_need_through_the_form(cast: dict[str, Any]) -> None:
    client = client_for(cast["buyer"])
    data = {
        "organisation": org_of(cast["buyer"], Role.BUYER).pk,
        "title": "Ensomhet blant eldre",
        "topic": "health-care",
        "problem": "Mange eldre er ensomme.",
        "affected": "Hjemmeboende over 80.",
        "current_practice": "Besøksvenner.",
        "desired_effect": "Færre ensomme.",
        "effect_indicator": "Andel ensomme",
        "budget_min": "500000",
        "budget_max": "100000",
        "submit": "1",
    }
    response = client.post(en(reverse("programme:need_new")), data)
    assert response.status_code == 200
    assert "The upper end of the budget is below the lower end." in response.content.decode()
    data["budget_max"] = "900000"
    response = client.post(reverse("programme:need_new"), data)
    created = Need.objects.get(title="Ensomhet blant eldre")
    assert response.status_code == 302
    assert created.status == Need.Status.SUBMITTED
    assert created.embedding is not None, "a saved need is embedded for the similarity search"


def test_only_buyers_write_needs_and_only_advisers_decide(cast: dict[str, Any]) -> None:
    for who in ("supplier", "outsider", "adviser"):
        assert client_for(cast[who]).get(reverse("programme:need_new")).status_code == 403
    item = need(cast["buyer"])
    actions.submit_need(item, by=cast["buyer"])
    decide = {"step": "decide", "decision": "accept", "comment": ""}
    client_for(cast["buyer"]).post(reverse("programme:need_step", args=[item.pk]), decide)
    item.refresh_from_db()
    assert item.status == Need.Status.SUBMITTED
    client_for(cast["adviser"]).post(reverse("programme:need_step", args=[item.pk]), decide)
    item.refresh_from_db()
    assert item.status == Need.Status.ACCEPTED


def test_adviser_returns_a_need_and_the_buyer_hears_of_it(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = need(cast["buyer"])
    actions.submit_need(item, by=cast["buyer"])
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["adviser"]).post(
            reverse("programme:need_step", args=[item.pk]),
            {
                "step": "decide",
                "decision": "return",
                "comment": "Beskriv problemet, ikke løsningen.",
            },
        )
    item.refresh_from_db()
    assert item.status == Need.Status.RETURNED
    assert any(cast["buyer"].email in m.to for m in mail.outbox)
    page = client_for(cast["buyer"]).get(reverse("programme:need_edit", args=[item.pk]))
    assert page.status_code == 200
    assert "Beskriv problemet, ikke løsningen." in page.content.decode()


def test_needs_are_private_until_submitted(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    url = reverse("programme:need", args=[item.pk])
    assert client_for(cast["buyer2"]).get(url).status_code == 404
    assert client_for(cast["supplier"]).get(url).status_code == 404
    assert Client().get(url).status_code == 404
    assert client_for(cast["adviser"]).get(url).status_code == 200
    item.submit(cast["buyer"])
    assert client_for(cast["buyer2"]).get(url).status_code == 200
    assert client_for(cast["supplier"]).get(url).status_code == 404


def test_only_draft_or_returned_needs_can_be_changed(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    assert predicates.can_edit_need(cast["buyer"], item)
    assert not predicates.can_edit_need(cast["buyer2"], item)
    item.submit(cast["buyer"])
    assert not predicates.can_edit_need(cast["buyer"], item)
    assert (
        client_for(cast["buyer"]).get(reverse("programme:need_edit", args=[item.pk])).status_code
        == 403
    )
    with pytest.raises(TransitionError):
        actions.save_need(item, by=cast["buyer"])


def test_buyer_proposes_to_join_a_similar_need_and_adviser_merges(
    cast: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    mine = need(cast["buyer"], title="Færre fall i omsorgsboliger")
    theirs = need(cast["buyer2"], title="Færre fall hjå heimebuande", budget_max=1_000_000)
    mine.submit(cast["buyer"])
    theirs.submit(cast["buyer2"])
    # Other buyers' submitted needs are shown as similar; the buyer proposes to join.
    page = client_for(cast["buyer"]).get(reverse("programme:need", args=[mine.pk]))
    assert "Færre fall hjå heimebuande" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["buyer"]).post(
            reverse("programme:propose_joint", args=[mine.pk, theirs.pk]), {"message": "Sammen?"}
        )
    proposal = JointNeedProposal.objects.get(need=mine, other=theirs)
    assert any(cast["buyer2"].email in m.to for m in mail.outbox)
    # The other buyer may not propose on the first buyer's behalf.
    assert not predicates.can_propose_joint(cast["buyer2"], mine, theirs)

    mine.accept(cast["adviser"])
    theirs.accept(cast["adviser"])
    response = client_for(cast["adviser"]).post(
        reverse("programme:merge"), {"needs": [mine.pk, theirs.pk], "lead": mine.pk}
    )
    assert response.status_code == 302
    challenge = Challenge.objects.get()
    assert challenge.status == Challenge.Status.DRAFT
    assert challenge.lead_buyer == mine.organisation
    assert list(challenge.participating_buyers.all()) == [theirs.organisation]
    assert challenge.criteria_weight_total == 100
    assert challenge.pilot_budget == 1_000_000
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == theirs.status == Need.Status.IN_CHALLENGE
    assert mine.challenge == theirs.challenge == challenge
    proposal.refresh_from_db()
    assert proposal.status == JointNeedProposal.Status.MERGED
    assert AuditLog.objects.filter(
        action=AuditLog.Action.NEEDS_MERGED, challenge=challenge
    ).exists()


def test_only_accepted_needs_are_merged_and_only_by_advisers(cast: dict[str, Any]) -> None:
    accepted = need(cast["buyer"])
    accepted.submit(cast["buyer"])
    accepted.accept(cast["adviser"])
    draft = need(cast["buyer2"])
    with pytest.raises(TransitionError):
        actions.merge_needs([accepted, draft], lead=accepted, by=cast["adviser"])
    assert client_for(cast["buyer"]).get(reverse("programme:merge")).status_code == 403
    assert not Challenge.objects.exists()


def test_a_merged_need_joins_its_challenge_journey(cast: dict[str, Any]) -> None:
    item = need(cast["buyer"])
    item.submit(cast["buyer"])
    item.accept(cast["adviser"])
    challenge = actions.merge_needs([item], lead=item, by=cast["adviser"])
    page = client_for(cast["buyer"]).get(en(reverse("programme:need_journey", args=[item.pk])))
    text = page.content.decode()
    assert page.status_code == 200
    assert challenge.title in text
    assert "Submitted" in text and "Accepted" in text


def test_person_without_a_role_sees_no_needs(cast: dict[str, Any]) -> None:
    someone = person()
    assert client_for(someone).get(reverse("programme:needs")).status_code == 403
