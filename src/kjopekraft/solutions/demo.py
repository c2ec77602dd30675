"""Catalogue demo: solutions, cloud services, adoptions across municipalities, an effect contract.

The programme's finished demo case (the activity robot, decided to buy and scale) becomes a
catalogue solution, and other municipalities adopt it over the following months, so the
spreading page has figures. The adoptions, the cloud services and their suppliers are
fictional (supplier numbers in the 999 999 9xx range); the municipalities are real bodies
used as examples. Loading is idempotent: what exists (by its name) is left alone.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from kjopekraft.accounts.models import Role, User
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import Decision, Topic
from kjopekraft.solutions import actions
from kjopekraft.solutions.models import (
    Adoption,
    CloudService,
    PriceModel,
    PurchaseRoute,
    Reference,
    Solution,
)

ADVISER = "radgiver@kjopekraft.no"
ROBOTICS, SOCIAL = "999999905", "999999913"
ARCHIVE, LEARNING = "999999921", "999999948"
ROBOT_CHALLENGE = "Mer fysisk aktivitet for pasienter på korttidsopphold"

SUPPLIERS = [
    (ROBOTICS, "Demo Robotikk AS"),
    (SOCIAL, "Demo Sosialt Entreprenørskap SA"),
    (ARCHIVE, "Demo Skyarkiv AS"),
    (LEARNING, "Demo Læringsrom AS"),
]

# Municipality numbers (2024) of the example adopters, with days after the first adoption.
ROBOT_FOLLOWERS = [("1108", 20), ("4601", 50), ("1833", 80), ("5001", 105), ("1151", 125)]


def _today() -> date:
    return timezone.localdate()


def _municipality(number: str) -> Organisation | None:
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.MUNICIPALITY, municipality__number=number
        )
        .order_by("pk")
        .first()
    )


def _supplier(orgnr: str, name: str) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        orgnr=orgnr, defaults={"name": name, "kind": Organisation.Kind.COMPANY}
    )
    return organisation


def _adopt(entry: Solution | CloudService, number: str, on: date, **fields: Any) -> None:
    organisation = _municipality(number)
    if organisation is None or on > _today():
        return
    Adoption.objects.get_or_create(
        **Adoption.of(entry),
        organisation=organisation,
        defaults={
            "adopted_on": on,
            "scope": fields.get("scope", Adoption.Scope.PART),
            "scope_details": fields.get("details", ""),
            "route": fields.get("route", PurchaseRoute.FOLLOW_ON_OPTION),
            "is_reference": fields.get("reference", False),
            "contact_email": fields.get("email", ""),
        },
    )


def _robot(adviser: User) -> Solution:
    """The programme's activity robot, or a stand-in when the programme demo is not loaded."""
    title = "Aktiviseringsrobot for korttidsavdelinger"
    existing = Solution.objects.filter(title=title).first()
    if existing is not None:
        return existing
    fields: dict[str, Any] = {
        "title": title,
        "summary": (
            "En robot som minner pasientene om aktivitet, viser treningsvideoer og gir "
            "fysioterapeutene en oversikt over hvor mye hver pasient har vært i bevegelse."
        ),
        "problem": (
            "Pasienter på korttidsopphold sitter mye stille og blir svakere, så færre kan "
            "flytte hjem igjen."
        ),
        "topic": Topic.HEALTH_CARE,
        "evidence": (
            "Målt i piloten: fra 25 til 48 minutter fysisk aktivitet per pasient per dag, "
            "etter aktivitetslogg ført av fysioterapeutene."
        ),
        "maturity": Solution.Maturity.IN_USE,
        "price_model": PriceModel.SUBSCRIPTION,
        "price_details": "Kr 4 900 per robot per måned, opplæring inkludert (demo).",
        "rights": Solution.Rights.SUPPLIER,
        "rights_details": (
            "Kommunene eier sine data og aktivitetsopplegg; programvaren er leverandørens."
        ),
        "acquisition": Solution.Acquisition.FOLLOW_ON_OPTION,
        "acquisition_details": (
            "Andre kommuner kan kjøpe roboten på samme vilkår i avtaleperioden (opsjon for "
            "etterfølgende kjøpere)."
        ),
        "buyer_only": ["price_details"],
    }
    decision = (
        Decision.objects.filter(
            challenge__title=ROBOT_CHALLENGE, outcome=Decision.Outcome.BUY_AND_SCALE
        )
        .select_related("challenge")
        .first()
    )
    if decision is not None and decision.challenge.pilots.exists():
        solution = actions.create_solution_from_decision(
            decision, Solution(**fields), by=adviser, cpv_codes=["33190000", "48000000"]
        )
        # The demo's decision is dated today; the case reads as if it was made months ago.
        solution.adoptions.update(adopted_on=_today() - timedelta(days=140))
        return solution
    solution = Solution(
        **fields,
        supplier=_supplier(ROBOTICS, "Demo Robotikk AS"),
        pilot_buyer=_municipality("1103"),
        pilot_ended=_today() - timedelta(days=160),
    )
    actions.register_entry(solution, by=adviser, cpv_codes=["33190000", "48000000"])
    _adopt(
        solution,
        "1103",
        _today() - timedelta(days=140),
        route=PurchaseRoute.ORIGINAL_CONTRACT,
    )
    return solution


