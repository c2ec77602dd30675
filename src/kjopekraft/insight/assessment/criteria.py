"""Award criteria of a lot as shares of the whole: what weighs on price, quality, environment.

A share is the criterion's weight as a percentage of the sum over the lot's criteria. Weights
come from BT-541 when its type (BT-5421..5423) is a weight (percentage, points or decimal), not
an order of importance. Buyers often put the real percentages in the names instead ("K1
Oppdragsforståelse", "Vekter 40 %") while BT-541 holds a running number: when every criterion
of the lot states exactly one percentage in its own text and they add up to 100, those are used.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from kjopekraft.notices.model import AwardCriterion, Lot

WEIGHT_TYPES = frozenset({"per-exa", "per-mid", "poi-exa", "poi-mid", "dec-exa", "dec-mid"})
ORDER_OF_IMPORTANCE = "ord-imp"
PRICE_TYPES = frozenset({"price", "cost"})
# Doffin's FOA § 7-9 codes are kinds of quality (their parent code is "quality").
NOR_ENV_PREFIX = "quality-nor-env-"
NOR_ENV_WEIGHTED = frozenset({"quality-nor-env-criteria"})
HUNDRED = Decimal(100)
_PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d+)?)\s?%")
# A criterion without a type (legacy TED gives none for a price criterion) is price when its
# name says so, in the languages of TED.
_PRICE_NAME = re.compile(
    r"(?<!\w)(?:pris|price|preis|prix|precio|prezzo|preço|prijs|cena|цена|τιμή|hinta|pre[tțţ]\w*"
    r"|kaina|cijena|hind|ár|cost|costs|kostnad\w*|kosten|kost|coût|coste|costo|custo|koszt\w*"
    r"|náklady|kustannu\w*|financ\w*|finanzi\w*|finanč\w*)(?!\w)"
)


@dataclass(frozen=True, slots=True)
class WeightedCriterion:
    index: int
    criterion: AwardCriterion
    share: Decimal | None  # percent of the lot's total weight; None when not known
    priority: int | None  # 1 = most important, when the buyer ranked instead of weighing
    environmental: bool

    @property
    def price(self) -> bool:
        return is_price(self.criterion)


def weigh(lot: Lot, environmental: Collection[int]) -> list[WeightedCriterion]:
    """The lot's criteria with their shares; ``environmental`` holds the indexes of criteria
    whose text is about the environment (Doffin's weighted § 7-9 code counts as well)."""
    criteria = lot.award_criteria
    shares = _shares(criteria)
    return [
        WeightedCriterion(
            index=index,
            criterion=criterion,
            share=shares[index],
            priority=_priority(criterion),
            environmental=index in environmental or (criterion.type or "") in NOR_ENV_WEIGHTED,
        )
        for index, criterion in enumerate(criteria)
    ]


def quality_share(weighted: Sequence[WeightedCriterion]) -> Decimal | None:
    """The share of the lot's weight on quality other than the environment, or None.

    The environmental criterion is left out because FOA § 7-9 makes Norwegian buyers weigh it
    at 30 % by law: it says nothing about room for better solutions chosen by the buyer."""
    if not weighted or any(item.share is None for item in weighted):
        return None
    return sum(
        (
            item.share
            for item in weighted
            if item.share and not item.price and not item.environmental
        ),
        Decimal(0),
    )


def percent(value: Decimal) -> str:
    """A share as a whole percent, for evidence and explanations."""
    return f"{value.quantize(Decimal(1))}"


def environmental_share(weighted: Sequence[WeightedCriterion]) -> Decimal | None:
    if not weighted or any(item.share is None for item in weighted):
        return None
    return sum((item.share for item in weighted if item.share and item.environmental), Decimal(0))


def is_price(criterion: AwardCriterion) -> bool:
    if criterion.type is not None:
        return criterion.type in PRICE_TYPES
    return any(_PRICE_NAME.search(name.lower()) for name in criterion.name.values())


def _shares(criteria: Sequence[AwardCriterion]) -> list[Decimal | None]:
    if not criteria:
        return []
    stated = [_stated_percentage(criterion) for criterion in criteria]
    if all(value is not None for value in stated):
        total = sum((value for value in stated if value is not None), Decimal(0))
        if abs(total - HUNDRED) <= 1:
            return stated
    weights = [
        criterion.weight
        if criterion.weight is not None
        and (criterion.weight_type is None or criterion.weight_type in WEIGHT_TYPES)
        else None
        for criterion in criteria
    ]
    if any(weight is None for weight in weights):
        return [None] * len(criteria)
    total = sum((weight for weight in weights if weight is not None), Decimal(0))
    if total <= 0:
        return [None] * len(criteria)
    return [(weight * HUNDRED / total) if weight is not None else None for weight in weights]


def _stated_percentage(criterion: AwardCriterion) -> Decimal | None:
    texts = [*criterion.name.values(), *criterion.description.values()]
    found = {
        match.group(1).replace(",", ".") for text in texts for match in _PERCENT.finditer(text)
    }
    if len(found) != 1:
        return None
    try:
        value = Decimal(found.pop())
    except InvalidOperation:
        return None
    return value if 0 <= value <= HUNDRED else None


def _priority(criterion: AwardCriterion) -> int | None:
    if criterion.weight_type != ORDER_OF_IMPORTANCE or criterion.weight is None:
        return None
    return int(criterion.weight)
