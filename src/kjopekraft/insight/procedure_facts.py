"""Building the fact table the indicators count: one row per procedure, one per lot.

A procedure's facts come from the newest versions of its notices, its assessment and the
organisations linked to its buyers and winners; the rules are those of ``docs/indicators.md``.
Facts are rebuilt for the procedures an ingest touched (see :mod:`kjopekraft.insight.receivers`)
and by `kjopekraft build-facts`, which also finds the facts that went stale since they were
built (a new assessment, a notice, a register update of an organisation).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from itertools import islice
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KT

from kjopekraft.insight import regions
from kjopekraft.insight.indicators import UNASSESSED, Measure
from kjopekraft.insight.models import (
    ROLLUP_COLUMNS,
    ROLLUP_KEYS,
    IndicatorRollup,
    LotFact,
    ProcedureAssessment,
    ProcedureFact,
)
from kjopekraft.insight.money import to_nok, value_band
from kjopekraft.notices.model import Organisation as ParsedOrganisation
from kjopekraft.notices.models import Lot, LotResult, Notice, NoticeParty, Procedure
from kjopekraft.notices.store import buyer_kind
from kjopekraft.organisations.models import Municipality

BATCH = 500
# From this many procedures in one build, the roll-ups are added up again from all the facts
# rather than changed procedure by procedure.
FULL_ROLLUP_FROM = 20_000

# A competition: a procedure with a contract notice (eForms cn-*; the legacy parser maps the
# legacy contract notices to cn-standard, cn-social and cn-desg).
CONTRACT_NOTICE_PREFIX = "cn-"
INNOVATION_PROCEDURES = frozenset({"innovation", "comp-dial"})
# Procedures with no call for competition: one tender is what they are for.
DIRECT_AWARD_PROCEDURES = frozenset({"neg-wo-call"})
DIRECT_AWARD_NOTICES = frozenset({"veat"})
# Result notices that repeat or change an award rather than report one.
NOT_RESULT_NOTICES = frozenset({"can-modif", "corr"})
OPEN_RESULT = "open-nw"  # the lot's competition is still open: no final count
SME_SIZES = frozenset({"micro", "small", "medium", "sme"})
SIZES = SME_SIZES | {"large"}
NO_LEVEL = "none"
# What the roll-ups need of a procedure's facts.
ROLLUP_FIELDS = (
    *(key for key in ROLLUP_KEYS if key),
    *ROLLUP_COLUMNS,
    *(measure.value for measure in Measure),
)
YOUNG_YEARS = 5


@dataclass(frozen=True)
class _Notice:
    pk: int
    procedure_id: int
    notice_id: str
    is_latest: bool
    notice_type: str
    publication_date: dt.date | None
    source: str
    procedure_type: str
    main_cpv: str
    estimated_value: Decimal | None
    currency: str
    city: str | None

    @property
    def order(self) -> tuple[bool, dt.date, bool, str]:
        """Earliest first; on the same day Doffin, the national source, before TED."""
        return (
            self.publication_date is None,
            self.publication_date or dt.date.max,
            self.source != "doffin",
            self.notice_id,
        )

    @property
    def year(self) -> int | None:
        return self.publication_date.year if self.publication_date else None


@dataclass(frozen=True)
class _Place:
    number: str
    county: str
    population: int | None


class Places:
    """The 2024 municipalities by name, for placing a buyer by its postal town."""

    def __init__(self, rows: Iterable[tuple[str, str, int | None, str]]) -> None:
        self.by_name: dict[str, list[_Place]] = defaultdict(list)
        for number, name, population, county in rows:
            self.by_name[regions.place_key(name)].append(_Place(number, county, population))

    @classmethod
    def load(cls) -> Places:
        return cls(
            Municipality.objects.values_list("number", "name", "population", "county__number")
        )

    def by_city(self, city: str | None, county: str | None) -> _Place | None:
        """The one municipality named like the postal town, in the county when it is known.

        Many postal towns are municipality names (Oslo, Bergen, Vadsø); a town that is not
        (Lysaker, Gardermoen) or a name two municipalities share (Herøy, Våler) places nothing.
        """
        found = self.by_name.get(regions.place_key(city), [])
        if county is not None:
            found = [place for place in found if place.county == county]
        return found[0] if len(found) == 1 else None


def build_facts(procedure_ids: Iterable[int], *, on_item: Callable[[], None] | None = None) -> int:
    """Rebuild the facts of these procedures, and the roll-ups with them; returns for how many
    procedures facts were built (a procedure without notices has none).

    The roll-ups change by the difference between each procedure's old and new facts, in the
    same transaction; for many procedures at once, adding everything up again at the end is
    quicker.
    """
    ids = sorted(set(procedure_ids))
    incremental = len(ids) < FULL_ROLLUP_FROM
    places = Places.load()
    count = 0
    for chunk in _chunks(ids):
        facts, lots = _describe(chunk, places)
        _store(chunk, facts, lots, incremental=incremental)
        count += len(facts)
        if on_item:
            for _ in facts:
                on_item()
    if not incremental:
        rebuild_rollups()
    return count


def rebuild_rollups() -> int:
    """Add the facts up again into the roll-ups, in one transaction; returns the rows made.

    One INSERT … SELECT … GROUP BY per breakdown: the database does the work, and readers see
    the old roll-ups until the new ones are complete.
    """
    quote = connection.ops.quote_name
    facts, rollups = ProcedureFact._meta.db_table, IndicatorRollup._meta.db_table
    measures = [measure.value for measure in Measure]
    common = list(ROLLUP_COLUMNS)
    target = ", ".join(quote(c) for c in ["key", "value", *common, "procedures", *measures])
    grouped = ", ".join(quote(c) for c in common)
    totals = ", ".join(f"SUM({quote(m)})" for m in measures)
    with transaction.atomic(), connection.cursor() as cursor:
        IndicatorRollup.objects.all().delete()
        for key in ROLLUP_KEYS:
            value = quote(key) if key else "''"
            group_by = f"{quote(key)}, {grouped}" if key else grouped
            cursor.execute(
                f"INSERT INTO {quote(rollups)} ({target}) "  # noqa: S608 (names, not data)
                f"SELECT %s, {value}, {grouped}, COUNT(*), {totals} "
                f"FROM {quote(facts)} GROUP BY {group_by}",
                [key],
            )
    return IndicatorRollup.objects.count()


def stale_procedures() -> list[int]:
    """Procedures without facts, or whose facts are older than their assessment, one of their
    notices, or an organisation named in them."""
    built = ProcedureFact.objects.values("procedure_id")
    stale = set(Procedure.objects.exclude(pk__in=built).values_list("pk", flat=True))
    for newer in (
        "procedure__assessment__assessed",
        "procedure__notices__ingested",
        "procedure__notices__parties__organisation__updated",
    ):
        stale.update(
            ProcedureFact.objects.filter(**{f"{newer}__gt": F("built")}).values_list(
                "procedure_id", flat=True
            )
        )
    return sorted(stale)


def all_procedures() -> list[int]:
    return list(Procedure.objects.values_list("pk", flat=True))


def _chunks(values: list[int]) -> Iterator[list[int]]:
    it = iter(values)
    while chunk := list(islice(it, BATCH)):
        yield chunk


@transaction.atomic
def _store(
    chunk: list[int], facts: list[ProcedureFact], lots: list[LotFact], *, incremental: bool
) -> None:
    before = list(ProcedureFact.objects.filter(procedure_id__in=chunk).values(*ROLLUP_FIELDS))
    LotFact.objects.filter(procedure_id__in=chunk).delete()
    ProcedureFact.objects.filter(procedure_id__in=chunk).delete()
    ProcedureFact.objects.bulk_create(facts, batch_size=BATCH)
    LotFact.objects.bulk_create(lots, batch_size=BATCH)
    if incremental:
        after = [{name: getattr(fact, name) for name in ROLLUP_FIELDS} for fact in facts]
        _update_rollups(before, after)


def _update_rollups(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> None:
    """Take the old facts out of the roll-ups and put the new ones in.

    Assumes one writer at a time, as the ingest is; `kjopekraft build-facts` adds everything up
    again should the roll-ups ever disagree with the facts.
    """
    measures = [measure.value for measure in Measure]
    delta: dict[tuple[Any, ...], list[int]] = defaultdict(lambda: [0] * (len(measures) + 1))
    for sign, rows in ((-1, before), (1, after)):
        for row in rows:
            for key in ROLLUP_KEYS:
                cell = (key, row[key] if key else "", *(row[c] for c in ROLLUP_COLUMNS))
                totals = delta[cell]
                totals[0] += sign
                for index, measure in enumerate(measures, 1):
                    totals[index] += sign * row[measure]
    delta = {cell: totals for cell, totals in delta.items() if any(totals)}
    if not delta:
        return
    years = {cell[2] for cell in delta}
    in_years = Q(year__in=[year for year in years if year is not None])
    if None in years:
        in_years |= Q(year__isnull=True)
    existing = {
        (row.key, row.value, *(getattr(row, c) for c in ROLLUP_COLUMNS)): row
        for row in IndicatorRollup.objects.select_for_update().filter(in_years)
    }
    fresh, changed, emptied = [], [], []
    for cell, totals in delta.items():
        row = existing.get(cell)
        if row is None:
            row = IndicatorRollup(**dict(zip(("key", "value", *ROLLUP_COLUMNS), cell, strict=True)))
            fresh.append(row)
        row.procedures += totals[0]
        for index, measure in enumerate(measures, 1):
            setattr(row, measure, getattr(row, measure) + totals[index])
        if row.pk is not None:
            (changed if row.procedures else emptied).append(row)
    IndicatorRollup.objects.bulk_create([row for row in fresh if row.procedures])
    IndicatorRollup.objects.bulk_update(changed, ["procedures", *measures], batch_size=BATCH)
    IndicatorRollup.objects.filter(pk__in=[row.pk for row in emptied]).delete()


def _describe(chunk: list[int], places: Places) -> tuple[list[ProcedureFact], list[LotFact]]:
    notices: dict[int, list[_Notice]] = defaultdict(list)
    for row in Notice.objects.filter(procedure_id__in=chunk).values(
        "pk",
        "procedure_id",
        "notice_id",
        "is_latest",
        "notice_type",
        "publication_date",
        "source",
        "procedure_type",
        "main_cpv",
        "estimated_value",
        "currency",
        city=KT("document__buyers__0__city"),
    ):
        notices[row["procedure_id"]].append(_Notice(**row))
    latest = [n.pk for group in notices.values() for n in group if n.is_latest]
    lots = _by_notice(
        Lot.objects.filter(notice_id__in=latest).values(
            "notice_id", "lot_id", "main_cpv", "estimated_value", "currency"
        )
    )
    results = _by_notice(
        LotResult.objects.filter(notice_id__in=latest).values(
            "notice_id", "lot_id", "status", "tenders_received", "tender_value", "currency"
        )
    )
    parties = _by_notice(
        NoticeParty.objects.filter(notice_id__in=latest)
        .order_by("pk")
        .values(
            "notice_id",
            "role",
            "lot_id",
            "name",
            "country",
            "nuts",
            "legal_type",
            "size",
            kind=F("organisation__kind"),
            founded=F("organisation__founding_date"),
            municipality=F("organisation__municipality__number"),
            population=F("organisation__municipality__population"),
            county=F("organisation__municipality__county__number"),
        )
    )
    assessments = {
        row["procedure_id"]: row
        for row in ProcedureAssessment.objects.filter(procedure_id__in=chunk).values(
            "procedure_id", "innovation", "green", "social", "keyword_hit", "market_dialogue"
        )
    }
    procedure_types = dict(
        Procedure.objects.filter(pk__in=chunk).values_list("pk", "procedure_type")
    )
    facts: list[ProcedureFact] = []
    lot_facts: list[LotFact] = []
    for procedure_id in chunk:
        if not notices.get(procedure_id):
            continue
        procedure = _Procedure(
            procedure_id,
            notices[procedure_id],
            procedure_types.get(procedure_id) or "",
            lots,
            results,
            parties,
        )
        fact, its_lots = procedure.facts(assessments.get(procedure_id), places)
        facts.append(fact)
        lot_facts += its_lots
    return facts, lot_facts


def _by_notice(rows: Iterable[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    grouped: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        grouped[row["notice_id"]].append(row)
    return grouped


class _Procedure:
    """One procedure's notices and their rows, and the rules that make its facts."""

    def __init__(
        self,
        pk: int,
        notices: list[_Notice],
        procedure_type: str,
        lots: dict[int, list[dict[str, Any]]],
        results: dict[int, list[dict[str, Any]]],
        parties: dict[int, list[dict[str, Any]]],
    ) -> None:
        self.pk = pk
        self.notices = notices
        self.latest = sorted((n for n in notices if n.is_latest), key=lambda n: n.order)
        self.lots = lots
        self.results = results
        self.parties = parties
        contract_notices = [n for n in notices if n.notice_type.startswith(CONTRACT_NOTICE_PREFIX)]
        self.competition = bool(contract_notices)
        # The notice that places the procedure in time: its first contract notice (any version,
        # so that a later change does not move it), else its first notice of any kind.
        self.lead = min(contract_notices or notices, key=lambda n: n.order)
        self.lead_latest = next(
            (n for n in self.latest if n.notice_id == self.lead.notice_id), self.lead
        )
        kind = procedure_type or self.lead_latest.procedure_type
        self.procedure_type = kind.strip().lower() or regions.UNKNOWN

    def facts(
        self, assessment: dict[str, Any] | None, places: Places
    ) -> tuple[ProcedureFact, list[LotFact]]:
        levels = {
            dimension: (assessment[dimension] if assessment else UNASSESSED) or UNASSESSED
            for dimension in ("innovation", "green", "social")
        }
        competition = int(self.competition)

        def when(condition: bool) -> int:
            return competition if condition else 0

        value = self._value_nok()
        lot_facts = self._lot_facts()
        fact = ProcedureFact(
            procedure_id=self.pk,
            year=self.lead.year,
            source=self.lead.source,
            cpv_division=self._cpv_division(),
            procedure_type=self.procedure_type[:40],
            value_band=value_band(value),
            value_nok=value.quantize(Decimal("0.01")) if value is not None else None,
            innovation=levels["innovation"],
            green=levels["green"],
            social=levels["social"],
            competitions=competition,
            innovation_procedures=when(self.procedure_type in INNOVATION_PROCEDURES),
            keyword_hits=when(bool(assessment and assessment["keyword_hit"])),
            dialogues=when(bool(assessment and assessment["market_dialogue"])),
            any_innovation=when(levels["innovation"] not in (NO_LEVEL, UNASSESSED)),
            any_green=when(levels["green"] not in (NO_LEVEL, UNASSESSED)),
            any_social=when(levels["social"] not in (NO_LEVEL, UNASSESSED)),
            **self._buyer(places),
        )
        for measure in (
            "bid_lots",
            "tenders",
            "single_bid_lots",
            "sized_awards",
            "sme_awards",
            "dated_awards",
            "young_awards",
        ):
            setattr(fact, measure, sum(getattr(lot, measure) for lot in lot_facts))
        return fact, lot_facts

    # -- breakdowns ----------------------------------------------------------------------------

    def _cpv_division(self) -> str:
        candidates = [self.lead_latest.main_cpv] + [n.main_cpv for n in self.latest]
        candidates += [lot["main_cpv"] for n in self.latest for lot in self.lots.get(n.pk, [])]
        for cpv in candidates:
            cpv = (cpv or "").strip()
            if len(cpv) >= 2 and cpv[:2].isdigit():
                return cpv[:2]
        return regions.UNKNOWN

    def _value_nok(self) -> Decimal | None:
        """The estimated value (BT-27) of the lead notice, else of the first notice that gives
        one, for the procedure or as the sum of its lots; else the value awarded."""
        for notice in [self.lead_latest, *self.latest]:
            if notice.estimated_value is not None:
                return to_nok(notice.estimated_value, notice.currency, notice.year)
            summed = _sum(self.lots.get(notice.pk, []), "estimated_value")
            if summed is not None:
                return to_nok(summed[0], summed[1], notice.year)
        for notice in self.latest:
            if notice.notice_type in NOT_RESULT_NOTICES:
                continue
            summed = _sum(self.results.get(notice.pk, []), "tender_value")
            if summed is not None:
                return to_nok(summed[0], summed[1], notice.year)
        return None

    def _buyer(self, places: Places) -> dict[str, Any]:
        """Kind and place of the lead buyer: the first buyer of the lead notice, else of the
        first notice that names one."""
        buyer = next(
            (
                party
                for notice in [self.lead_latest, *self.latest]
                for party in self.parties.get(notice.pk, [])
                if party["role"] == NoticeParty.Role.BUYER
            ),
            None,
        )
        if buyer is None:
            return {
                "buyer_kind": regions.UNKNOWN,
                "county": regions.UNKNOWN,
                "municipality": "",
                "municipality_size": regions.UNKNOWN,
            }
        kind = buyer["kind"] or buyer_kind(
            ParsedOrganisation(name=buyer["name"], legal_type=buyer["legal_type"] or None)
        )
        place: _Place | None = None
        if buyer["municipality"]:
            place = _Place(buyer["municipality"], buyer["county"], buyer["population"])
        elif not regions.is_norwegian(buyer["country"], buyer["nuts"]):
            abroad = bool(buyer["country"] or buyer["nuts"])
            where = regions.ABROAD if abroad else regions.UNKNOWN
            return {
                "buyer_kind": kind,
                "county": where,
                "municipality": "",
                "municipality_size": where,
            }
        else:
            county = regions.county_from_nuts(buyer["nuts"])
            city = next((n.city for n in [self.lead_latest, *self.latest] if n.city), None)
            place = places.by_city(city, county)
            if place is None:
                return {
                    "buyer_kind": kind,
                    "county": county or regions.UNKNOWN,
                    "municipality": "",
                    "municipality_size": regions.UNKNOWN,
                }
        return {
            "buyer_kind": kind,
            "county": place.county,
            "municipality": place.number,
            "municipality_size": regions.municipality_size(place.population),
        }

    # -- lots ----------------------------------------------------------------------------------

    def _lot_facts(self) -> list[LotFact]:
        """One fact per lot named in the procedure's notices, with its result if it has one.

        Of several result notices for a lot, the newest published counts.
        """
        lot_ids: dict[str, None] = {}
        for notice in self.latest:
            for lot in self.lots.get(notice.pk, []):
                lot_ids.setdefault(lot["lot_id"])
        chosen: dict[str, tuple[_Notice, dict[str, Any]]] = {}
        for notice in self.latest:  # oldest first, so a newer result replaces an older one
            if notice.notice_type in NOT_RESULT_NOTICES:
                continue
            for result in self.results.get(notice.pk, []):
                lot_ids.setdefault(result["lot_id"])
                chosen[result["lot_id"]] = (notice, result)
        facts = []
        for lot_id in lot_ids:
            fact = LotFact(procedure_id=self.pk, lot_id=lot_id[:200])
            if lot_id in chosen:
                notice, result = chosen[lot_id]
                self._count_result(fact, notice, result)
            facts.append(fact)
        return facts

    def _count_result(self, fact: LotFact, notice: _Notice, result: dict[str, Any]) -> None:
        fact.tenders_received = result["tenders_received"]
        direct = (
            self.procedure_type in DIRECT_AWARD_PROCEDURES
            or notice.notice_type in DIRECT_AWARD_NOTICES
        )
        if fact.tenders_received is not None and result["status"] != OPEN_RESULT and not direct:
            fact.bid_lots = 1
            fact.tenders = fact.tenders_received
            fact.single_bid_lots = int(fact.tenders_received == 1)
        for party in self.parties.get(notice.pk, []):
            if party["role"] != NoticeParty.Role.WINNER or party["lot_id"] != result["lot_id"]:
                continue
            size = (party["size"] or "").lower()
            if size in SIZES:
                fact.sized_awards += 1
                fact.sme_awards += size in SME_SIZES
            founded, awarded = party["founded"], notice.publication_date
            if founded is not None and awarded is not None and founded <= awarded:
                fact.dated_awards += 1
                fact.young_awards += awarded < _years_after(founded, YOUNG_YEARS)


def _sum(rows: list[dict[str, Any]], field: str) -> tuple[Decimal, str] | None:
    """The sum of an amount over rows that all give one, in one currency; else None."""
    amounts = [row[field] for row in rows]
    currencies = {row["currency"] or "" for row in rows}
    if not rows or any(a is None for a in amounts) or len(currencies) != 1:
        return None
    return sum(amounts, Decimal(0)), currencies.pop()


def _years_after(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)