def _work_friend(adviser: User) -> Solution:
    title = "Arbeidsvenn: oppfølging av unge i ny jobb"
    existing = Solution.objects.filter(title=title).first()
    if existing is not None:
        return existing
    solution = Solution(
        title=title,
        summary=(
            "Unge som har fullført et NAV-tiltak, får en arbeidsvenn med egen erfaring fra "
            "tiltak, som følger dem opp hver uke de første seks månedene i jobben."
        ),
        problem="Unge som fullfører tiltak, faller ofte ut igjen innen et halvt år.",
        topic=Topic.WORK_INCLUSION,
        evidence="Piloten pågår; foreløpig 47 % i arbeid eller utdanning mot 38 % før (demo).",
        maturity=Solution.Maturity.PILOT,
        price_model=PriceModel.PER_USER,
        price_details="Kr 45 000 per deltaker for seks måneders oppfølging (demo).",
        rights=Solution.Rights.SHARED,
        acquisition=Solution.Acquisition.NEW_COMPETITION,
        acquisition_details="Kan kjøpes som tjeneste av andre kommuner etter ny konkurranse.",
        buyer_only=["price_model", "price_details"],
        supplier=_supplier(SOCIAL, "Demo Sosialt Entreprenørskap SA"),
        pilot_buyer=_municipality("4601"),
    )
    actions.register_entry(solution, by=adviser, cpv_codes=["85312000"])
    bergen = _municipality("4601")
    if bergen is not None:
        Reference.objects.get_or_create(
            solution=solution, organisation=bergen, defaults={"note": "Pilotkommune"}
        )
    _adopt(
        solution,
        "5001",
        _today() - timedelta(days=25),
        route=PurchaseRoute.NEW_COMPETITION,
        scope=Adoption.Scope.TRIAL,
        details="Én bydel, 20 deltakere",
    )
    return solution


def _awaiting(supplier_user: User | None) -> None:
    """A supplier's entry waiting for an adviser, so the queue has something in it."""
    title = "Digital jobbcoach"
    if Solution.objects.filter(title=title).exists() or supplier_user is None:
        return
    actions.register_entry(
        Solution(
            title=title,
            summary="En app med påminnelser og oppgaver som hjelper nyansatte å mestre hverdagen.",
            problem="Nyansatte med lite arbeidserfaring faller ut de første ukene.",
            topic=Topic.WORK_INCLUSION,
            maturity=Solution.Maturity.READY,
            price_model=PriceModel.PER_USER,
            rights=Solution.Rights.SUPPLIER,
            acquisition=Solution.Acquisition.NEW_COMPETITION,
            supplier=_supplier(ROBOTICS, "Demo Robotikk AS"),
        ),
        by=supplier_user,
    )


