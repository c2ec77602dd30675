"""Programme demo: two buyers, an adviser, two evaluators, two suppliers, and cases in every phase.

A new user sees the whole journey at once: needs as draft, submitted (with a proposal to join
another buyer's similar need), accepted and returned; challenges as draft, open for proposals
with questions and answers, in evaluation, in pilot, done with a decision to buy and scale, and
one cancelled. Loading is idempotent: a case that exists (by its title) is left alone.

The cases are fictional, written after the white paper's examples (box 11.6: Stavanger's
activity robot for patients on short-term stays).
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from kjopekraft.accounts.models import Membership, Role, User
from kjopekraft.organisations.models import Municipality, Organisation
from kjopekraft.programme.models import (
    Answer,
    AuditLog,
    Challenge,
    Criterion,
    Decision,
    EffectMeasurement,
    Evaluator,
    JointNeedProposal,
    Milestone,
    Need,
    Pilot,
    Proposal,
    ProposalAttachment,
    Question,
    Score,
    StatusReport,
    SupplierProfile,
    Topic,
    TopicSubscription,
)

ADVISER = "radgiver@kjopekraft.no"
STAVANGER_BUYER = "innkjoper@stavanger.kommune.no"
BERGEN_BUYER = "innkjoper@bergen.kommune.no"
EVALUATOR_1 = "evaluator@kjopekraft.no"
EVALUATOR_2 = "fagekspert@kjopekraft.no"
ROBOTICS = "leverandor@robotikk.example"
SOCIAL = "grunder@sosial.example"

STAVANGER, BERGEN = "964965226", "964338531"
ROBOTICS_ORG, SOCIAL_ORG = "999999905", "999999913"

# Persons the core demo does not have: an approved buyer in a second municipality, and two
# evaluators without any role (evaluators are assigned per challenge).
NEW_PERSONAS = [
    (BERGEN_BUYER, "Bjørg Bergersen", Role.BUYER, BERGEN),
    (EVALUATOR_1, "Eva Evaluator", None, None),
    (EVALUATOR_2, "Frida Fagekspert", None, None),
]

# The smallest valid PDF: a proposal in the demo has an attachment to download.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

CRITERIA = [
    (
        "Forventet effekt på behovet",
        "Hvor godt løsningen gir ønsket effekt, og hvordan den måles.",
        40,
    ),
    ("Kvalitet og gjennomførbarhet", "Løsningens modenhet, teamet og planen for piloten.", 35),
    ("Pris", "Samlet pris for piloten.", 25),
]


@contextlib.contextmanager
def _dated(when: datetime) -> Iterator[None]:
    """Audit entries written inside the block are dated ``when``, so the journey reads as lived."""
    last = AuditLog.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    yield
    AuditLog.objects.filter(pk__gt=last).update(created=when)


def _days(n: int) -> datetime:
    return timezone.now() + timedelta(days=n)


def _people(password: str) -> dict[str, User]:
    for email, name, role, orgnr in NEW_PERSONAS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email=email, password=password, full_name=name)
        if role and orgnr:
            Membership.objects.get_or_create(
                user=user,
                organisation=Organisation.objects.get(orgnr=orgnr),
                role=role,
                defaults={"status": Membership.Status.APPROVED},
            )
    emails = [ADVISER, STAVANGER_BUYER, BERGEN_BUYER, EVALUATOR_1, EVALUATOR_2, ROBOTICS, SOCIAL]
    return {u.email: u for u in User.objects.filter(email__in=emails)}


def _profiles() -> None:
    for orgnr, kind, founded, text, employees in [
        (
            ROBOTICS_ORG,
            SupplierProfile.Kind.STARTUP,
            date(2021, 3, 1),
            "Sosiale roboter og sensorer for helse og omsorg.",
            7,
        ),
        (
            SOCIAL_ORG,
            SupplierProfile.Kind.SOCIAL_ENTERPRISE,
            date(2019, 9, 15),
            "Arbeidstrening og oppfølging av unge utenfor arbeidslivet.",
            12,
        ),
    ]:
        organisation = Organisation.objects.get(orgnr=orgnr)
        if organisation.founding_date is None:
            organisation.founding_date = founded
            organisation.save(update_fields=["founding_date", "updated"])
        SupplierProfile.objects.get_or_create(
            organisation=organisation,
            defaults={"kind": kind, "description": text, "employees": employees},
        )


def _need(org: str, author: User, created: int = -40, **fields: Any) -> tuple[Need, bool]:
    organisation = Organisation.objects.get(orgnr=org)
    existing = Need.objects.filter(organisation=organisation, title=fields["title"]).first()
    if existing:
        return existing, False
    need = Need.objects.create(organisation=organisation, author=author, **fields)
    with _dated(_days(created)):
        AuditLog.record(author, AuditLog.Action.CREATED, need)
    return need, True


def _challenge(
    title: str, adviser: User, lead: str, partners: list[str], created: int = -1, **fields: Any
) -> tuple[Challenge, bool]:
    existing = Challenge.objects.filter(title=title).first()
    if existing:
        return existing, False
    challenge = Challenge.objects.create(
        title=title,
        lead_buyer=Organisation.objects.get(orgnr=lead),
        created_by=adviser,
        question_deadline=_days(14),
        proposal_deadline=_days(28),
        procurement_route="innovation",
        route_reasoning="Utvikling og kjøp i samme prosedyre; anskaffelsesforskriften § 26-1.",
        doffin_notice_required=True,
        eligibility="Oppstartsselskaper, sosiale entreprenører og små og mellomstore bedrifter.",
        **fields,
    )
    challenge.participating_buyers.set(Organisation.objects.filter(orgnr__in=partners))
    for order, (name, description, weight) in enumerate(CRITERIA):
        Criterion.objects.create(
            challenge=challenge, name=name, description=description, weight=weight, order=order
        )
    with _dated(_days(created)):
        AuditLog.record(adviser, AuditLog.Action.CREATED, challenge)
    return challenge, True


def _publish(challenge: Challenge, adviser: User, when: datetime) -> None:
    with _dated(when):
        challenge.publish(adviser)
    Challenge.objects.filter(pk=challenge.pk).update(published_at=when)


def _deadlines_passed(challenge: Challenge, days_ago: int) -> None:
    """Move a published challenge's deadlines into the past, as if the time had gone by."""
    proposals = _days(-days_ago)
    Challenge.objects.filter(pk=challenge.pk).update(
        question_deadline=proposals - timedelta(days=7), proposal_deadline=proposals
    )
    challenge.refresh_from_db()


