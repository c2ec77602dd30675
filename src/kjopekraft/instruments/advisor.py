"""The procedure advisor: whether and how a purchase can be done as an innovative procurement.

The white paper (Meld. St. 30 (2019–2020), 11.4) asks every public body to assess, for each
purchase, whether it should be an innovative procurement. This module answers the first half
of that question from a few facts about the purchase: which regulation and which part of it
applies, which procedures are open to the buyer and on what legal basis, what to do about
market dialogue, and which support instruments fit.

The rules
---------
- Utilities follow the utilities regulation (forsyningsforskriften, FOS): ``fos-above-eea``
  from its EEA threshold, ``fos-below-eea`` below it. Everyone else follows the public
  procurement regulation (anskaffelsesforskriften, FOA): ``below-part-i`` under NOK 100,000
  (the rules do not apply, anskaffelsesloven § 2), ``part-i`` up to the national threshold,
  ``part-ii`` up to the EEA threshold for the buyer and the purchase, ``part-iii`` from it
  (FOA §§ 5-1 and 5-3). A value equal to a threshold is at or above it.
- Part III: open and restricted procedures always (FOA § 13-1 (1)); negotiation after a call
  for competition and competitive dialogue only on the grounds of FOA § 13-2 (§ 13-1 (2)).
- Part II lets the buyer choose the procedure and negotiate without the grounds of § 13-2;
  part I sets no procedure at all, only the basic principles (anskaffelsesloven § 4).
- Innovation partnership, in every regime, only for a need the market cannot meet with what it
  already has (FOA § 13-1 (3)).
- Pre-commercial procurement uses the research-and-development exemption (FOA § 2-5): the
  contract must be mainly R&D, and the buyer must either not keep all the benefit or not pay
  for all of it.

What was checked
----------------
Every section number cited here was checked against the ministry's guide to the regulation
(regjeringen.no, «Veileder til reglene om offentlige anskaffelser», chapters 5 and 16), DFØ's
guidance on anskaffelser.no (market dialogue: FOA §§ 9-3 and 12-2; the R&D exemption: § 2-5)
and the Research Council's calls for pre-commercial procurement (§ 2-5). Where a section could
not be confirmed the basis names the part of the regulation without a section: the section of
part II that lists its procedures, and every section of forsyningsforskriften.

Answers are facts plus message ids: explanations are English message ids with parameters,
marked for translation with :func:`gettext_noop` and translated by whoever renders the answer
(the pages, the ``advise`` command, the API), so that this module stays free of Django.

Pure Python: no Django imports.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from kjopekraft.instruments import thresholds as th


def gettext_noop(message: str) -> str:
    """Marks a message for extraction; the Django layer translates it when it renders."""
    return message


class BuyerKind(enum.StrEnum):
    STATE = "state"  # central government
    OTHER = "other"  # municipalities, counties, bodies governed by public law
    UTILITY = "utility"  # utilities under forsyningsforskriften


class Purchase(enum.StrEnum):
    GOODS = "goods"
    SERVICES = "services"
    WORKS = "works"


class Regulation(enum.StrEnum):
    FOA = "foa"
    FOS = "fos"


class Regime(enum.StrEnum):
    BELOW_PART_I = "below-part-i"
    PART_I = "part-i"
    PART_II = "part-ii"
    PART_III = "part-iii"
    FOS_BELOW_EEA = "fos-below-eea"
    FOS_ABOVE_EEA = "fos-above-eea"


class Status(enum.StrEnum):
    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    NOT_ALLOWED = "not-allowed"


class Procedure(enum.StrEnum):
    """Procedure codes; the first five are the eForms procedure types (BT-105)."""

    OPEN = "open"
    RESTRICTED = "restricted"
    NEG_W_CALL = "neg-w-call"
    COMP_DIAL = "comp-dial"
    INNOVATION = "innovation"
    PCP = "pcp"  # pre-commercial procurement under the R&D exemption
    DIRECT = "direct"  # a purchase below the rules' lower limit


# The fields of a question, in the order the form, the command and the API take them.
FIELDS = (
    "buyer_kind",
    "type",
    "value",
    "date",
    "exists_on_market",
    "needs_development",
    "can_specify",
    "mainly_rnd",
    "buyer_keeps_benefit",
)
YES_NO_FIELDS = FIELDS[4:]

# Legal bases, as cited in answers. Norwegian abbreviations in every language: they are names.
LOA_2 = "anskaffelsesloven § 2"
LOA_4 = "anskaffelsesloven § 4"
FOA_PART_I = "FOA del I"
FOA_PART_II = "FOA del II"  # the section listing part II's procedures could not be confirmed
FOA_2_5 = "FOA § 2-5"
FOA_9_3 = "FOA § 9-3"
FOA_12_2 = "FOA § 12-2"
FOA_13_1_1 = "FOA § 13-1 (1)"
FOA_13_1_2 = "FOA § 13-1 (2), § 13-2"
FOA_13_1_3 = "FOA § 13-1 (3)"
# No section of forsyningsforskriften could be confirmed, so none is cited.
FOS = "forsyningsforskriften"


@dataclass(frozen=True)
class Text:
    """A message id with its parameters, translated by the caller."""

    msgid: str
    params: Mapping[str, str] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str]) -> str:
        message = translate(self.msgid)
        return message % dict(self.params) if self.params else message


def render_all(texts: Sequence[Text], translate: Callable[[str], str]) -> str:
    return " ".join(text.render(translate) for text in texts)


def nok(amount: Decimal | int) -> str:
    """An amount in whole kroner grouped by thousands with no-break spaces: 1 490 000."""
    whole = int(Decimal(amount).to_integral_value())
    return f"{whole:,}".replace(",", "\u00a0")


# -- the question ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    buyer_kind: BuyerKind
    purchase: Purchase
    value: Decimal
    day: date
    exists_on_market: bool | None = None
    needs_development: bool | None = None
    can_specify: bool | None = None
    mainly_rnd: bool | None = None
    buyer_keeps_benefit: bool | None = None

    @property
    def innovation_need(self) -> bool:
        """Something the market does not simply have: the case for an innovative procurement."""
        return (
            self.exists_on_market is False
            or self.needs_development is True
            or self.can_specify is False
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "buyer_kind": self.buyer_kind.value,
            "type": self.purchase.value,
            "value": _number(self.value),
            "date": self.day.isoformat(),
            "exists_on_market": self.exists_on_market,
            "needs_development": self.needs_development,
            "can_specify": self.can_specify,
            "mainly_rnd": self.mainly_rnd,
            "buyer_keeps_benefit": self.buyer_keeps_benefit,
        }


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


class InvalidQuestion(ValueError):
    """Bad input: the errors by field name, each a list of messages to translate."""

    def __init__(self, errors: Mapping[str, list[Text]]) -> None:
        super().__init__(", ".join(sorted(errors)))
        self.errors = dict(errors)

    def messages(self, translate: Callable[[str], str]) -> dict[str, list[str]]:
        return {name: [t.render(translate) for t in texts] for name, texts in self.errors.items()}


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _yes_no(raw: object) -> bool | None:
    """``yes``/``no`` (or a bool); blank is "not answered"."""
    if isinstance(raw, bool):
        return raw
    if _blank(raw):
        return None
    text = str(raw).strip().lower()
    if text == "yes":
        return True
    if text == "no":
        return False
    raise ValueError(text)


def _value(raw: object) -> Decimal:
    # People write 1 300 000 and 1300000,50 as often as 1300000.50.
    text = str(raw).strip().replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    text = text.replace(",", ".")
    return Decimal(text)


def parse_question(
    raw: Mapping[str, object],
    today: date,
    periods: Sequence[th.ThresholdPeriod] | None = None,
) -> Question:
    """Read a question from strings (a form, the command line, a query string).

    Every field is checked and every problem reported at once, by field name. The date
    defaults to ``today``; a date before the first threshold period is refused.
    """
    errors: dict[str, list[Text]] = {}

    def fail(name: str, msgid: str, **params: str) -> None:
        errors.setdefault(name, []).append(Text(msgid, params))

    buyer_kind = purchase = None
    value = Decimal(0)
    day = today
    if _blank(raw.get("buyer_kind")):
        fail("buyer_kind", gettext_noop("Say what kind of buyer you are."))
    else:
        try:
            buyer_kind = BuyerKind(str(raw["buyer_kind"]).strip())
        except ValueError:
            fail(
                "buyer_kind",
                gettext_noop("Unknown kind of buyer %(value)s: use state, other or utility."),
                value=repr(raw["buyer_kind"]),
            )
    if _blank(raw.get("type")):
        fail("type", gettext_noop("Say what is bought."))
    else:
        try:
            purchase = Purchase(str(raw["type"]).strip())
        except ValueError:
            fail(
                "type",
                gettext_noop("Unknown kind of purchase %(value)s: use goods, services or works."),
                value=repr(raw["type"]),
            )
    if _blank(raw.get("value")):
        fail("value", gettext_noop("Give the estimated value in NOK excluding VAT."))
    else:
        try:
            value = _value(raw["value"])
            if not value.is_finite():
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            fail("value", gettext_noop("The value must be a number of kroner, such as 1500000."))
        else:
            if value < 0:
                fail("value", gettext_noop("The value cannot be negative."))
    if not _blank(raw.get("date")):
        try:
            day = date.fromisoformat(str(raw["date"]).strip())
        except ValueError:
            fail("date", gettext_noop("Give the date as YYYY-MM-DD."))
    if "date" not in errors:
        try:
            th.period_for(day, periods)
        except th.NoThresholdPeriod as exc:
            fail(
                "date",
                gettext_noop(
                    "No thresholds are recorded before %(start)s; give a date on or after it."
                ),
                start=exc.first_start.isoformat(),
            )
    answers: dict[str, bool | None] = {}
    for name in YES_NO_FIELDS:
        try:
            answers[name] = _yes_no(raw.get(name))
        except ValueError:
            fail(name, gettext_noop("Answer yes or no, or leave it out."))
    if errors or buyer_kind is None or purchase is None:
        raise InvalidQuestion(errors)
    return Question(buyer_kind=buyer_kind, purchase=purchase, value=value, day=day, **answers)


# -- the answer ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProcedureAdvice:
    code: Procedure
    status: Status
    basis: str
    why: tuple[Text, ...]


@dataclass(frozen=True)
class Advice:
    question: Question
    regulation: Regulation
    regime: Regime
    period: th.ThresholdPeriod
    threshold_key: str  # the EEA (or utilities') threshold that applies to this purchase
    regime_why: Text
    procedures: tuple[ProcedureAdvice, ...]
    dialogue_basis: str
    dialogue: tuple[Text, ...]
    instruments: tuple[str, ...]

    def procedure(self, code: Procedure) -> ProcedureAdvice | None:
        return next((p for p in self.procedures if p.code == code), None)

    def as_document(self, translate: Callable[[str], str]) -> dict[str, Any]:
        """The answer as the command and the API print it; instruments are catalogue codes."""
        threshold = self.period.as_dict()
        threshold["applied"] = self.threshold_key
        return {
            "question": self.question.as_dict(),
            "regulation": self.regulation.value,
            "regime": self.regime.value,
            "regime_why": self.regime_why.render(translate),
            "threshold": threshold,
            "procedures": [
                {
                    "code": p.code.value,
                    "status": p.status.value,
                    "basis": p.basis,
                    "why": render_all(p.why, translate),
                }
                for p in self.procedures
            ],
            "market_dialogue": {
                "basis": self.dialogue_basis,
                "advice": render_all(self.dialogue, translate),
            },
            "instruments": list(self.instruments),
        }


def eea_threshold_key(kind: BuyerKind, purchase: Purchase) -> str:
    if kind == BuyerKind.UTILITY:
        return th.FOS_WORKS if purchase == Purchase.WORKS else th.FOS_GOODS_SERVICES
    if purchase == Purchase.WORKS:
        return th.EEA_WORKS
    if kind == BuyerKind.STATE:
        return th.EEA_STATE_GOODS_SERVICES
    return th.EEA_OTHER_GOODS_SERVICES


def regime_for(question: Question, period: th.ThresholdPeriod) -> tuple[Regulation, Regime]:
    """The regulation and the part of it that applies; equal to a threshold is at or above."""
    eea = period.values[eea_threshold_key(question.buyer_kind, question.purchase)]
    if question.buyer_kind == BuyerKind.UTILITY:
        regime = Regime.FOS_ABOVE_EEA if question.value >= eea else Regime.FOS_BELOW_EEA
        return Regulation.FOS, regime
    if question.value < period.values[th.PART_I]:
        return Regulation.FOA, Regime.BELOW_PART_I
    if question.value < period.values[th.NATIONAL]:
        return Regulation.FOA, Regime.PART_I
    if question.value < eea:
        return Regulation.FOA, Regime.PART_II
    return Regulation.FOA, Regime.PART_III


def _regime_why(question: Question, regime: Regime, period: th.ThresholdPeriod, key: str) -> Text:
    params = {
        "value": nok(question.value),
        "part_i": nok(period.values[th.PART_I]),
        "national": nok(period.values[th.NATIONAL]),
        "eea": nok(period.values[key]),
    }
    messages = {
        Regime.BELOW_PART_I: gettext_noop(
            "The estimated value, NOK %(value)s, is below NOK %(part_i)s, so the procurement "
            "rules do not apply."
        ),
        Regime.PART_I: gettext_noop(
            "The estimated value, NOK %(value)s, is at or above NOK %(part_i)s and below the "
            "national threshold of NOK %(national)s, so only part I of the regulation applies."
        ),
        Regime.PART_II: gettext_noop(
            "The estimated value, NOK %(value)s, is at or above the national threshold of NOK "
            "%(national)s and below the EEA threshold of NOK %(eea)s for this buyer and purchase, "
            "so parts I and II of the regulation apply."
        ),
        Regime.PART_III: gettext_noop(
            "The estimated value, NOK %(value)s, is at or above the EEA threshold of NOK %(eea)s "
            "for this buyer and purchase, so parts I and III of the regulation apply."
        ),
        Regime.FOS_BELOW_EEA: gettext_noop(
            "A utility follows the utilities regulation. The estimated value, NOK %(value)s, is "
            "below its EEA threshold of NOK %(eea)s, so its procedure rules do not apply; from "
            "NOK %(part_i)s the basic principles of the Public Procurement Act do."
        ),
        Regime.FOS_ABOVE_EEA: gettext_noop(
            "A utility follows the utilities regulation. The estimated value, NOK %(value)s, is "
            "at or above its EEA threshold of NOK %(eea)s, so its procedure rules apply."
        ),
    }
    return Text(messages[regime], params)


# Grounds of FOA § 13-2 that the questions can show.
GROUND_ADAPTATION = gettext_noop(
    "Ground: the need cannot be met without adapting or developing solutions."
)
GROUND_INNOVATIVE = gettext_noop("Ground: the need calls for an innovative solution.")
GROUND_SPECIFY = gettext_noop("Ground: the need cannot be specified precisely enough.")


def _negotiation_part_iii(question: Question) -> tuple[Status, tuple[Text, ...]]:
    grounds = []
    if question.needs_development is True:
        grounds.append(Text(GROUND_ADAPTATION))
    if question.exists_on_market is False:
        grounds.append(Text(GROUND_INNOVATIVE))
    if question.can_specify is False:
        grounds.append(Text(GROUND_SPECIFY))
    if grounds:
        intro = gettext_noop(
            "Allowed: your answers meet a ground in § 13-2. Record the ground in the "
            "procurement file."
        )
        return Status.ALLOWED, (Text(intro), *grounds)
    answered = (question.needs_development, question.exists_on_market, question.can_specify)
    if None in answered:
        return Status.CONDITIONAL, (
            Text(
                gettext_noop(
                    "Only on the grounds in § 13-2: for example when solutions must be adapted "
                    "or developed, the need calls for an innovative solution, or the need cannot "
                    "be specified precisely. Your answers do not settle this yet."
                )
            ),
        )
    return Status.NOT_ALLOWED, (
        Text(
            gettext_noop(
                "Not on your answers: a solution exists, needs no adaptation and can be "
                "specified precisely, which meets none of the main grounds in § 13-2. The "
                "remaining grounds are a contract too complex or risky to award without "
                "negotiation, and an earlier open or restricted procedure that brought only "
                "unacceptable tenders."
            )
        ),
    )


def _innovation(question: Question, extra: tuple[Text, ...] = ()) -> ProcedureAdvice:
    if question.exists_on_market is True:
        status, why = (
            Status.NOT_ALLOWED,
            gettext_noop(
                "Not allowed on your answers: the market already has a solution for the need, "
                "and an innovation partnership is only for a need it cannot meet."
            ),
        )
    elif question.exists_on_market is False and question.needs_development is not False:
        status, why = (
            Status.ALLOWED,
            gettext_noop(
                "Allowed: the market cannot meet the need with what it already has, so a "
                "partnership can develop the solution and then buy it in the same procedure."
            ),
        )
    else:
        status, why = (
            Status.CONDITIONAL,
            gettext_noop(
                "Only for a need the market cannot meet with solutions it already has. Find out "
                "in the market dialogue whether such solutions exist."
            ),
        )
    basis = FOS if question.buyer_kind == BuyerKind.UTILITY else FOA_13_1_3
    # How to run it matters only when it may be run.
    how = extra if status != Status.NOT_ALLOWED else ()
    return ProcedureAdvice(Procedure.INNOVATION, status, basis, (Text(why), *how))


def _pcp(question: Question) -> ProcedureAdvice:
    basis = FOS if question.buyer_kind == BuyerKind.UTILITY else FOA_2_5
    if question.mainly_rnd is False:
        status, why = (
            Status.NOT_ALLOWED,
            gettext_noop(
                "Not allowed: the research-and-development exemption covers only contracts that "
                "are mainly research and development."
            ),
        )
    elif question.mainly_rnd is True and question.buyer_keeps_benefit is False:
        status, why = (
            Status.ALLOWED,
            gettext_noop(
                "Allowed: a contract that is mainly research and development, where the buyer "
                "does not keep all the benefit, is exempt from the procurement rules. Run it as "
                "an open and fair competition in phases all the same, as pre-commercial "
                "procurement does."
            ),
        )
    elif question.mainly_rnd is True and question.buyer_keeps_benefit is True:
        status, why = (
            Status.CONDITIONAL,
            gettext_noop(
                "Only if the buyer does not pay for all of the research and development: when "
                "the buyer both keeps all the benefit and pays for all of it, the exemption does "
                "not apply."
            ),
        )
    else:
        status, why = (
            Status.CONDITIONAL,
            gettext_noop(
                "Only for a contract that is mainly research and development, where the buyer "
                "either does not keep all the benefit or does not pay for all of it."
            ),
        )
    return ProcedureAdvice(Procedure.PCP, status, basis, (Text(why),))


def _procedures(
    question: Question, regime: Regime, period: th.ThresholdPeriod
) -> list[ProcedureAdvice]:
    if regime == Regime.BELOW_PART_I:
        why = gettext_noop(
            "Allowed: below NOK %(part_i)s the procurement rules do not apply. Act responsibly "
            "all the same; asking more than one supplier is good practice."
        )
        params = {"part_i": nok(period.values[th.PART_I])}
        return [ProcedureAdvice(Procedure.DIRECT, Status.ALLOWED, LOA_2, (Text(why, params),))]

    if regime == Regime.PART_III:
        always = gettext_noop(
            "Always allowed above the EEA threshold. No negotiation: the tenders are evaluated "
            "as submitted."
        )
        status, negotiation_why = _negotiation_part_iii(question)
        return [
            ProcedureAdvice(Procedure.OPEN, Status.ALLOWED, FOA_13_1_1, (Text(always),)),
            ProcedureAdvice(Procedure.RESTRICTED, Status.ALLOWED, FOA_13_1_1, (Text(always),)),
            ProcedureAdvice(Procedure.NEG_W_CALL, status, FOA_13_1_2, negotiation_why),
            ProcedureAdvice(Procedure.COMP_DIAL, status, FOA_13_1_2, negotiation_why),
            _innovation(question),
            _pcp(question),
        ]

    if regime == Regime.PART_II:
        free = gettext_noop(
            "Allowed: below the EEA threshold the buyer chooses the procedure, and negotiation "
            "and dialogue with the suppliers are not limited to the grounds that apply above it. "
            "Treat every supplier equally."
        )
        part_iii_rules = Text(
            gettext_noop("Run it by the rules of part III of the regulation, as DFØ advises.")
        )
        return [
            *(
                ProcedureAdvice(code, Status.ALLOWED, FOA_PART_II, (Text(free),))
                for code in (
                    Procedure.OPEN,
                    Procedure.RESTRICTED,
                    Procedure.NEG_W_CALL,
                    Procedure.COMP_DIAL,
                )
            ),
            _innovation(question, (part_iii_rules,)),
            _pcp(question),
        ]

    if regime == Regime.PART_I:
        free = gettext_noop(
            "Allowed: part I sets no procedure. The buyer chooses how to compete, within the "
            "basic principles of competition, equal treatment, predictability, verifiability and "
            "proportionality."
        )
        basis = f"{FOA_PART_I}; {LOA_4}"
    elif regime == Regime.FOS_ABOVE_EEA:
        free = gettext_noop(
            "Allowed: a utility chooses freely among the open and restricted procedures, "
            "negotiation after a call for competition and competitive dialogue."
        )
        basis = FOS
    else:  # FOS_BELOW_EEA
        free = gettext_noop(
            "Allowed: below the EEA threshold the utilities regulation sets no procedure; the "
            "basic principles of competition and equal treatment apply."
        )
        basis = LOA_4
    return [
        *(
            ProcedureAdvice(code, Status.ALLOWED, basis, (Text(free),))
            for code in (
                Procedure.OPEN,
                Procedure.RESTRICTED,
                Procedure.NEG_W_CALL,
                Procedure.COMP_DIAL,
            )
        ),
        _innovation(question),
        _pcp(question),
    ]


def _dialogue(question: Question, regime: Regime) -> tuple[str, tuple[Text, ...]]:
    if regime == Regime.BELOW_PART_I:
        return LOA_2, (
            Text(
                gettext_noop(
                    "The rules do not apply, but a short look at the market tells you what "
                    "exists and what it costs."
                )
            ),
        )
    basis = {
        Regime.PART_I: LOA_4,
        Regime.PART_II: FOA_9_3,
        Regime.PART_III: FOA_12_2,
        Regime.FOS_BELOW_EEA: LOA_4,
        Regime.FOS_ABOVE_EEA: FOS,
    }[regime]
    rules = Text(
        gettext_noop(
            "Dialogue with the market before the competition is allowed as long as every "
            "supplier is treated equally, no one gets an unfair head start, and no business "
            "secret is revealed. Give everyone the same information and publish answers to "
            "all; the dialogue ends when the competition is announced."
        )
    )
    if question.innovation_need:
        advice = Text(
            gettext_noop(
                "Start with market dialogue: describe the need and the effect you want, not a "
                "solution; ask the market what exists, what can be developed and what it would "
                "take. Joining other buyers with the same need makes the dialogue worth more."
            )
        )
    else:
        advice = Text(
            gettext_noop(
                "A market survey is usually enough when the solution exists and can be specified "
                "precisely; ask the market whether better or greener options have appeared."
            )
        )
    return basis, (advice, rules)


# Which catalogue instruments fit an answer, in the order they are shown. The codes are those
# of data/instruments.json; a test checks that each one exists there.
def _instruments(
    question: Question, regime: Regime, procedures: Sequence[ProcedureAdvice]
) -> tuple[str, ...]:
    status = {p.code: p.status for p in procedures}
    codes = ["dfo-veiledning"]
    if regime != Regime.BELOW_PART_I and question.innovation_need:
        codes += ["leverandorutviklingsprogrammet", "program-oppstart"]
    if status.get(Procedure.INNOVATION, Status.NOT_ALLOWED) != Status.NOT_ALLOWED and (
        question.innovation_need
    ):
        codes += ["innovasjonspartnerskap", "innovasjonspartnerskap-in"]
    if question.mainly_rnd is True and status.get(Procedure.PCP) != Status.NOT_ALLOWED:
        codes.append("forkommersiell-anskaffelse")
    if question.exists_on_market is False or question.needs_development is True:
        codes.append("innovasjonskontrakter")
    if question.needs_development is True:
        codes.append("testarenaer")
    if question.purchase == Purchase.SERVICES and question.exists_on_market is True:
        codes.append("markedsplass-skytjenester")
    return tuple(codes)


INSTRUMENT_CODES = (
    "dfo-veiledning",
    "leverandorutviklingsprogrammet",
    "program-oppstart",
    "innovasjonspartnerskap",
    "innovasjonspartnerskap-in",
    "forkommersiell-anskaffelse",
    "innovasjonskontrakter",
    "testarenaer",
    "markedsplass-skytjenester",
)


def advise(question: Question, periods: Sequence[th.ThresholdPeriod] | None = None) -> Advice:
    """The answer to a question that :func:`parse_question` accepted."""
    period = th.period_for(question.day, periods)
    key = eea_threshold_key(question.buyer_kind, question.purchase)
    regulation, regime = regime_for(question, period)
    procedures = _procedures(question, regime, period)
    dialogue_basis, dialogue = _dialogue(question, regime)
    return Advice(
        question=question,
        regulation=regulation,
        regime=regime,
        period=period,
        threshold_key=key,
        regime_why=_regime_why(question, regime, period, key),
        procedures=tuple(procedures),
        dialogue_basis=dialogue_basis,
        dialogue=dialogue,
        instruments=_instruments(question, regime, procedures),
    )
