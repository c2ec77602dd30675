"""The demo data that `make run` loads: personas for every role, and their organisations.

Loading is idempotent: what exists is left as it is, so a second run adds nothing.
The organisations are real public bodies (their public organisation numbers) and fictional
suppliers whose numbers are in the 999 999 9xx range.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Municipality, Organisation
from kjopekraft.programme.demo import load_programme_demo
from kjopekraft.solutions.demo import load_solutions_demo

DEMO_PASSWORD = "kjopekraft-demo"  # noqa: S105 - documented in the README, refused in production


@dataclass(frozen=True)
class DemoOrganisation:
    orgnr: str
    name: str
    kind: str
    municipality: str | None = None
    organisation_form: str = ""


@dataclass(frozen=True)
class Persona:
    email: str
    full_name: str
    role: str | None  # None: no membership
    orgnr: str | None
    status: str = Membership.Status.APPROVED
    superuser: bool = False
    description: str = ""


ORGANISATIONS = [
    DemoOrganisation(
        "986252932", "Direktoratet for forvaltning og økonomistyring", "state", "0301", "ORGL"
    ),
    DemoOrganisation("964965226", "Stavanger kommune", "municipality", "1103", "KOMM"),
    DemoOrganisation("964338531", "Bergen kommune", "municipality", "4601", "KOMM"),
    DemoOrganisation("999999905", "Demo Robotikk AS", "company", "1103", "AS"),
    DemoOrganisation("999999913", "Demo Sosialt Entreprenørskap SA", "company", "0301", "SA"),
]

PERSONAS = [
    Persona(
        "admin@kjopekraft.no",
        "Ada Administrator",
        None,
        None,
        superuser=True,
        description="site administrator",
    ),
    Persona(
        "radgiver@kjopekraft.no",
        "Rasmus Rådgiver",
        Role.ADVISER,
        "986252932",
        description="programme adviser (DFØ)",
    ),
    Persona(
        "innkjoper@stavanger.kommune.no",
        "Ingrid Innkjøper",
        Role.BUYER,
        "964965226",
        description="buyer (Stavanger kommune)",
    ),
    Persona(
        "ny.innkjoper@bergen.kommune.no",
        "Nils Nyansatt",
        Role.BUYER,
        "964338531",
        status=Membership.Status.PENDING,
        description="buyer awaiting approval (Bergen kommune)",
    ),
    Persona(
        "leverandor@robotikk.example",
        "Siri Startup",
        Role.SUPPLIER,
        "999999905",
        description="supplier (Demo Robotikk AS)",
    ),
    Persona(
        "grunder@sosial.example",
        "Gunnar Gründer",
        Role.SUPPLIER,
        "999999913",
        description="supplier (social enterprise)",
    ),
    Persona(
        "besokende@example.no",
        "Berit Besøkende",
        None,
        None,
        description="signed-in person without any role",
    ),
]


@transaction.atomic
def load_demo() -> dict[str, int]:
    """Create what is missing; return how many organisations, people and memberships were new."""
    created = {"organisations": 0, "people": 0, "memberships": 0}
    for org in ORGANISATIONS:
        _, was_created = Organisation.objects.get_or_create(
            orgnr=org.orgnr,
            defaults={
                "name": org.name,
                "kind": org.kind,
                "organisation_form": org.organisation_form,
                "municipality": Municipality.objects.filter(number=org.municipality).first(),
            },
        )
        created["organisations"] += was_created
    for persona in PERSONAS:
        user = User.objects.filter(email=persona.email).first()
        if user is None:
            user = User.objects.create_user(
                email=persona.email,
                password=DEMO_PASSWORD,
                full_name=persona.full_name,
                is_staff=persona.superuser,
                is_superuser=persona.superuser,
            )
            created["people"] += 1
        if persona.role and persona.orgnr:
            _, was_created = Membership.objects.get_or_create(
                user=user,
                organisation=Organisation.objects.get(orgnr=persona.orgnr),
                role=persona.role,
                defaults={"status": persona.status},
            )
            created["memberships"] += was_created
    load_programme_demo(DEMO_PASSWORD)
    # The catalogue and the effect contract build on the programme's cases.
    load_solutions_demo()
    return created
