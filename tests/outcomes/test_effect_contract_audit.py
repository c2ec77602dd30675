"""Effect contracts through their pages: every change is in the change log, with who, what
changed from what, and why; measurements are corrected, never overwritten; who may do what.

Pages are read in English, so that the tests hold whatever the Norwegian wording becomes.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from outcome_builders import FINAL, FIRST, TODAY, contract, organisation, parties, person

from kjopekraft.accounts.models import Role
from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes import actions
from kjopekraft.outcomes.models import (
    ChangeLog,
    ContractError,
    EffectContract,
    Measurement,
    OutcomeIndicator,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture
def cast(db: None) -> dict[str, Any]:
    return parties()


def client_for(user: Any = None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def log(made: EffectContract) -> list[tuple[str, str]]:
    """The contract's change log, oldest first: (action, actor)."""
    return [(e.action, e.actor_name) for e in made.changes.order_by("pk")]


def contract_form(cast: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {
        "title": "Naturskole",
        "measure": "Naturskole for unge.",
        "commissioner_orgnr": cast["commissioner"].orgnr,
        "investor_orgnr": cast["investor"].orgnr,
        "provider_orgnr": cast["provider"].orgnr,
        "funded_from": (FIRST - timedelta(days=365)).isoformat(),
        "funded_until": FINAL.isoformat(),
        "investment": "1000000",
        "repayment_percent": "50",
        "partial": "pro-rata",
        "rounding": "nearest",
        "payment_days": "30",
        "reporting_days": "60",
        "late_evidence": "counts",
        **changes,
    }


# --- Drafting ----------------------------------------------------------------------------------


def test_a_buyer_drafts_a_contract_and_each_change_is_logged(cast: dict[str, Any]) -> None:
    buyer = client_for(cast["buyer"])
    response = buyer.post(
        reverse("outcomes:contract_new"),
        contract_form(cast, investor_orgnr="999 999 956", investor_name="Ny Investor AS"),
    )
    assert response.status_code == 302
    made = EffectContract.objects.get()
    assert made.investor.name == "Ny Investor AS" and made.investor.orgnr == "999999956"
    created = made.changes.get()
    assert created.action == ChangeLog.Action.CREATED
    assert created.actor_name == "Berit Bestiller"
    assert created.changes["investment"] == [None, 1000000]
    assert created.changes["investor"] == [None, "Ny Investor AS (999999956)"]

    buyer.post(
        reverse("outcomes:contract_edit", args=[made.pk]),
        contract_form(cast, investment="1200000", repayment_percent="45"),
    )
    changed = made.changes.order_by("pk").last()
    assert changed is not None and changed.action == ChangeLog.Action.CHANGED
    assert changed.changes == {
        "investor": ["Ny Investor AS (999999956)", str(cast["investor"])],
        "investment": [1000000, 1200000],
        "repayment_percent": ["50", "45"],
    }
    # Saving without a change adds nothing to the log.
    buyer.post(
        reverse("outcomes:contract_edit", args=[made.pk]),
        contract_form(cast, investment="1200000", repayment_percent="45"),
    )
    assert len(log(made)) == 2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"investor_orgnr": "999999904"}, "check digit does not match"),
        ({"provider_orgnr": "12345678"}, "must have 9 digits"),
        ({"investor_orgnr": "999999921"}, "give its name as well"),
        ({"commissioner_orgnr": "999999913"}, "not a public body known"),
    ],
)
def test_parties_are_checked(cast: dict[str, Any], changes: dict[str, str], message: str) -> None:
    Organisation.objects.create(orgnr="999999913", name="Et selskap", kind="company")
    response = client_for(cast["buyer"]).post(
        reverse("outcomes:contract_new"), contract_form(cast, **changes)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not EffectContract.objects.exists()
    assert not ChangeLog.objects.exists()


def test_a_refused_contract_leaves_no_new_party_behind(cast: dict[str, Any]) -> None:
    response = client_for(cast["buyer"]).post(
        reverse("outcomes:contract_new"),
        contract_form(
            cast,
            investor_orgnr="999999956",
            investor_name="Ny Investor AS",
            funded_until=(FIRST - timedelta(days=400)).isoformat(),  # before it starts
        ),
    )
    assert "cannot end before it starts" in response.content.decode()
    assert not Organisation.objects.filter(orgnr="999999956").exists()
    assert not EffectContract.objects.exists()


def test_a_buyer_drafts_only_for_its_own_body(cast: dict[str, Any]) -> None:
    other = organisation(Organisation.Kind.MUNICIPALITY, "Annen kommune")
    response = client_for(cast["buyer"]).post(
        reverse("outcomes:contract_new"), contract_form(cast, commissioner_orgnr=other.orgnr)
    )
    assert "You do not act as a buyer for this body" in response.content.decode()


def test_indicators_are_added_changed_and_removed_with_a_trace(cast: dict[str, Any]) -> None:
    made = contract(cast)
    buyer = client_for(cast["buyer"])
    indicator = made.indicators.get(name="Frafall")
    buyer.post(
        reverse("outcomes:indicator_edit", args=[made.pk, indicator.pk]),
        {
            "name": "Frafall",
            "unit": "%",
            "baseline": "30",
            "target": "18",
            "dates": f"{FINAL:%d.%m.%Y}",
            "evidence_source": "Elevregisteret",
            "weight": "60",
        },
    )
    changed = made.changes.order_by("pk").last()
    assert changed is not None
    assert (changed.action, changed.subject) == (ChangeLog.Action.INDICATOR_CHANGED, "Frafall")
    assert changed.changes == {"target": ["20", "18"]}
    extra = buyer.post(
        reverse("outcomes:indicator_new", args=[made.pk]),
        {
            "name": "Trivsel",
            "unit": "poeng",
            "baseline": "3",
            "target": "3",
            "dates": "not-a-date",
            "evidence_source": "Elevundersøkelsen",
            "weight": "10",
        },
    )
    assert "is not a date" in extra.content.decode()
    buyer.post(
        reverse("outcomes:indicator_new", args=[made.pk]),
        {
            "name": "Trivsel",
            "unit": "poeng",
            "baseline": "3",
            "target": "4",
            "dates": FINAL.isoformat(),
            "evidence_source": "Elevundersøkelsen",
            "weight": "10",
        },
    )
    added = made.indicators.get(name="Trivsel")
    buyer.post(reverse("outcomes:indicator_edit", args=[made.pk, added.pk]), {"remove": "1"})
    assert not made.indicators.filter(name="Trivsel").exists()
    assert [a for a, _ in log(made)] == [
        "created",
        "indicator-added",
        "indicator-added",
        "indicator-changed",
        "indicator-added",
        "indicator-removed",
    ]


def test_signing_needs_complete_terms_and_fixes_them(cast: dict[str, Any]) -> None:
    made = contract(cast)
    made.indicators.filter(name="Frafall").update(weight=Decimal(50))
    with pytest.raises(ContractError, match="add up to 90"):
        actions.sign_contract(made, by=cast["buyer"], signed_on=TODAY)
    made.indicators.filter(name="Frafall").update(weight=Decimal(60))
    response = client_for(cast["buyer"]).post(
        reverse("outcomes:sign", args=[made.pk]), {"signed_on": FIRST.isoformat()}
    )
    assert response.status_code == 302
    made.refresh_from_db()
    assert (made.status, made.signed_on) == (EffectContract.Status.SIGNED, FIRST)
    assert log(made)[-1] == ("signed", "Berit Bestiller")
    edit = reverse("outcomes:contract_edit", args=[made.pk])
    assert client_for(cast["buyer"]).get(edit).status_code == 403
    with pytest.raises(ContractError):
        actions.save_indicator(made.indicators.first(), by=cast["buyer"])  # type: ignore[arg-type]


# --- Measuring ---------------------------------------------------------------------------------


@pytest.fixture
def signed(cast: dict[str, Any]) -> EffectContract:
    made = contract(cast)
    actions.sign_contract(made, by=cast["buyer"], signed_on=FIRST - timedelta(days=365))
    return made


def slot(made: EffectContract, name: str, day: Any) -> str:
    return f"{made.indicators.get(name=name).pk}|{day.isoformat()}"


def test_measurements_and_corrections_are_logged_and_never_overwritten(
    cast: dict[str, Any], signed: EffectContract
) -> None:
    provider = client_for(cast["provider_person"])
    measure = reverse("outcomes:measure", args=[signed.pk])
    response = provider.post(
        measure,
        {
            "slot": slot(signed, "Mestring", FINAL),
            "value": "50",
            "reported_on": (FINAL + timedelta(days=5)).isoformat(),
            "evidence": "Evalueringsrapport",
        },
    )
    assert response.status_code == 302
    first = Measurement.objects.get()
    entry = signed.changes.order_by("pk").last()
    assert entry is not None
    assert (entry.action, entry.actor_name) == ("measured", "Per Produsent")
    assert entry.changes["value"] == [None, "50"]

    # The same date again is refused: a value is corrected, not recorded twice.
    with pytest.raises(ContractError, match="correct it"):
        actions.record_measurement(
            first.indicator,
            by=cast["buyer"],
            measured_for=FINAL,
            value=Decimal(60),
            reported_on=TODAY,
            evidence="Ny rapport",
        )
    correct = reverse("outcomes:correct", args=[signed.pk, first.pk])
    without_reason = client_for(cast["buyer"]).post(
        correct, {"value": "62", "reported_on": TODAY.isoformat(), "reason": ""}
    )
    assert without_reason.status_code == 200
    assert Measurement.objects.count() == 1
    client_for(cast["buyer"]).post(
        correct,
        {"value": "62", "reported_on": TODAY.isoformat(), "reason": "Én skole manglet."},
    )
    corrected = Measurement.objects.get(corrects=first)
    first.refresh_from_db()
    assert first.value == 50 and not first.is_standing  # kept, marked as corrected
    assert corrected.evidence == "Evalueringsrapport"  # kept when none is given
    entry = signed.changes.order_by("pk").last()
    assert entry is not None
    assert entry.action == ChangeLog.Action.CORRECTED
    assert entry.reason == "Én skole manglet."
    assert entry.changes == {
        "value": ["50", "62"],
        "reported_on": [(FINAL + timedelta(days=5)).isoformat(), TODAY.isoformat()],
    }
    with pytest.raises(ContractError, match="already corrected"):
        actions.correct_measurement(
            first, by=cast["buyer"], value=Decimal(1), reported_on=TODAY, evidence="", reason="x"
        )
    # The correction is what the payment is computed from.
    settlement = signed.settlement(TODAY)
    assert settlement is not None
    mastery = settlement.outcome(str(first.indicator_id))
    assert (mastery.status, mastery.amount) == ("met", 200_000)
    assert mastery.due == TODAY + timedelta(days=30)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("measured_for", "other-date", "not one of the indicator's measurement dates"),
        ("reported_on", "future", "cannot have arrived in the future"),
        ("evidence", "", "Say what the value is based on"),
    ],
)
def test_bad_measurements_are_refused(
    cast: dict[str, Any], signed: EffectContract, field: str, value: str, message: str
) -> None:
    arguments: dict[str, Any] = {
        "measured_for": FINAL,
        "value": Decimal(10),
        "reported_on": TODAY,
        "evidence": "Rapport",
    }
    arguments[field] = {
        "other-date": FINAL - timedelta(days=1),
        "future": TODAY + timedelta(days=1),
        "": "  ",
    }[value]
    indicator = signed.indicators.get(name="Frafall")
    with pytest.raises(ContractError, match=message):
        actions.record_measurement(indicator, by=cast["buyer"], **arguments)
    assert not Measurement.objects.exists()
    assert log(signed)[-1][0] == "signed"