def _propose(challenge: Challenge, user: User, orgnr: str, **fields: Any) -> Proposal:
    proposal = Proposal.objects.create(
        challenge=challenge,
        supplier=Organisation.objects.get(orgnr=orgnr),
        submitted_by=user,
        **fields,
    )
    AuditLog.record(user, AuditLog.Action.CREATED, proposal)
    return proposal


def _attach(proposal: Proposal, name: str) -> None:
    # One fixed file for every demo attachment: loading the demo again, or in each test
    # database, never leaves another copy on disk.
    digest = hashlib.sha256(DEMO_PDF).hexdigest()
    attachment = ProposalAttachment(
        proposal=proposal,
        original_name=name,
        content_type="application/pdf",
        size=len(DEMO_PDF),
        sha256=digest,
    )
    path = f"proposals/demo-{digest[:16]}"
    storage = attachment.file.storage
    if not storage.exists(path):
        storage.save(path, ContentFile(DEMO_PDF))
    attachment.file.name = path
    attachment.save()


def _score(evaluator: Evaluator, proposal: Proposal, values: list[tuple[int, str]]) -> None:
    for criterion, (value, why) in zip(evaluator.challenge.criteria.all(), values, strict=True):
        Score.objects.update_or_create(
            evaluator=evaluator,
            proposal=proposal,
            criterion=criterion,
            defaults={"value": value, "justification": why},
        )


# --- The cases ---------------------------------------------------------------------------------