def _services(adviser: User, robot: Solution) -> None:
    services = [
        {
            "name": "Demo Arkivsky",
            "description": (
                "Sak og arkiv som skytjeneste for kommuner, med eksport til arkivverket "
                "og innsyn for innbyggerne."
            ),
            "supplier": _supplier(ARCHIVE, "Demo Skyarkiv AS"),
            "category": CloudService.Category.CASE_MANAGEMENT,
            "storage_location": CloudService.Location.NORWAY,
            "processing_location": CloudService.Location.NORWAY,
            "certifications": "ISO/IEC 27001 (revidert 2024)",
            "price_model": PriceModel.PER_USER,
            "price_details": "Kr 210 per bruker per måned, minimum 50 brukere (demo).",
            "buyer_only": ["certifications", "price_model", "price_details"],
            "adopters": [("3405", 300), ("5501", 120)],
        },
        {
            "name": "Demo Læringsrom",
            "description": (
                "Læringsplattform for grunnskolen med oppgaver, vurdering og foreldrekontakt."
            ),
            "supplier": _supplier(LEARNING, "Demo Læringsrom AS"),
            "category": CloudService.Category.EDUCATION,
            "storage_location": CloudService.Location.EEA,
            "processing_location": CloudService.Location.EEA,
            "certifications": "ISO/IEC 27001, ISO/IEC 27701",
            "price_model": PriceModel.SUBSCRIPTION,
            "price_details": "Kr 95 per elev per år (demo).",
            "buyer_only": ["price_details"],
            "adopters": [("4204", 200)],
        },
        {
            "name": "Aktiviseringsrobot som tjeneste",
            "description": (
                "Roboten levert som tjeneste, med drift, oppdateringer og rapporter i skyen."
            ),
            "supplier": robot.supplier,
            "solution": robot,
            "category": CloudService.Category.HEALTH_WELFARE,
            "storage_location": CloudService.Location.NORWAY,
            "processing_location": CloudService.Location.EEA,
            "certifications": "",
            "price_model": PriceModel.SUBSCRIPTION,
            "price_details": "Inngår i abonnementet for roboten (demo).",
            "buyer_only": ["processing_location", "price_details"],
            "adopters": [],
        },
    ]
    for fields in services:
        adopters = fields.pop("adopters")
        if CloudService.objects.filter(name=fields["name"]).exists():
            continue
        service = CloudService(**fields)
        actions.register_entry(service, by=adviser)
        for number, days_ago in adopters:
            _adopt(
                service,
                number,
                _today() - timedelta(days=days_ago),
                route=PurchaseRoute.FRAMEWORK,
                scope=Adoption.Scope.WHOLE,
            )


@transaction.atomic
def load_solutions_demo() -> dict[str, int]:
    """Add the catalogue's and the effect contracts' demo data that is missing.

    Needs the core demo's personas (``core.demo.load_demo``) to be loaded first; the
    programme's demo is used when it is there.
    """
    from kjopekraft.outcomes.demo import load_outcomes_demo

    before = (Solution.objects.count(), CloudService.objects.count(), Adoption.objects.count())
    adviser = User.objects.filter(email=ADVISER).first()
    if adviser is None:
        return {"solutions": 0, "cloud_services": 0, "adoptions": 0}
    robot = _robot(adviser)
    first = robot.adoptions.order_by("adopted_on").values_list("adopted_on", flat=True).first()
    start = first or (_today() - timedelta(days=140))
    for number, days in ROBOT_FOLLOWERS:
        _adopt(
            robot,
            number,
            start + timedelta(days=days),
            reference=number == "1108",
            email="velferdsteknologi@sandnes.example" if number == "1108" else "",
            details="Korttidsavdelingene",
        )
    _work_friend(adviser)
    _awaiting(
        User.objects.filter(
            memberships__role=Role.SUPPLIER, memberships__organisation__orgnr=ROBOTICS
        ).first()
    )
    _services(adviser, robot)
    after = (Solution.objects.count(), CloudService.objects.count(), Adoption.objects.count())
    counts = {
        "solutions": after[0] - before[0],
        "cloud_services": after[1] - before[1],
        "adoptions": after[2] - before[2],
    }
    counts.update(load_outcomes_demo())
    return counts
