"""Effect contract demo: one contract with measurements, a correction and a payment owed.

The structure follows box 11.8 of Meld. St. 30 (2019–2020): a social investor funds a
provider's nature school for young people at risk of dropping out of upper secondary school for
three years, and the municipality repays part of the investment if the agreed outcomes are
reached. Everything else is made up for the demo: the parties here are not those of the box,
and the amounts, targets and measurements are fictional figures, as the contract's text says.
Loading is idempotent: the contract is made once, by its title.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from kjopekraft.accounts.models import User
from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes import actions
from kjopekraft.outcomes.models import EffectContract, OutcomeIndicator

TITLE = "Naturskole for ungdom som står i fare for å falle ut (demo)"
BUYER = "innkjoper@stavanger.kommune.no"
PROVIDER = "grunder@sosial.example"
COMMISSIONER, PROVIDER_ORG, INVESTOR_ORG = "964965226", "999999913", "999999956"


def _years(start: date, years: int) -> date:
    # 29 February has no match in most years: the contract then uses 28 February.
    day = 28 if (start.month, start.day) == (2, 29) else start.day
    return start.replace(year=start.year + years, day=day)


@transaction.atomic
def load_outcomes_demo() -> dict[str, int]:
    """Add the demo effect contract if it is missing, through the audited actions."""
    buyer = User.objects.filter(email=BUYER).first()
    provider_user = User.objects.filter(email=PROVIDER).first()
    commissioner = Organisation.objects.filter(orgnr=COMMISSIONER).first()
    if EffectContract.objects.filter(title=TITLE).exists() or not (
        buyer and provider_user and commissioner
    ):
        return {"effect_contracts": 0}
    today = timezone.localdate()
    start = today - timedelta(days=800)
    contract = actions.save_contract(
        EffectContract(
            title=TITLE,
            measure=(
                "En sosial entreprenør driver naturskole for elever i videregående skole som "
                "sliter med livsmestring. En sosial investor fullfinansierer tiltaket i tre år; "
                "når målene er nådd, tar kommunen over tiltaket og betaler tilbake en andel av "
                "investeringen. Eksempel laget etter strukturen i boks 11.8 i Meld. St. 30 "
                "(2019–2020): partene, beløpene, målene og målingene her er oppdiktet."
            ),
            commissioner=commissioner,
            investor=actions.party(INVESTOR_ORG, "Demo Sosial Investor AS"),
            provider=actions.party(PROVIDER_ORG, "Demo Sosialt Entreprenørskap SA"),
            funded_from=start,
            funded_until=_years(start, 3),
            investment=4_500_000,
            repayment_percent=Decimal("40"),
            partial=EffectContract.Partial.PRO_RATA,
            rounding=EffectContract.Rounding.NEAREST,
            payment_days=30,
            reporting_days=60,
            late_evidence=EffectContract.LateEvidence.COUNTS,
            takeover="Kommunen viderefører naturskolen i egen regi fra år fire.",
        ),
        by=buyer,
    )
    coping = actions.save_indicator(
        OutcomeIndicator(
            contract=contract,
            name="Elever som rapporterer bedre mestring og mindre stress",
            unit="%",
            baseline=Decimal("20"),
            target=Decimal("60"),
            measurement_dates=[_years(start, 1).isoformat(), _years(start, 2).isoformat()],
            evidence_source="Spørreundersøkelse blant elever og lærere, uavhengig evaluator",
            weight=Decimal("40"),
        ),
        by=buyer,
    )
    dropout = actions.save_indicator(
        OutcomeIndicator(
            contract=contract,
            name="Frafall fra videregående blant deltakerne",
            unit="%",
            baseline=Decimal("30"),
            target=Decimal("20"),
            measurement_dates=[_years(start, 2).isoformat(), _years(start, 3).isoformat()],
            evidence_source="Fylkeskommunens elevregister, koblet av uavhengig evaluator",
            weight=Decimal("60"),
        ),
        by=buyer,
    )
    actions.sign_contract(contract, by=buyer, signed_on=start - timedelta(days=20))
    actions.record_measurement(
        coping,
        by=provider_user,
        measured_for=_years(start, 1),
        value=Decimal("38"),
        reported_on=_years(start, 1) + timedelta(days=25),
        evidence="Evalueringsrapport år 1 (demo)",
    )
    second_year = actions.record_measurement(
        coping,
        by=provider_user,
        measured_for=_years(start, 2),
        value=Decimal("55"),
        reported_on=_years(start, 2) + timedelta(days=20),
        evidence="Evalueringsrapport år 2 (demo)",
    )
    actions.correct_measurement(
        second_year,
        by=buyer,
        value=Decimal("62"),
        reported_on=_years(start, 2) + timedelta(days=34),
        evidence="Evalueringsrapport år 2, revidert utgave (demo)",
        reason="Svarene fra én av skolene manglet i første opptelling.",
    )
    actions.record_measurement(
        dropout,
        by=buyer,
        measured_for=_years(start, 2),
        value=Decimal("26"),
        reported_on=_years(start, 2) + timedelta(days=30),
        evidence="Uttrekk fra elevregisteret skoleåret 2 (demo)",
    )
    return {"effect_contracts": 1}