def _needs(p: dict[str, User]) -> None:
    adviser, stavanger, bergen = p[ADVISER], p[STAVANGER_BUYER], p[BERGEN_BUYER]
    _need(
        BERGEN,
        bergen,
        title="Ensomhet blant eldre som bor hjemme",
        topic=Topic.HEALTH_CARE,
        problem=(
            "Mange eldre som bor alene, har lite kontakt med andre. Hjemmetjenesten ser det, men "
            "har ikke tid til samtaler."
        ),
        affected="Om lag 4 000 hjemmeboende over 80 år i kommunen.",
        current_practice="Frivillige besøksvenner, men ventelisten er lang.",
        desired_effect="Færre eldre opplever seg ensomme.",
        effect_indicator="Andel som svarer at de ofte er ensomme (brukerundersøkelse)",
        effect_unit="%",
        effect_baseline=Decimal("31"),
        effect_target=Decimal("20"),
    )
    falls, created = _need(
        STAVANGER,
        stavanger,
        title="Færre fall blant eldre i omsorgsboliger",
        topic=Topic.WELFARE_TECHNOLOGY,
        problem=(
            "Fall om natten blir ofte oppdaget sent. Beboerne blir liggende, og bruddskader gir "
            "lange sykehusopphold."
        ),
        affected="Beboere i kommunens omsorgsboliger, om lag 900 personer.",
        current_practice="Nattevakter går faste runder og vekker ofte beboerne.",
        desired_effect="Fall oppdages raskt, og færre fall fører til sykehusinnleggelse.",
        effect_indicator="Fall med sykehusinnleggelse per 100 beboere i året",
        effect_baseline=Decimal("14"),
        effect_target=Decimal("9"),
        budget_min=500_000,
        budget_max=2_000_000,
    )
    if created:
        with _dated(_days(-20)):
            falls.submit(stavanger)
        with _dated(_days(-15)):
            falls.accept(adviser, "Godt beskrevet behov. Flere kommuner har det samme.")
    bergen_falls, created = _need(
        BERGEN,
        bergen,
        title="Færre fall hjå eldre som bur heime",
        topic=Topic.WELFARE_TECHNOLOGY,
        problem=(
            "Eldre som bur åleine, fell og blir liggjande lenge før nokon finn dei. "
            "Tryggleiksalarmen blir ikkje brukt når dei ligg."
        ),
        affected="Heimebuande over 75 år med tryggleiksalarm, om lag 2 500 personar.",
        current_practice="Tryggleiksalarm på armen og faste besøk frå heimetenesta.",
        desired_effect="Fall blir oppdaga innan kort tid, og færre må leggjast inn på sjukehus.",
        effect_indicator="Tid frå fall til hjelp kjem (minutt)",
        effect_unit="min",
        effect_baseline=Decimal("95"),
        effect_target=Decimal("20"),
        budget_max=1_500_000,
    )
    if created:
        with _dated(_days(-3)):
            bergen_falls.submit(bergen)
        proposal = JointNeedProposal.objects.create(
            need=bergen_falls,
            other=falls,
            proposed_by=bergen,
            message="Vi har same behov og vil gjerne gå saman i marknadsdialogen.",
        )
        with _dated(_days(-2)):
            AuditLog.record(bergen, AuditLog.Action.CREATED, proposal)
    tablets, created = _need(
        STAVANGER,
        stavanger,
        title="Nye nettbrett til alle elever på mellomtrinnet",
        topic=Topic.EDUCATION,
        problem="Vi trenger 3 000 nettbrett med tastatur og deksel.",
        affected="Elever på 5.–7. trinn.",
        current_practice="Elevene deler PC-er.",
        desired_effect="Alle elever har eget nettbrett.",
        effect_indicator="Antall nettbrett",
    )
    if created:
        with _dated(_days(-10)):
            tablets.submit(stavanger)
        with _dated(_days(-8)):
            tablets.return_with_comments(
                adviser,
                "Dette beskriver en løsning, ikke et problem. Hva er det elevene ikke får til i "
                "dag, "
                "og hvilken effekt ønsker dere? Da kan leverandørene foreslå mer enn nettbrett.",
            )


