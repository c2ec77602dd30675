"""Builders for catalogue tests: organisations, people with roles, entries, a programme decision."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Municipality, Organisation
from kjopekraft.organisations.orgnr import check_digit
from kjopekraft.programme.models import Challenge, Decision, Pilot, Proposal, Topic
from kjopekraft.solutions.models import CloudService, PriceModel, Solution

PASSWORD = "pw-test-123"
_counter = iter(range(1, 100_000))


def orgnr() -> str:
    """A fictional organisation number with a valid MOD11 check digit (98x xxx xxx)."""
    while True:
        first = f"98{next(_counter):06d}"
        digit = check_digit(first)
        if digit is not None:
            return f"{first}{digit}"


def organisation(
    kind: str = Organisation.Kind.MUNICIPALITY, name: str = "", municipality: str | None = None
) -> Organisation:
    return Organisation.objects.create(
        orgnr=orgnr(),
        name=name or f"Organisasjon {next(_counter)}",
        kind=kind,
        municipality=Municipality.objects.get(number=municipality) if municipality else None,
    )


def person(role: str | None = None, org: Organisation | None = None, name: str = "") -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=f"person{n}@example.no", password=PASSWORD, full_name=name or f"Person {n}"
    )
    if role:
        if org is None:
            kind = Organisation.Kind.COMPANY if role == Role.SUPPLIER else Organisation.Kind.STATE
            org = organisation(kind)
        Membership.objects.create(
            user=user, organisation=org, role=role, status=Membership.Status.APPROVED
        )
    return user


def org_of(user: User, role: str) -> Organisation:
    return Membership.objects.get(user=user, role=role).organisation


def solution(supplier: Organisation, **fields: Any) -> Solution:
    values: dict[str, Any] = {
        "title": f"Løsning {next(_counter)}",
        "summary": "Hva løsningen gjør.",
        "problem": "Problemet den løser.",
        "topic": Topic.HEALTH_CARE,
        "maturity": Solution.Maturity.READY,
        "price_model": PriceModel.SUBSCRIPTION,
        "rights": Solution.Rights.SUPPLIER,
        "acquisition": Solution.Acquisition.FRAMEWORK,
        "status": Solution.Status.VERIFIED,
        **fields,
    }
    return Solution.objects.create(supplier=supplier, **values)


def cloud_service(supplier: Organisation, **fields: Any) -> CloudService:
    values: dict[str, Any] = {
        "name": f"Skytjeneste {next(_counter)}",
        "description": "Hva tjenesten gjør.",
        "category": CloudService.Category.COLLABORATION,
        "storage_location": CloudService.Location.NORWAY,
        "processing_location": CloudService.Location.NORWAY,
        "price_model": PriceModel.PER_USER,
        "status": CloudService.Status.VERIFIED,
        **fields,
    }
    return CloudService.objects.create(supplier=supplier, **values)


def decision(
    lead: Organisation,
    supplier: Organisation,
    *,
    partners: tuple[Organisation, ...] = (),
    pilot_ended: date | None = None,
) -> Decision:
    """A challenge whose pilot ended in a decision to buy and scale, with follow-on allowed."""
    now = timezone.now()
    challenge = Challenge.objects.create(
        title=f"Utfordring {next(_counter)}",
        topic=Topic.WELFARE_TECHNOLOGY,
        problem="Fall om natten oppdages sent.",
        desired_effect="Fall oppdages raskt.",
        effect_indicator="Minutter fra fall til hjelp",
        effect_unit="min",
        effect_baseline=95,
        effect_target=20,
        lead_buyer=lead,
        question_deadline=now - timedelta(days=300),
        proposal_deadline=now - timedelta(days=290),
        procurement_route="innovation",
        status=Challenge.Status.DONE,
    )
    challenge.participating_buyers.set(partners)
    proposal = Proposal.objects.create(
        challenge=challenge,
        supplier=supplier,
        title="Fallsensor",
        summary="Sensorer som varsler fall.",
        approach="Utvikles med nattevaktene.",
        expected_effect="20 minutter.",
        price=500_000,
        status=Proposal.Status.SELECTED,
    )
    ended = pilot_ended or timezone.localdate() - timedelta(days=60)
    Pilot.objects.create(
        challenge=challenge, proposal=proposal, starts=ended - timedelta(days=180), ends=ended
    )
    return Decision.objects.create(
        challenge=challenge,
        outcome=Decision.Outcome.BUY_AND_SCALE,
        reason="Målet ble nådd.",
        purchase_route="innovation",
        follow_on_allowed=True,
        follow_on_terms="Andre kommuner kan kjøpe på samme vilkår.",
    )
