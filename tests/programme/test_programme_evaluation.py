"""Evaluation, pilot and decision: conflicts recuse, weighted ranking, disagreement, selection."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from programme_builders import in_phase, person

from kjopekraft.accounts.models import Role
from kjopekraft.programme import actions, evaluation, predicates
from kjopekraft.programme.models import (
    AuditLog,
    Challenge,
    Decision,
    EffectMeasurement,
    Evaluator,
    Proposal,
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


@pytest.fixture
def closed(cast: dict[str, Any]) -> dict[str, Any]:
    """A closed challenge with two proposals and two evaluators who have not declared yet."""
    built = in_phase(
        "closed",
        adviser=cast["adviser"],
        buyer=cast["buyer"],
        suppliers=[cast["supplier"], cast["supplier2"]],
    )
    item = built["challenge"]
    built["clean"] = actions.assign_evaluator(item, user=person(name="Eva"), by=cast["adviser"])
    built["conflicted"] = actions.assign_evaluator(
        item, user=person(name="Frida"), by=cast["adviser"]
    )
    item.start_evaluation(cast["adviser"])
    return built


def test_an_evaluator_declares_before_seeing_any_proposal(
    cast: dict[str, Any], closed: dict[str, Any]
) -> None:
    item, clean = closed["challenge"], closed["clean"]
    proposal = closed["proposals"][0]
    url = reverse("programme:proposal", args=[proposal.pk])
    client = client_for(clean.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("programme:score", args=[item.pk, proposal.pk])).status_code == 403
    page = client.get(en(reverse("programme:evaluation", args=[item.pk]))).content.decode()
    assert "Declare conflicts of interest" in page
    assert proposal.title not in page, "no proposal before the declaration"
    assert proposal.supplier.name in page, "the suppliers are named so that ties can be declared"
    client.post(reverse("programme:declare", args=[item.pk]), {"conflict": "no", "statement": ""})
    clean.refresh_from_db()
    assert clean.is_cleared
    assert client.get(url).status_code == 200
    assert AuditLog.objects.filter(
        action=AuditLog.Action.CONFLICT_DECLARED, object_id=clean.pk
    ).exists()
    with pytest.raises(TransitionError):
        clean.declare(conflict=True, statement="", by=clean.user)


def test_a_recused_evaluator_sees_nothing(cast: dict[str, Any], closed: dict[str, Any]) -> None:
    item, conflicted = closed["challenge"], closed["conflicted"]
    client = client_for(conflicted.user)
    client.post(
        reverse("programme:declare", args=[item.pk]),
        {"conflict": "yes", "statement": "Styremedlem hos en av leverandørene."},
    )
    conflicted.refresh_from_db()
    assert conflicted.is_recused
    for proposal in closed["proposals"]:
        assert client.get(reverse("programme:proposal", args=[proposal.pk])).status_code == 404
        assert (
            client.get(reverse("programme:score", args=[item.pk, proposal.pk])).status_code == 403
        )
        attachment_url = reverse("programme:attachment", args=[proposal.pk, 1])
        assert client.get(attachment_url).status_code == 404
        assert not predicates.can_view_proposal(conflicted.user, proposal)
    page = client.get(en(reverse("programme:evaluation", args=[item.pk]))).content.decode()
    assert "recused" in page
    for proposal in closed["proposals"]:
        assert proposal.title not in page
    assert not predicates.can_see_ranking(conflicted.user, item)
    with pytest.raises(TransitionError):
        actions.save_scores(conflicted, closed["proposals"][0], by=conflicted.user, scores={})


def test_scores_need_a_justification_and_rank_by_weighted_score(
    cast: dict[str, Any], closed: dict[str, Any]
) -> None:
    item = closed["challenge"]
    effect, price = list(item.criteria.all())  # weights 60 and 40
    first, second = closed["proposals"]
    evaluators = [closed["clean"], closed["conflicted"]]
    for evaluator in evaluators:
        evaluator.declare(conflict=False, statement="", by=evaluator.user)
    client = client_for(closed["clean"].user)
    url = reverse("programme:score", args=[item.pk, first.pk])
    response = client.post(
        en(url),
        {
            f"score_{effect.pk}": "9",
            f"justification_{effect.pk}": "",
            f"score_{price.pk}": "4",
            f"justification_{price.pk}": "Dyr.",
        },
    )
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    client.post(
        url,
        {
            f"score_{effect.pk}": "9",
            f"justification_{effect.pk}": "Treffer behovet.",
            f"score_{price.pk}": "4",
            f"justification_{price.pk}": "Dyr.",
        },
    )
    actions.save_scores(
        closed["clean"],
        second,
        by=closed["clean"].user,
        scores={effect.pk: (5, "Usikker."), price.pk: (9, "Billig.")},
    )
    # The second evaluator disagrees strongly on the effect of the first proposal.
    other = closed["conflicted"]
    actions.save_scores(
        other, first, by=other.user, scores={effect.pk: (3, "Svak."), price.pk: (4, "Dyr.")}
    )
    actions.save_scores(
        other, second, by=other.user, scores={effect.pk: (5, "Ok."), price.pk: (8, "Billig.")}
    )

    ranking = evaluation.ranking(item)
    by_title = {row.proposal.pk: row for row in ranking}
    # first: effect mean 6 × 0.6 + price 4 × 0.4 = 5.2; second: 5 × 0.6 + 8.5 × 0.4 = 6.4
    assert by_title[first.pk].total == pytest.approx(5.2)
    assert by_title[second.pk].total == pytest.approx(6.4)
    assert [row.proposal.pk for row in ranking] == [second.pk, first.pk]
    assert ranking[0].rank == 1
    disagreements = by_title[first.pk].disagreements
    assert [d.criterion.pk for d in disagreements] == [effect.pk]
    assert disagreements[0].spread == 6
    assert evaluation.progress(item) == {"expected": 8, "given": 8}
    page = client_for(cast["adviser"]).get(en(reverse("programme:evaluation", args=[item.pk])))
    text = page.content.decode()
    assert "Disagreement" in text and "spread 6" in text
    assert AuditLog.objects.filter(action=AuditLog.Action.SCORED).count() == 4


def test_a_recused_evaluators_scores_do_not_count(
    cast: dict[str, Any], closed: dict[str, Any]
) -> None:
    item = closed["challenge"]
    effect, price = list(item.criteria.all())
    first = closed["proposals"][0]
    clean, conflicted = closed["clean"], closed["conflicted"]
    clean.declare(conflict=False, statement="", by=clean.user)
    actions.save_scores(
        clean, first, by=clean.user, scores={effect.pk: (8, "Bra."), price.pk: (6, "Ok.")}
    )
    conflicted.declare(conflict=True, statement="Eier aksjer.", by=conflicted.user)
    # A score smuggled in before the declaration must not sway the ranking.
    from kjopekraft.programme.models import Score

    Score.objects.create(
        evaluator=conflicted, proposal=first, criterion=effect, value=0, justification="x"
    )
    row = next(r for r in evaluation.ranking(item) if r.proposal.pk == first.pk)
    assert row.total == pytest.approx(8 * 0.6 + 6 * 0.4)


def test_only_advisers_assign_evaluators_and_suppliers_cannot_be_evaluators(
    cast: dict[str, Any], closed: dict[str, Any]
) -> None:
    item = closed["challenge"]
    url = reverse("programme:assign_evaluator", args=[item.pk])
    newcomer = person()
    assert client_for(cast["buyer"]).post(url, {"email": newcomer.email}).status_code == 403
    with pytest.raises(TransitionError):
        actions.assign_evaluator(item, user=cast["supplier"], by=cast["adviser"])
    client_for(cast["adviser"]).post(url, {"email": newcomer.email})
    assert Evaluator.objects.filter(challenge=item, user=newcomer).exists()


def test_selection_with_reasons_goes_to_every_participant(
    cast: dict[str, Any], closed: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    item = closed["challenge"]
    first, second = closed["proposals"]
    today = timezone.localdate()
    data = {
        "proposals": [first.pk],
        "reasons": "Høyest vektet poengsum på effekt.",
        "starts": today.isoformat(),
        "ends": (today + timedelta(days=90)).isoformat(),
    }
    assert (
        client_for(cast["buyer"])
        .post(reverse("programme:select", args=[item.pk]), data)
        .status_code
        == 403
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client_for(cast["adviser"]).post(reverse("programme:select", args=[item.pk]), data)
    item.refresh_from_db()
    first.refresh_from_db()
    second.refresh_from_db()
    assert item.status == Challenge.Status.PILOT
    assert (
        first.status == Proposal.Status.SELECTED and second.status == Proposal.Status.NOT_SELECTED
    )
    assert item.pilots.get().proposal == first
    recipients = {address for m in mail.outbox for address in m.to}
    expected = {cast["supplier"].email, cast["supplier2"].email, cast["buyer"].email}
    expected |= {closed["clean"].user.email, closed["conflicted"].user.email}
    assert expected <= recipients
    assert all("Høyest vektet poengsum på effekt." in m.body for m in mail.outbox)
    # The buyers now see the selected proposal, and only that one.
    buyer = client_for(cast["buyer"])
    assert buyer.get(reverse("programme:proposal", args=[first.pk])).status_code == 200
    assert buyer.get(reverse("programme:proposal", args=[second.pk])).status_code == 404


def test_selection_needs_reasons(cast: dict[str, Any], closed: dict[str, Any]) -> None:
    today = timezone.localdate()
    with pytest.raises(TransitionError):
        actions.select_proposals(
            closed["challenge"],
            by=cast["adviser"],
            selected=closed["proposals"][:1],
            reasons=" ",
            starts=today,
            ends=today,
        )


def test_pilot_milestones_reports_and_effect_against_the_need(cast: dict[str, Any]) -> None:
    built = in_phase(
        "pilot",
        adviser=cast["adviser"],
        buyer=cast["buyer"],
        suppliers=[cast["supplier"], cast["supplier2"]],
    )
    item = built["challenge"]
    pilot = item.pilots.get()
    supplier, loser = cast["supplier"], cast["supplier2"]
    add = lambda kind: reverse("programme:pilot_add", args=[item.pk, pilot.pk, kind])  # noqa: E731
    client_for(supplier).post(add("milestone"), {"title": "Sensorer montert", "due": "2030-03-01"})
    client_for(supplier).post(
        add("report"), {"health": "on-track", "text": "Alt går etter planen."}
    )
    assert pilot.milestones.count() == 1 and pilot.reports.count() == 1
    # The supplier reports but does not grade its own effect; the buyer measures.
    client_for(supplier).post(add("measurement"), {"measured_on": "2030-02-01", "value": "4"})
    assert not EffectMeasurement.objects.exists()
    client_for(cast["buyer"]).post(add("measurement"), {"measured_on": "2030-02-01", "value": "4"})
    assert EffectMeasurement.objects.get().value == Decimal("4")
    # Baseline 3, target 5: a measured 4 is half the way.
    assert pilot.effect_progress() == pytest.approx(0.5)
    assert (
        client_for(loser).post(add("report"), {"health": "at-risk", "text": "x"}).status_code == 403
    )
    milestone = pilot.milestones.get()
    client_for(cast["buyer"]).post(add("complete"), {"milestone": milestone.pk})
    milestone.refresh_from_db()
    assert milestone.completed == timezone.localdate()
    public = client_for(None).get(en(reverse("programme:pilot", args=[item.pk]))).content.decode()
    assert "Sensorer montert" in public and "50 %" in public
    assert "Alt går etter planen." not in public, "status reports are for those involved"


def test_decision_buy_and_scale_with_route_and_follow_on(cast: dict[str, Any]) -> None:
    item = in_phase(
        "decision", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )["challenge"]
    url = reverse("programme:decide", args=[item.pk])
    data = {
        "outcome": "buy-and-scale",
        "reason": "Målet er nådd.",
        "purchase_route": "",
        "follow_on_allowed": "on",
        "follow_on_terms": "Andre kommuner kan kjøpe på samme vilkår.",
    }
    assert client_for(cast["supplier"]).get(url).status_code == 403
    response = client_for(cast["buyer"]).post(en(url), data)
    assert "Choose the route to purchase." in response.content.decode()
    client_for(cast["buyer"]).post(url, {**data, "purchase_route": "innovation"})
    decision = Decision.objects.get()
    assert decision.follow_on_allowed and decision.purchase_route == "innovation"
    item.refresh_from_db()
    assert item.status == Challenge.Status.DONE
    journey = (
        client_for(None).get(en(reverse("programme:journey", args=[item.pk]))).content.decode()
    )
    assert "Buy and scale" in journey and "Other buyers may follow on." in journey


def test_decision_to_stop(cast: dict[str, Any]) -> None:
    item = in_phase(
        "decision", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )["challenge"]
    actions.record_decision(item, by=cast["adviser"], outcome="stop", reason="Ingen effekt.")
    item.refresh_from_db()
    assert item.status == Challenge.Status.DONE
    with pytest.raises(TransitionError):
        actions.record_decision(item, by=cast["adviser"], outcome="stop", reason="Igjen.")


def test_buyer_of_another_organisation_cannot_act_on_the_pilot(cast: dict[str, Any]) -> None:
    item = in_phase(
        "pilot", adviser=cast["adviser"], buyer=cast["buyer"], suppliers=[cast["supplier"]]
    )["challenge"]
    stranger = cast["buyer2"]
    assert not predicates.can_end_pilot(stranger, item)
    response = client_for(stranger).post(
        reverse("programme:challenge_step", args=[item.pk]), {"step": "decision"}
    )
    assert response.status_code == 403
    colleague = person(Role.BUYER, org=item.lead_buyer)
    client_for(colleague).post(
        reverse("programme:challenge_step", args=[item.pk]), {"step": "decision"}
    )
    item.refresh_from_db()
    assert item.status == Challenge.Status.DECISION