def _open_challenge(p: dict[str, User]) -> None:
    adviser, stavanger, bergen = p[ADVISER], p[STAVANGER_BUYER], p[BERGEN_BUYER]
    need, created = _need(
        STAVANGER,
        stavanger,
        title="Mindre matsvinn i sykehjemskjøkkenet",
        topic=Topic.ENVIRONMENT,
        problem=(
            "Sykehjemmene kaster en firedel av maten som lages. Bestillingene bygger på anslag, "
            "ikke på hva beboerne faktisk spiser."
        ),
        affected="Kjøkkenene ved 12 sykehjem og om lag 1 100 beboere.",
        current_practice="Faste menyer og manuelle bestillinger hver uke.",
        desired_effect="Mindre mat kastes, uten at beboerne spiser mindre.",
        effect_indicator="Kilo matsvinn per beboer per uke",
        effect_unit="kg",
        effect_baseline=Decimal("2.4"),
        effect_target=Decimal("1.2"),
        budget_max=1_200_000,
    )
    if not created:
        return
    with _dated(_days(-30)):
        need.submit(stavanger)
    with _dated(_days(-25)):
        need.accept(adviser)
    challenge, _ = _challenge(
        "Mindre matsvinn i sykehjemskjøkken",
        adviser,
        STAVANGER,
        [BERGEN],
        created=-21,
        topic=Topic.ENVIRONMENT,
        problem=need.problem,
        desired_effect=need.desired_effect,
        effect_indicator=need.effect_indicator,
        effect_unit=need.effect_unit,
        effect_baseline=need.effect_baseline,
        effect_target=need.effect_target,
        pilot_budget=1_200_000,
        pilot_months=6,
        offer=(
            "En betalt pilot ved to sykehjem i seks måneder, med tilgang til kjøkkenpersonale og "
            "data om bestillinger."
        ),
    )
    with _dated(_days(-20)):
        need.join_challenge(challenge, adviser)
    _publish(challenge, adviser, _days(-7))
    robotics = Organisation.objects.get(orgnr=ROBOTICS_ORG)
    answered = Question.objects.create(
        challenge=challenge,
        asker=p[ROBOTICS],
        asker_organisation=robotics,
        text="Kan piloten bruke vekter i kjøkkenet som kobles til nettet?",
    )
    Answer.objects.create(
        question=answered,
        answered_by=adviser,
        text=(
            "Ja. Kjøkkenene har trådløst nett, og utstyr kan monteres etter avtale med driftsleder."
        ),
    )
    Question.objects.create(
        challenge=challenge,
        asker=p[SOCIAL],
        asker_organisation=Organisation.objects.get(orgnr=SOCIAL_ORG),
        text="Må løsningen integreres med dagens bestillingssystem?",
    )
    proposal = _propose(
        challenge,
        p[ROBOTICS],
        ROBOTICS_ORG,
        title="Smart vekt og bestillingsforslag",
        summary="Vekter måler det som kastes, og bestillingen foreslås ut fra det beboerne spiser.",
        approach=(
            "Vi monterer vekter ved oppvasken og lager ukentlige bestillingsforslag sammen med "
            "kokkene."
        ),
        expected_effect="Halvert matsvinn etter tre måneder.",
        price=950_000,
    )
    _attach(proposal, "Smart vekt - løsningsbeskrivelse.pdf")
    AuditLog.record(bergen, AuditLog.Action.EDITED, challenge)