def test_a_draft_is_not_measured(cast: dict[str, Any]) -> None:
    made = contract(cast)
    with pytest.raises(ContractError, match="once the contract is signed"):
        actions.record_measurement(
            made.indicators.first(),  # type: ignore[arg-type]
            by=cast["buyer"],
            measured_for=FINAL,
            value=Decimal(1),
            reported_on=TODAY,
            evidence="x",
        )


def test_every_change_leaves_exactly_one_entry(cast: dict[str, Any]) -> None:
    """Count the entries after each kind of change: none is missed, none is doubled."""
    made = contract(cast)  # created + two indicators
    counts = [made.changes.count()]
    indicator = made.indicators.get(name="Mestring")
    indicator.unit = "prosent"
    actions.save_indicator(indicator, by=cast["buyer"])
    counts.append(made.changes.count())
    made.title = "Naturskole for unge"
    actions.save_contract(made, by=cast["buyer"])
    counts.append(made.changes.count())
    actions.sign_contract(made, by=cast["buyer"], signed_on=FIRST)
    counts.append(made.changes.count())
    reading = actions.record_measurement(
        indicator,
        by=cast["buyer"],
        measured_for=FIRST,
        value=Decimal(30),
        reported_on=FIRST + timedelta(days=3),
        evidence="Rapport",
    )
    counts.append(made.changes.count())
    actions.correct_measurement(
        reading, by=cast["buyer"], value=Decimal(33), reported_on=TODAY, evidence="", reason="Feil"
    )
    counts.append(made.changes.count())
    assert counts == [3, 4, 5, 6, 7, 8]
    assert all(e.actor_name == "Berit Bestiller" for e in made.changes.all())


