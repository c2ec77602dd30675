"""Builders for programme tests: people with roles, and a challenge brought to any phase."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme import actions
from kjopekraft.programme.models import (
    Challenge,
    Criterion,
    Need,
    Proposal,
    SupplierProfile,
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)

_counter = iter(range(1, 10_000))


def organisation(kind: str = Organisation.Kind.MUNICIPALITY, name: str = "") -> Organisation:
    # Numbers in the 999 999 9xx range with a valid MOD11 check digit are fictional.
    from kjopekraft.organisations.orgnr import check_digit

    while True:
        n = next(_counter)
        first = f"9{n:07d}"
        digit = check_digit(first)
        if digit is not None:
            break
    return Organisation.objects.create(
        orgnr=f"{first}{digit}", name=name or f"Organisasjon {n}", kind=kind
    )


def person(role: str | None = None, org: Organisation | None = None, name: str = "") -> User:
    n = next(_counter)
    user = User.objects.create_user(
        email=f"person{n}@example.no", password="pw-test-123", full_name=name or f"Person {n}"
    )
    if role:
        if org is None:
            kind = (
                Organisation.Kind.COMPANY
                if role == Role.SUPPLIER
                else Organisation.Kind.MUNICIPALITY
            )
            org = organisation(kind)
        Membership.objects.create(
            user=user, organisation=org, role=role, status=Membership.Status.APPROVED
        )
    return user


def org_of(user: User, role: str) -> Organisation:
    return Membership.objects.get(user=user, role=role).organisation


def supplier(kind: str = SupplierProfile.Kind.STARTUP) -> User:
    user = person(Role.SUPPLIER)
    SupplierProfile.objects.create(organisation=org_of(user, Role.SUPPLIER), kind=kind)
    return user


def need(buyer: User, **fields: Any) -> Need:
    values = {
        "title": "Færre fall blant eldre",
        "topic": "welfare-technology",
        "problem": "Fall om natten oppdages sent.",
        "affected": "Beboere i omsorgsboliger.",
        "current_practice": "Nattevakter går runder.",
        "desired_effect": "Fall oppdages raskt.",
        "effect_indicator": "Minutter fra fall til hjelp",
        "effect_baseline": Decimal("90"),
        "effect_target": Decimal("15"),
        **fields,
    }
    created = Need(organisation=org_of(buyer, Role.BUYER), **values)
    return actions.save_need(created, by=buyer)


def challenge(adviser: User, buyer: User, **fields: Any) -> Challenge:
    """A draft challenge with deadlines ahead and criteria that add up to 100."""
    now = timezone.now()
    values = {
        "title": "Trygg natt",
        "topic": "welfare-technology",
        "problem": "Nattlige tilsyn vekker beboerne.",
        "desired_effect": "Bedre søvn.",
        "effect_indicator": "Netter med god søvn per uke",
        "effect_baseline": Decimal("3"),
        "effect_target": Decimal("5"),
        "pilot_budget": 800_000,
        "question_deadline": now + timedelta(days=7),
        "proposal_deadline": now + timedelta(days=14),
        "procurement_route": "innovation",
        **fields,
    }
    created = Challenge.objects.create(
        lead_buyer=org_of(buyer, Role.BUYER), created_by=adviser, **values
    )
    Criterion.objects.create(challenge=created, name="Effekt", weight=60, order=0)
    Criterion.objects.create(challenge=created, name="Pris", weight=40, order=1)
    return created


def pass_deadline(item: Challenge) -> Challenge:
    """Move both deadlines into the past, as the clock would."""
    now = timezone.now()
    Challenge.objects.filter(pk=item.pk).update(
        question_deadline=now - timedelta(days=2), proposal_deadline=now - timedelta(minutes=1)
    )
    item.refresh_from_db()
    return item


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def propose(item: Challenge, user: User, **fields: Any) -> Proposal:
    values = {
        "title": "Radarsensor",
        "summary": "Varsler fall.",
        "approach": "Sensor i taket.",
        "expected_effect": "To netter mer søvn.",
        "price": 500_000,
        **fields,
    }
    return actions.submit_proposal(
        item, by=user, supplier=org_of(user, Role.SUPPLIER), fields=values, uploads=[]
    )


def in_phase(status: str, *, adviser: User, buyer: User, suppliers: list[User]) -> dict[str, Any]:
    """A challenge brought through the real transitions to ``status``, with what it needs there."""
    item = challenge(adviser, buyer)
    result: dict[str, Any] = {"challenge": item, "proposals": []}
    if status == Challenge.Status.DRAFT:
        return result
    actions.publish_challenge(item, by=adviser)
    result["proposals"] = [propose(item, s, title=f"Forslag {i}") for i, s in enumerate(suppliers)]
    if status == Challenge.Status.PUBLISHED:
        return result
    pass_deadline(item)
    item.close(adviser)
    if status == Challenge.Status.CLOSED:
        return result
    evaluator = actions.assign_evaluator(item, user=person(), by=adviser)
    result["evaluator"] = evaluator
    item.start_evaluation(adviser)
    if status == Challenge.Status.EVALUATION:
        return result
    today = timezone.localdate()
    actions.select_proposals(
        item,
        by=adviser,
        selected=result["proposals"][:1],
        reasons="Best effekt.",
        starts=today,
        ends=today + timedelta(days=90),
    )
    if status == Challenge.Status.PILOT:
        return result
    item.await_decision(buyer)
    return result


def zip_bytes(members: dict[str, bytes]) -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()