def _evaluation_challenge(p: dict[str, User]) -> None:
    adviser = p[ADVISER]
    challenge, created = _challenge(
        "Trygg natt uten å vekke beboerne",
        adviser,
        STAVANGER,
        [],
        created=-50,
        topic=Topic.WELFARE_TECHNOLOGY,
        problem=(
            "Nattlige tilsyn vekker beboerne i omsorgsboligene, og uro om natten gir fall og "
            "dårligere søvn."
        ),
        desired_effect="Beboerne sover bedre, og personalet vet når noen trenger hjelp.",
        effect_indicator="Netter med uforstyrret søvn per beboer per uke",
        effect_baseline=Decimal("3"),
        effect_target=Decimal("5"),
        pilot_budget=800_000,
        pilot_months=4,
        offer="En pilot i én omsorgsbolig med 24 beboere.",
    )
    if not created:
        return
    _publish(challenge, adviser, _days(-45))
    robot = _propose(
        challenge,
        p[ROBOTICS],
        ROBOTICS_ORG,
        title="Radarsensor som varsler uten kamera",
        summary="En radarsensor i taket merker uro og fall og varsler nattevakten.",
        approach="Sensorene monteres i 24 leiligheter; varsler går til personalets telefoner.",
        expected_effect="Tilsynsrunder bare ved behov: to netter mer med uforstyrret søvn per uke.",
        price=760_000,
    )
    _attach(robot, "Radarsensor - tilbud.pdf")
    social = _propose(
        challenge,
        p[SOCIAL],
        SOCIAL_ORG,
        title="Nattvenner og søvnkartlegging",
        summary="Opplærte nattvenner og en enkel søvndagbok gir tilsyn etter behov.",
        approach="Vi rekrutterer og lærer opp nattvenner blant unge i arbeidstrening.",
        expected_effect="Færre unødvendige tilsyn og en roligere natt.",
        price=540_000,
    )
    _deadlines_passed(challenge, 10)
    with _dated(_days(-9)):
        challenge.close(adviser)
    eva = Evaluator.objects.create(challenge=challenge, user=p[EVALUATOR_1], assigned_by=adviser)
    Evaluator.objects.create(challenge=challenge, user=p[EVALUATOR_2], assigned_by=adviser)
    with _dated(_days(-8)):
        AuditLog.record(adviser, AuditLog.Action.EVALUATOR_ASSIGNED, eva)
        challenge.start_evaluation(adviser)
    with _dated(_days(-7)):
        eva.declare(conflict=False, statement="", by=p[EVALUATOR_1])
    _score(
        eva,
        robot,
        [
            (8, "Treffer ønsket effekt direkte og kan måles fra dag én."),
            (7, "Moden teknologi; lite team, men god plan."),
            (5, "Innenfor budsjett, men nær taket."),
        ],
    )
    _score(
        eva,
        social,
        [
            (5, "Effekten er usikker og avhenger av bemanning."),
            (6, "Realistisk plan, godt forankret."),
            (8, "Lav pris."),
        ],
    )


