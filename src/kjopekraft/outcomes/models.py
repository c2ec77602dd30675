"""Effect contracts: an investor funds a measure, the buyer pays back only for outcomes reached.

Box 11.8 of Meld. St. 30 (2019–2020) describes one: a social investor funds a provider's
measure for young people for three years; if the agreed targets are met, the municipality takes
the measure over and repays part of the investment, so it carries no risk if the measure does
not work. 11.1.5 calls such results-based agreements between public bodies, investors and
providers effect contracts (velferdsobligasjoner).

A contract is drafted, then signed; from then on measurements are recorded with their evidence,
and corrected with a reason, never changed or deleted. What is owed and when is computed by
``payments.py`` from the terms and the measurements as they stand. Every change is written to
the contract's :class:`ChangeLog` in the same transaction (see ``actions.py``).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes import payments

# The state of an indicator's outcome (see payments.py), in words.
OUTCOME_LABELS = {
    payments.Status.MET: _("Target met"),
    payments.Status.PARTLY_MET: _("Partly met"),
    payments.Status.NOT_MET: _("Not met"),
    payments.Status.AWAITING: _("Awaiting measurement"),
    payments.Status.MISSING: _("No evidence in time"),
}


class ContractError(Exception):
    """A change to an effect contract that is not allowed now; the message is for people."""


class EffectContractQuerySet(models.QuerySet["EffectContract"]):
    def signed(self) -> EffectContractQuerySet:
        return self.filter(status=EffectContract.Status.SIGNED)


class EffectContract(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SIGNED = "signed", _("Signed")

    class Partial(models.TextChoices):
        PRO_RATA = payments.Partial.PRO_RATA.value, _("Pro rata: partial outcomes pay their part")
        ALL_OR_NOTHING = (
            payments.Partial.ALL_OR_NOTHING.value,
            _("All or nothing: nothing is paid unless every target is met"),
        )

    class Rounding(models.TextChoices):
        NEAREST = payments.Rounding.NEAREST.value, _("To the nearest whole krone (half up)")
        DOWN = payments.Rounding.DOWN.value, _("Down to whole kroner")

    class LateEvidence(models.TextChoices):
        COUNTS = payments.LateEvidence.COUNTS.value, _("Counts; the payment falls due later")
        FORFEITED = payments.LateEvidence.FORFEITED.value, _("Does not count")

    title = models.CharField(_("title"), max_length=200)
    measure = models.TextField(
        _("the measure"), help_text=_("What the provider does, for whom, and why.")
    )
    commissioner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="effect_contracts_commissioned",
        verbose_name=_("commissioning buyer"),
    )
    investor = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="effect_contracts_funded",
        verbose_name=_("investor"),
    )
    provider = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="effect_contracts_provided",
        verbose_name=_("provider"),
    )
    funded_from = models.DateField(_("investor funds from"))
    funded_until = models.DateField(_("investor funds until"))
    investment = models.PositiveBigIntegerField(_("investment (NOK)"))
    repayment_percent = models.DecimalField(
        _("share repaid when every target is met (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    partial = models.CharField(
        _("partial outcomes"), max_length=20, choices=Partial.choices, default=Partial.PRO_RATA
    )
    rounding = models.CharField(
        _("rounding of payments"),
        max_length=10,
        choices=Rounding.choices,
        default=Rounding.NEAREST,
    )
    payment_days = models.PositiveSmallIntegerField(
        _("payment falls due (days after the evidence)"), default=30
    )
    reporting_days = models.PositiveSmallIntegerField(
        _("evidence due (days after the measurement date)"), default=60
    )
    late_evidence = models.CharField(
        _("evidence that comes later"),
        max_length=10,
        choices=LateEvidence.choices,
        default=LateEvidence.COUNTS,
    )
    takeover = models.TextField(
        _("when the targets are met"),
        blank=True,
        help_text=_("For example: the buyer takes the measure over and continues it itself."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_on = models.DateField(_("signed"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = EffectContractQuerySet.as_manager()

    # The fields whose changes the log records.
    LOGGED = (
        "title",
        "measure",
        "commissioner",
        "investor",
        "provider",
        "funded_from",
        "funded_until",
        "investment",
        "repayment_percent",
        "partial",
        "rounding",
        "payment_days",
        "reporting_days",
        "late_evidence",
        "takeover",
    )

    class Meta:
        ordering = ["-created"]
        verbose_name = _("effect contract")
        verbose_name_plural = _("effect contracts")
        constraints = [
            models.CheckConstraint(
                condition=Q(funded_until__gte=models.F("funded_from")),
                name="effect_contract_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(repayment_percent__gte=0) & Q(repayment_percent__lte=100),
                name="effect_contract_repayment_percent",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(signed_on__isnull=False),
                name="effect_contract_signed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("outcomes:contract", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def clean(self) -> None:
        super().clean()
        if self.funded_from and self.funded_until and self.funded_until < self.funded_from:
            raise ValidationError({"funded_until": _("The funding cannot end before it starts.")})

    def terms(self) -> payments.Terms:
        return payments.Terms(
            investment=Decimal(self.investment),
            repayment_percent=Decimal(self.repayment_percent),
            partial=payments.Partial(self.partial),
            rounding=payments.Rounding(self.rounding),
            payment_days=self.payment_days,
            reporting_days=self.reporting_days,
            late_evidence=payments.LateEvidence(self.late_evidence),
        )

    def targets(self) -> list[payments.Target]:
        return [i.as_target() for i in self.indicators.all()]

    def readings(self) -> list[payments.Reading]:
        return [m.as_reading() for m in Measurement.objects.filter(indicator__contract=self)]

    def problems(self) -> list[str]:
        """What keeps the terms from being applied, in words for the parties."""
        found = []
        indicators = list(self.indicators.all())
        if not indicators:
            found.append(str(_("Add at least one outcome indicator.")))
        elif (total := sum((i.weight for i in indicators), Decimal(0))) != Decimal(100):
            found.append(
                str(
                    _("The indicators' weights add up to %(total)s %%; they must add up to 100 %%.")
                    % {"total": format(total.normalize(), "f")}
                )
            )
        for indicator in indicators:
            if not indicator.dates():
                found.append(str(_("%(name)s has no measurement date.") % {"name": indicator.name}))
        return found

    def settlement(self, today: date | None = None) -> payments.Settlement | None:
        """What is owed and when, as the measurements stand; ``None`` while terms are missing."""
        if self.problems():
            return None
        return payments.settle(
            self.terms(), self.targets(), self.readings(), today or timezone.localdate()
        )


class OutcomeIndicator(models.Model):
    """A predefined outcome: how it is measured, from what baseline, to what target, when."""

    contract = models.ForeignKey(
        EffectContract,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("effect contract"),
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    measurement_dates = models.JSONField(
        _("measurement dates"),
        default=list,
        help_text=_("The value measured for the last date decides the payment."),
    )
    evidence_source = models.CharField(
        _("evidence source"),
        max_length=300,
        help_text=_("Where the figures come from, for example a register or a survey."),
    )
    weight = models.DecimalField(
        _("weight (%)"),
        max_digits=5,
        decimal_places=2,
        help_text=_("The indicator's share of the payment; the weights add up to 100."),
    )
    order = models.PositiveSmallIntegerField(default=0)

    LOGGED = (
        "name",
        "unit",
        "baseline",
        "target",
        "measurement_dates",
        "evidence_source",
        "weight",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("outcome indicator")
        verbose_name_plural = _("outcome indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(target=models.F("baseline")), name="outcome_target_not_baseline"
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="outcome_weight_percent"
            ),
            models.UniqueConstraint(fields=["contract", "name"], name="uniq_outcome_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def key(self) -> str:
        return str(self.pk)

    def dates(self) -> list[date]:
        return sorted(date.fromisoformat(d) for d in self.measurement_dates)

    def clean(self) -> None:
        super().clean()
        if self.baseline is not None and self.baseline == self.target:
            raise ValidationError({"target": _("The target must differ from the baseline.")})

    def as_target(self) -> payments.Target:
        return payments.Target(
            key=self.key,
            baseline=Decimal(self.baseline),
            target=Decimal(self.target),
            weight_percent=Decimal(self.weight),
            dates=tuple(self.dates()),
        )

    def track(self) -> tuple[payments.Point, ...]:
        readings = [m.as_reading() for m in self.measurements.all()]
        return payments.track(self.as_target(), readings)


class MeasurementQuerySet(models.QuerySet["Measurement"]):
    def standing(self) -> MeasurementQuerySet:
        """The measurements no correction has replaced."""
        return self.filter(corrected_by__isnull=True)


class Measurement(models.Model):
    """A measured value for one of an indicator's dates, with its evidence.

    Never changed: a mistake is corrected by a new measurement that names the one it replaces
    and the reason, so the history of every figure stays readable.
    """

    indicator = models.ForeignKey(
        OutcomeIndicator,
        on_delete=models.PROTECT,
        related_name="measurements",
        verbose_name=_("indicator"),
    )
    measured_for = models.DateField(_("measurement date"))
    value = models.DecimalField(_("measured value"), max_digits=14, decimal_places=2)
    reported_on = models.DateField(
        _("evidence received"), help_text=_("The day the evidence for the value arrived.")
    )
    evidence = models.TextField(
        _("evidence"), help_text=_("The report or data the value comes from, and where it is.")
    )
    corrects = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrected_by",
        verbose_name=_("corrects"),
    )
    reason = models.TextField(_("reason for the correction"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcome_measurements",
        verbose_name=_("recorded by"),
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["measured_for", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.CheckConstraint(
                condition=Q(corrects__isnull=True) | ~Q(reason=""),
                name="measurement_correction_has_reason",
            ),
            models.UniqueConstraint(
                fields=["indicator", "measured_for"],
                condition=Q(corrects__isnull=True),
                name="uniq_measurement_per_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_for})"

    @property
    def is_correction(self) -> bool:
        return self.corrects_id is not None

    @property
    def is_standing(self) -> bool:
        return not hasattr(self, "corrected_by")

    def as_reading(self) -> payments.Reading:
        return payments.Reading(
            id=self.pk,
            target=str(self.indicator_id),
            measured_for=self.measured_for,
            value=Decimal(self.value),
            reported_on=self.reported_on,
            corrects=self.corrects_id,
        )


class ChangeLog(models.Model):
    """Every change to an effect contract: who, when, what changed from what, and why.

    Entries are only ever added; the actor's name is kept as written at the time.
    """

    class Action(models.TextChoices):
        CREATED = "created", _("Created the contract")
        CHANGED = "changed", _("Changed the contract")
        INDICATOR_ADDED = "indicator-added", _("Added an indicator")
        INDICATOR_CHANGED = "indicator-changed", _("Changed an indicator")
        INDICATOR_REMOVED = "indicator-removed", _("Removed an indicator")
        SIGNED = "signed", _("Signed the contract")
        MEASURED = "measured", _("Recorded a measurement")
        CORRECTED = "corrected", _("Corrected a measurement")

    contract = models.ForeignKey(
        EffectContract,
        on_delete=models.PROTECT,
        related_name="changes",
        verbose_name=_("effect contract"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("who"), max_length=300, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=Action.choices)
    subject = models.CharField(_("about"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.subject}"

    def lines(self) -> list[tuple[str, Any, Any]]:
        """Each change as (the field's name in words, before, after)."""
        out = []
        for name, (before, after) in self.changes.items():
            label: Any = name
            for model in (EffectContract, OutcomeIndicator, Measurement):
                try:
                    field = model._meta.get_field(name)
                except FieldDoesNotExist:
                    continue
                label = field.verbose_name
                # Choices are logged by their value and shown in words.
                if field.choices:
                    words = dict(field.flatchoices)
                    before, after = words.get(before, before), words.get(after, after)
                break
            if name == "measurement_dates":
                before = ", ".join(before or [])
                after = ", ".join(after or [])
            out.append((str(label), before, after))
        return out

    @classmethod
    def record(
        cls,
        contract: EffectContract,
        actor: Any,
        action: str,
        subject: Any,
        changes: dict[str, Any] | None = None,
        reason: str = "",
    ) -> ChangeLog:
        signed_in = getattr(actor, "is_authenticated", False)
        return cls.objects.create(
            contract=contract,
            actor=actor if signed_in else None,
            actor_name=str(actor.full_name or actor.email) if signed_in else "",
            action=action,
            subject=str(subject)[:300],
            changes=changes or {},
            reason=reason,
        )


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """The logged fields of ``instance`` as JSON values: organisations by name."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, models.Model):
            value = str(value)
        elif isinstance(value, Decimal):
            value = format(value.normalize(), "f")
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = value
    return values


def difference(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [before, after]}`` for the fields that changed."""
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}