# --- Who sees and does what --------------------------------------------------------------------


def test_drafts_are_for_the_parties_and_signed_contracts_for_all(
    cast: dict[str, Any],
) -> None:
    made = contract(cast)
    url = made.get_absolute_url()
    assert client_for().get(url).status_code == 404
    assert client_for(person(Role.SUPPLIER, organisation())).get(url).status_code == 404
    assert client_for(cast["investor_person"]).get(url).status_code == 200
    assert made.title not in client_for().get(reverse("outcomes:contracts")).content.decode()
    actions.sign_contract(made, by=cast["buyer"], signed_on=FIRST)
    public = client_for().get(url).content.decode()
    assert "Naturskole" in public
    assert "Change log" not in public and "Berit Bestiller" not in public  # names are not public
    assert "Change log" in client_for(cast["investor_person"]).get(url).content.decode()
    assert made.title in client_for().get(reverse("outcomes:contracts")).content.decode()


def test_who_may_record_measurements(cast: dict[str, Any], signed: EffectContract) -> None:
    url = reverse("outcomes:measure", args=[signed.pk])
    assert client_for(cast["provider_person"]).get(url).status_code == 200
    assert client_for(cast["buyer"]).get(url).status_code == 200
    adviser = person(Role.ADVISER, organisation(Organisation.Kind.STATE))
    assert client_for(adviser).get(url).status_code == 200
    assert client_for(cast["investor_person"]).get(url).status_code == 403
    other_buyer = person(Role.BUYER, organisation(Organisation.Kind.MUNICIPALITY))
    assert client_for(other_buyer).get(url).status_code == 403