def _pilot_challenge(p: dict[str, User]) -> None:
    adviser, bergen = p[ADVISER], p[BERGEN_BUYER]
    challenge, created = _challenge(
        "Flere unge i arbeid etter NAV-tiltak",
        adviser,
        BERGEN,
        [STAVANGER],
        created=-170,
        topic=Topic.WORK_INCLUSION,
        problem="Unge som fullfører tiltak, faller ofte ut igjen innen et halvt år.",
        desired_effect="Flere unge er i arbeid eller utdanning et halvt år etter tiltaket.",
        effect_indicator="Andel i arbeid eller utdanning seks måneder etter",
        effect_unit="%",
        effect_baseline=Decimal("38"),
        effect_target=Decimal("55"),
        pilot_budget=1_500_000,
        pilot_months=9,
    )
    if not created:
        return
    _publish(challenge, adviser, _days(-160))
    social = _propose(
        challenge,
        p[SOCIAL],
        SOCIAL_ORG,
        title="Arbeidsvenn: oppfølging i jobben",
        summary="En arbeidsvenn følger den unge de første seks månedene i jobben.",
        approach="Arbeidsvenner med egen erfaring fra NAV-tiltak følger opp ukentlig.",
        expected_effect="55 % i arbeid eller utdanning etter seks måneder.",
        price=1_350_000,
    )
    robot = _propose(
        challenge,
        p[ROBOTICS],
        ROBOTICS_ORG,
        title="Digital jobbcoach",
        summary="En app med påminnelser og oppgaver.",
        approach="Appen tilpasses hver arbeidsplass.",
        expected_effect="Bedre oppmøte.",
        price=600_000,
    )
    _deadlines_passed(challenge, 120)
    with _dated(_days(-119)):
        challenge.close(adviser)
    eva = Evaluator.objects.create(challenge=challenge, user=p[EVALUATOR_1], assigned_by=adviser)
    frida = Evaluator.objects.create(challenge=challenge, user=p[EVALUATOR_2], assigned_by=adviser)
    with _dated(_days(-118)):
        challenge.start_evaluation(adviser)
        eva.declare(conflict=False, statement="", by=p[EVALUATOR_1])
        frida.declare(
            conflict=True,
            statement="Jeg har tidligere vært styremedlem i Demo Sosialt Entreprenørskap SA.",
            by=p[EVALUATOR_2],
        )
    _score(eva, social, [(9, "Sterk modell."), (8, "Erfarent team."), (6, "Høy pris.")])
    _score(
        eva, robot, [(4, "Svak kobling til effekten."), (6, "Enkel å ta i bruk."), (9, "Lav pris.")]
    )
    with _dated(_days(-110)):
        social.select(adviser)
        robot.reject(adviser)
        challenge.selection_reasons = (
            "Arbeidsvenn fikk høyest vektet poengsum (8,1 mot 5,6), "
            "først og fremst på forventet effekt."
        )
        challenge.save(update_fields=["selection_reasons", "updated"])
        challenge.start_pilot(adviser)
    pilot = Pilot.objects.create(
        challenge=challenge,
        proposal=social,
        starts=(_days(-100)).date(),
        ends=(_days(170)).date(),
    )
    for title, due, done in [
        ("Ti arbeidsvenner rekruttert og lært opp", -90, -88),
        ("De første 30 unge har fått en arbeidsvenn", -60, -55),
        ("Midtveisevaluering med NAV", 20, None),
        ("Sluttrapport og måling", 170, None),
    ]:
        Milestone.objects.create(
            pilot=pilot,
            title=title,
            due=_days(due).date(),
            completed=_days(done).date() if done is not None else None,
        )
    StatusReport.objects.create(
        pilot=pilot,
        author=p[SOCIAL],
        health=StatusReport.Health.ON_TRACK,
        text="Alle arbeidsvennene er i gang. To av arbeidsgiverne ønsker flere deltakere.",
    )
    for days, value in [(-60, "41"), (-20, "47")]:
        EffectMeasurement.objects.create(
            pilot=pilot,
            measured_on=_days(days).date(),
            value=Decimal(value),
            note="Registerdata fra NAV for deltakerne i piloten.",
            recorded_by=bergen,
        )


def _done_challenge(p: dict[str, User]) -> None:
    adviser, stavanger = p[ADVISER], p[STAVANGER_BUYER]
    challenge, created = _challenge(
        "Mer fysisk aktivitet for pasienter på korttidsopphold",
        adviser,
        STAVANGER,
        [],
        created=-410,
        topic=Topic.HEALTH_CARE,
        problem=(
            "Pasienter på korttidsopphold sitter mye stille og blir svakere, så færre kan flytte "
            "hjem igjen."
        ),
        desired_effect="Pasientene er mer i aktivitet, og flere kan bo hjemme lenger.",
        effect_indicator="Minutter fysisk aktivitet per pasient per dag",
        effect_unit="min",
        effect_baseline=Decimal("25"),
        effect_target=Decimal("45"),
        pilot_budget=1_000_000,
        pilot_months=6,
    )
    if not created:
        return
    _publish(challenge, adviser, _days(-400))
    robot = _propose(
        challenge,
        p[ROBOTICS],
        ROBOTICS_ORG,
        title="Aktiviseringsrobot",
        summary=(
            "En robot som minner om aktivitet, viser treningsvideoer og kobler til helsepersonell."
        ),
        approach="Utvikles sammen med fysioterapeutene på to avdelinger.",
        expected_effect="45 minutter aktivitet per dag.",
        price=900_000,
    )
    _deadlines_passed(challenge, 360)
    with _dated(_days(-359)):
        challenge.close(adviser)
    eva = Evaluator.objects.create(challenge=challenge, user=p[EVALUATOR_1], assigned_by=adviser)
    with _dated(_days(-355)):
        challenge.start_evaluation(adviser)
        eva.declare(conflict=False, statement="", by=p[EVALUATOR_1])
    _score(eva, robot, [(8, "God effekt."), (7, "Moden nok."), (7, "Innenfor rammen.")])
    with _dated(_days(-350)):
        robot.select(adviser)
        challenge.selection_reasons = "Eneste forslag, og det oppfyller kravene godt."
        challenge.save(update_fields=["selection_reasons", "updated"])
        challenge.start_pilot(adviser)
    pilot = Pilot.objects.create(
        challenge=challenge, proposal=robot, starts=_days(-340).date(), ends=_days(-160).date()
    )
    Milestone.objects.create(
        pilot=pilot,
        title="Robot i bruk på to avdelinger",
        due=_days(-300).date(),
        completed=_days(-302).date(),
    )
    for days, value in [(-250, "34"), (-170, "48")]:
        EffectMeasurement.objects.create(
            pilot=pilot,
            measured_on=_days(days).date(),
            value=Decimal(value),
            note="Aktivitetslogg fra fysioterapeutene.",
            recorded_by=stavanger,
        )
    with _dated(_days(-150)):
        challenge.await_decision(stavanger)
    decision = Decision.objects.create(
        challenge=challenge,
        outcome=Decision.Outcome.BUY_AND_SCALE,
        reason="Målet ble nådd: 48 minutter aktivitet per dag mot 25 før piloten.",
        purchase_route="innovation",
        route_reasoning="Innovasjonspartnerskapet omfattet kjøp av ferdig løsning.",
        follow_on_allowed=True,
        follow_on_terms="Andre kommuner kan kjøpe roboten på samme vilkår i avtaleperioden.",
        decided_by=stavanger,
    )
    with _dated(_days(-140)):
        AuditLog.record(stavanger, AuditLog.Action.CREATED, decision, outcome=decision.outcome)
        challenge.finish(stavanger)


