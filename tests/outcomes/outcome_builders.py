"""Builders for effect-contract tests: parties with people, and a contract ready to sign."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Organisation
from kjopekraft.organisations.orgnr import check_digit
from kjopekraft.outcomes import actions
from kjopekraft.outcomes.models import EffectContract, OutcomeIndicator

_counter = iter(range(1, 100_000))

# Dates relative to today, so the evidence is never in the future: the final measurement date
# was 40 days ago, and its evidence is due in 20 days.
TODAY = timezone.localdate()
FINAL = TODAY - timedelta(days=40)
FIRST = FINAL - timedelta(days=365)


def orgnr() -> str:
    """A fictional organisation number with a valid MOD11 check digit (97x xxx xxx)."""
    while True:
        first = f"97{next(_counter):06d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def organisation(kind: str = Organisation.Kind.COMPANY, name: str = "") -> Organisation:
    return Organisation.objects.create(
        orgnr=orgnr(), name=name or f"Organisasjon {next(_counter)}", kind=kind
    )


def person(role: str | None = None, org: Organisation | None = None, name: str = "") -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=f"part{n}@example.no", password="pw-test-123", full_name=name or f"Person {n}"
    )
    if role and org is not None:
        Membership.objects.create(
            user=user, organisation=org, role=role, status=Membership.Status.APPROVED
        )
    return user


def parties() -> dict[str, Any]:
    """A municipality with a buyer, an investor and a provider with a person each."""
    commissioner = organisation(Organisation.Kind.MUNICIPALITY, "Eksempel kommune")
    investor = organisation(name="Eksempel Investor AS")
    provider = organisation(name="Eksempel Naturskole SA")
    return {
        "commissioner": commissioner,
        "investor": investor,
        "provider": provider,
        "buyer": person(Role.BUYER, commissioner, "Berit Bestiller"),
        "provider_person": person(Role.SUPPLIER, provider, "Per Produsent"),
        "investor_person": person(Role.SUPPLIER, investor, "Inga Investor"),
    }


def contract(cast: dict[str, Any], **terms: Any) -> EffectContract:
    """A draft: NOK 1 000 000 invested, 50 % repaid, two indicators weighted 40 and 60."""
    made = actions.save_contract(
        EffectContract(
            title="Naturskole",
            measure="Naturskole for elever som står i fare for å falle ut.",
            commissioner=cast["commissioner"],
            investor=cast["investor"],
            provider=cast["provider"],
            funded_from=FIRST - timedelta(days=365),
            funded_until=FINAL + timedelta(days=30),
            investment=1_000_000,
            repayment_percent=Decimal(50),
            **terms,
        ),
        by=cast["buyer"],
    )
    actions.save_indicator(
        OutcomeIndicator(
            contract=made,
            name="Mestring",
            unit="%",
            baseline=Decimal(20),
            target=Decimal(60),
            measurement_dates=[FIRST.isoformat(), FINAL.isoformat()],
            evidence_source="Spørreundersøkelse",
            weight=Decimal(40),
        ),
        by=cast["buyer"],
    )
    actions.save_indicator(
        OutcomeIndicator(
            contract=made,
            name="Frafall",
            unit="%",
            baseline=Decimal(30),
            target=Decimal(20),
            measurement_dates=[FINAL.isoformat()],
            evidence_source="Elevregisteret",
            weight=Decimal(60),
        ),
        by=cast["buyer"],
    )
    return made