def test_the_page_shows_progress_and_what_is_owed(
    cast: dict[str, Any], signed: EffectContract
) -> None:
    mastery = signed.indicators.get(name="Mestring")
    dropout = signed.indicators.get(name="Frafall")
    for indicator, day, value in [(mastery, FIRST, 40), (mastery, FINAL, 60), (dropout, FINAL, 25)]:
        actions.record_measurement(
            indicator,
            by=cast["buyer"],
            measured_for=day,
            value=Decimal(value),
            reported_on=FINAL + timedelta(days=10),
            evidence="Rapport",
        )
    html = client_for().get(signed.get_absolute_url()).content.decode()
    assert "Target met" in html and "Partly met" in html
    assert 'value="50"' in html  # Frafall: halfway from 30 to 20
    assert "NOK 200" in html and "NOK 150" in html and "NOK 350" in html  # 200 000 + 150 000
    api = client_for().get("/api/effect-contracts/").json()["results"][0]
    assert api["settlement"]["owed"] == 350_000
    assert api["settlement"]["payments"] == [
        {
            "due": (FINAL + timedelta(days=40)).isoformat(),
            "amount": 350_000,
            "indicators": [mastery.pk, dropout.pk],
        }
    ]
    assert {i["name"] for i in api["indicators"]} == {"Mestring", "Frafall"}


def test_the_api_lists_signed_contracts_only(cast: dict[str, Any]) -> None:
    contract(cast)
    assert client_for().get("/api/effect-contracts/").json()["count"] == 0


def test_removing_an_indicator_is_refused_after_signing(
    cast: dict[str, Any], signed: EffectContract
) -> None:
    indicator = signed.indicators.first()
    assert isinstance(indicator, OutcomeIndicator)
    with pytest.raises(ContractError):
        actions.remove_indicator(indicator, by=cast["buyer"])
    assert signed.indicators.count() == 2