def _draft_and_cancelled(p: dict[str, User]) -> None:
    adviser = p[ADVISER]
    _challenge(
        "Renere luft rundt skolene",
        adviser,
        STAVANGER,
        [BERGEN],
        topic=Topic.ENVIRONMENT,
        problem="Foreldrekjøring gir dårlig luft ved skoleporten om morgenen.",
        desired_effect="Bedre luft og tryggere skolevei.",
        effect_indicator="NO₂ ved skoleporten kl. 8 (µg/m³)",
    )
    challenge, created = _challenge(
        "Smartere vintervedlikehold av gang- og sykkelveier",
        adviser,
        BERGEN,
        [],
        created=-70,
        topic=Topic.MOBILITY,
        problem="Gang- og sykkelveier brøytes og strøs etter faste ruter, ikke etter behov.",
        desired_effect="Færre fallulykker om vinteren.",
        effect_indicator="Fallskader på gang- og sykkelvei per vinter",
    )
    if created:
        _publish(challenge, adviser, _days(-60))
        with _dated(_days(-50)):
            challenge.cancel(
                adviser, "Statens vegvesen lyser ut en nasjonal konkurranse om det samme."
            )


CASES: list[Callable[[dict[str, User]], None]] = [
    _needs,
    _open_challenge,
    _evaluation_challenge,
    _pilot_challenge,
    _done_challenge,
    _draft_and_cancelled,
]


@transaction.atomic
def load_programme_demo(password: str) -> dict[str, int]:
    """Add the programme's personas and cases that are missing; count what was new."""
    before = (User.objects.count(), Need.objects.count(), Challenge.objects.count())
    Organisation.objects.filter(orgnr=BERGEN, municipality=None).update(
        municipality=Municipality.objects.filter(number="4601").first()
    )
    people = _people(password)
    _profiles()
    TopicSubscription.objects.get_or_create(user=people[ROBOTICS], topic=Topic.WELFARE_TECHNOLOGY)
    TopicSubscription.objects.get_or_create(user=people[SOCIAL], topic=Topic.WORK_INCLUSION)
    for case in CASES:
        case(people)
    after = (User.objects.count(), Need.objects.count(), Challenge.objects.count())
    return {
        "programme_people": after[0] - before[0],
        "needs": after[1] - before[1],
        "challenges": after[2] - before[2],
    }
