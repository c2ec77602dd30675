"""What Insight stores: the assessment of every procedure, and the facts the indicators count."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kjopekraft.insight import indicators
from kjopekraft.insight.assessment import GreenLevel, InnovationLevel, SocialLevel
from kjopekraft.insight.indicators import FACT_KEYS, Dimension, GroupKey, Measure, Query
from kjopekraft.notices.models import Procedure


def _choices(
    levels: type[InnovationLevel] | type[GreenLevel] | type[SocialLevel],
) -> list[tuple[str, str]]:
    return [(level.value, level.value) for level in levels]


class ProcedureAssessment(models.Model):
    """The innovation, green and social assessment of one procedure, with its evidence.

    Rebuilt whenever the procedure's notices change, and for every procedure when the rule set
    (``version``) changes: `kjopekraft assess --all`.
    """

    procedure = models.OneToOneField(
        Procedure, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("procedure")
    )
    version = models.CharField(_("rule set"), max_length=20)
    innovation = models.CharField(_("innovation"), max_length=20, choices=_choices(InnovationLevel))
    green = models.CharField(_("green"), max_length=20, choices=_choices(GreenLevel))
    social = models.CharField(_("social"), max_length=20, choices=_choices(SocialLevel))
    keyword_hit = models.BooleanField(
        _("innovation keyword"),
        default=False,
        help_text=_("The naive keyword count, for contrast."),
    )
    market_dialogue = models.BooleanField(_("market dialogue"), default=False)
    document = models.JSONField(help_text="The whole assessment with its evidence")
    assessed = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["innovation"], name="assessment_innovation_idx"),
            models.Index(fields=["version"], name="assessment_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure}: {self.innovation}/{self.green}/{self.social}"


class ProcedureFactQuerySet(models.QuerySet["ProcedureFact"]):
    def matching(self, query: Query) -> ProcedureFactQuerySet:
        """The facts within the query's years and source; procedures without a year drop out
        as soon as a year bound is given."""
        facts = self
        if query.year_from is not None:
            facts = facts.filter(year__gte=query.year_from)
        if query.year_to is not None:
            facts = facts.filter(year__lte=query.year_to)
        if query.source is not None:
            facts = facts.filter(source=query.source)
        return facts

    def sums(self, query: Query) -> list[dict[str, Any]]:
        """Every measure added up per group of the query (one SQL aggregate), as
        :func:`kjopekraft.insight.indicators.figures` takes them."""
        columns = [key.value for key in query.fact_keys]
        if query.by_level:
            columns += [dimension.value for dimension in Dimension]
        totals = {measure.value: models.Sum(measure.value) for measure in Measure}
        facts = self.matching(query)
        if not columns:
            row = facts.aggregate(**totals)
            # An empty selection has no group at all, like an empty GROUP BY would.
            return [row] if row[Measure.COMPETITIONS] is not None else []
        return list(facts.values(*columns).annotate(**totals).order_by())


class ProcedureFact(models.Model):
    """One procedure as the indicators count it: where and when it counts, and its measures.

    A denormalised row per procedure, rebuilt from the notices and the assessment after every
    ingest (and by `kjopekraft build-facts`), so that every indicator is one aggregate over one
    table. The definitions are in ``docs/indicators.md``.
    """

    procedure = models.OneToOneField(
        Procedure, on_delete=models.CASCADE, primary_key=True, related_name="fact"
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10)
    buyer_kind = models.CharField(_("buyer kind"), max_length=20)
    county = models.CharField(_("county"), max_length=8)
    municipality = models.CharField(_("municipality"), max_length=4, blank=True)
    municipality_size = models.CharField(_("municipality size"), max_length=12)
    cpv_division = models.CharField(_("CPV division"), max_length=8)
    procedure_type = models.CharField(_("procedure type"), max_length=40)
    value_band = models.CharField(_("value band"), max_length=12)
    value_nok = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    innovation = models.CharField(_("innovation"), max_length=20)
    green = models.CharField(_("green"), max_length=20)
    social = models.CharField(_("social"), max_length=20)

    competitions = models.PositiveSmallIntegerField(default=0)
    innovation_procedures = models.PositiveSmallIntegerField(default=0)
    keyword_hits = models.PositiveSmallIntegerField(default=0)
    dialogues = models.PositiveSmallIntegerField(default=0)
    any_innovation = models.PositiveSmallIntegerField(default=0)
    any_green = models.PositiveSmallIntegerField(default=0)
    any_social = models.PositiveSmallIntegerField(default=0)
    bid_lots = models.PositiveIntegerField(default=0)
    tenders = models.PositiveIntegerField(default=0)
    single_bid_lots = models.PositiveIntegerField(default=0)
    sized_awards = models.PositiveIntegerField(default=0)
    sme_awards = models.PositiveIntegerField(default=0)
    dated_awards = models.PositiveIntegerField(default=0)
    young_awards = models.PositiveIntegerField(default=0)

    built = models.DateTimeField(auto_now=True)

    objects = ProcedureFactQuerySet.as_manager()

    class Meta:
        verbose_name = _("procedure fact")
        verbose_name_plural = _("procedure facts")
        indexes = [models.Index(fields=["year"], name="fact_year_idx")]

    def __str__(self) -> str:
        return f"{self.procedure_id} ({self.year})"


class LotFact(models.Model):
    """One lot of a procedure as the lot and winner indicators count it.

    Its measures add up to those of the procedure's :class:`ProcedureFact`.
    """

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="lot_facts")
    lot_id = models.CharField(max_length=200)
    tenders_received = models.PositiveIntegerField(null=True, blank=True)
    bid_lots = models.PositiveSmallIntegerField(default=0)
    tenders = models.PositiveIntegerField(default=0)
    single_bid_lots = models.PositiveSmallIntegerField(default=0)
    sized_awards = models.PositiveSmallIntegerField(default=0)
    sme_awards = models.PositiveSmallIntegerField(default=0)
    dated_awards = models.PositiveSmallIntegerField(default=0)
    young_awards = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("lot fact")
        verbose_name_plural = _("lot facts")

    def __str__(self) -> str:
        return f"{self.procedure_id} {self.lot_id}"


# The breakdowns that have a roll-up of their own; "" is the roll-up with no breakdown but year
# and source, which every roll-up row carries.
ROLLUP_KEYS: tuple[str, ...] = (
    "",
    *(key.value for key in FACT_KEYS if key not in (GroupKey.YEAR, GroupKey.SOURCE)),
)
# The columns every roll-up row carries besides its breakdown.
ROLLUP_COLUMNS: tuple[str, ...] = ("year", "source", "innovation", "green", "social")


class IndicatorRollupQuerySet(models.QuerySet["IndicatorRollup"]):
    def covers(self, query: Query) -> bool:
        """Whether the roll-ups can answer the query: at most one breakdown besides year,
        source and level."""
        return len(_rollup_keys(query)) <= 1

    def sums(self, query: Query) -> list[dict[str, Any]]:
        """The same sums as :meth:`ProcedureFactQuerySet.sums`, from far fewer rows."""
        others = _rollup_keys(query)
        key = others[0].value if others else ""
        rows = self.filter(key=key)
        if query.year_from is not None:
            rows = rows.filter(year__gte=query.year_from)
        if query.year_to is not None:
            rows = rows.filter(year__lte=query.year_to)
        if query.source is not None:
            rows = rows.filter(source=query.source)
        columns = ["value" if k.value == key else k.value for k in query.fact_keys]
        if query.by_level:
            columns += [dimension.value for dimension in Dimension]
        totals = {measure.value: models.Sum(measure.value) for measure in Measure}
        if not columns:
            row = rows.aggregate(**totals)
            return [row] if row[Measure.COMPETITIONS] is not None else []
        found = list(rows.values(*columns).annotate(**totals).order_by())
        if key:
            for row in found:
                row[key] = row.pop("value")
        return found

    def figures(self, query: Query) -> list[dict[str, Any]]:
        """The indicators for the query, ``[{"id", "group", "numerator", "denominator",
        "value"}, ...]``: from the roll-ups when they cover it, else from the facts."""
        rows = self.sums(query) if self.covers(query) else ProcedureFact.objects.sums(query)
        return indicators.figures(rows, query)


def _rollup_keys(query: Query) -> list[GroupKey]:
    return [k for k in query.fact_keys if k not in (GroupKey.YEAR, GroupKey.SOURCE)]


class IndicatorRollup(models.Model):
    """The procedure facts added up per value of one breakdown, year, source and levels.

    A pre-aggregation that answers the common queries (no breakdown, or one breakdown with
    year, source and level) from a few thousand rows instead of a row per procedure. It changes
    with the facts, in the same transaction, by the difference between a procedure's old and new
    facts; `kjopekraft build-facts` adds it up again from all the facts.
    """

    key = models.CharField(max_length=20)
    value = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=10)
    innovation = models.CharField(max_length=20)
    green = models.CharField(max_length=20)
    social = models.CharField(max_length=20)
    procedures = models.PositiveIntegerField(default=0)

    competitions = models.PositiveIntegerField(default=0)
    innovation_procedures = models.PositiveIntegerField(default=0)
    keyword_hits = models.PositiveIntegerField(default=0)
    dialogues = models.PositiveIntegerField(default=0)
    any_innovation = models.PositiveIntegerField(default=0)
    any_green = models.PositiveIntegerField(default=0)
    any_social = models.PositiveIntegerField(default=0)
    bid_lots = models.PositiveIntegerField(default=0)
    tenders = models.PositiveIntegerField(default=0)
    single_bid_lots = models.PositiveIntegerField(default=0)
    sized_awards = models.PositiveIntegerField(default=0)
    sme_awards = models.PositiveIntegerField(default=0)
    dated_awards = models.PositiveIntegerField(default=0)
    young_awards = models.PositiveIntegerField(default=0)

    objects = IndicatorRollupQuerySet.as_manager()

    class Meta:
        verbose_name = _("indicator roll-up")
        verbose_name_plural = _("indicator roll-ups")
        indexes = [models.Index(fields=["key", "year"], name="rollup_key_year_idx")]

    def __str__(self) -> str:
        return f"{self.key}={self.value} {self.year} {self.source}"
