"""The instrument catalogue: the support schemes for innovative procurement, by phase and role.

The white paper finds it hard for buyers and suppliers to see who does what among the support
schemes (Meld. St. 30 (2019–2020), 11.2.1; figure 11.3 maps them to the phases of a
procurement). The catalogue keeps each scheme with its owner, what it offers, for whom, the
phases where it applies and its conditions, every condition with its source and a note of how
far it could be checked.

The catalogue is data in the repository (``data/instruments.json``) loaded by a migration and by
``kjopekraft load-instruments``; advisers edit it in the admin afterwards. Each instrument keeps
the fingerprint of the file entry it was last loaded from, so a re-load can tell an adviser's
edit from an untouched row and never overwrites the edit silently (see ``catalogue.py``).
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kjopekraft.instruments.catalogue import LANGUAGES, row_hash


def localized(obj: Any, field: str) -> str:
    """``obj.<field>_<language>`` in the current language, falling back to bokmål."""
    language = (translation.get_language() or "nb").split("-")[0]
    if language not in LANGUAGES:
        language = "nb"
    return str(getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_nb", ""))


class Phase(models.Model):
    """A phase of a procurement; instruments apply in one or more of them."""

    class Code(models.TextChoices):
        NEED = "need", _("Need")
        DIALOGUE = "dialogue", _("Market dialogue")
        COMPETITION = "competition", _("Competition")
        DEVELOPMENT = "development", _("Development or pilot")
        PURCHASE = "purchase", _("Purchase")
        IMPLEMENTATION = "implementation", _("Implementation")
        SPREADING = "spreading", _("Spreading")

    code = models.CharField(_("code"), max_length=20, choices=Code.choices, unique=True)
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        ordering = ["position"]
        verbose_name = _("phase")
        verbose_name_plural = _("phases")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return str(Phase.Code(self.code).label)


class Audience(models.TextChoices):
    BUYER = "buyer", _("Public buyers")
    SUPPLIER = "supplier", _("Suppliers")
    BOTH = "both", _("Buyers and suppliers")


class InstrumentQuerySet(models.QuerySet["Instrument"]):
    def active(self) -> InstrumentQuerySet:
        return self.filter(status=Instrument.Status.ACTIVE)

    def for_role(self, role: str) -> InstrumentQuerySet:
        """Instruments for a buyer or a supplier: those for that role and those for both."""
        if role not in (Audience.BUYER, Audience.SUPPLIER):
            return self
        return self.filter(audience__in=[role, Audience.BOTH])

    def in_phase(self, code: str) -> InstrumentQuerySet:
        if code not in Phase.Code.values:
            return self
        return self.filter(phases__code=code)


class Instrument(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    code = models.SlugField(
        _("code"),
        max_length=60,
        unique=True,
        help_text=_("Used in the address of the instrument's page."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    name_nb = models.CharField(_("name (bokmål)"), max_length=200)
    name_nn = models.CharField(_("name (nynorsk)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    owner = models.CharField(_("owner"), max_length=300)
    summary_nb = models.TextField(_("what it offers (bokmål)"))
    summary_nn = models.TextField(_("what it offers (nynorsk)"))
    summary_en = models.TextField(_("what it offers (English)"))
    audience = models.CharField(_("for whom"), max_length=10, choices=Audience.choices)
    phases = models.ManyToManyField(Phase, verbose_name=_("phases"), related_name="instruments")
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    apply_url = models.URLField(_("where to apply"), max_length=500, blank=True)
    apply_nb = models.TextField(_("how to apply (bokmål)"), blank=True)
    apply_nn = models.TextField(_("how to apply (nynorsk)"), blank=True)
    apply_en = models.TextField(_("how to apply (English)"), blank=True)
    source_title = models.CharField(_("source"), max_length=300)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    loaded_hash = models.CharField(
        _("fingerprint of the catalogue entry last loaded"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("Empty for an instrument added in the administration."),
    )
    loaded_at = models.DateTimeField(_("last loaded from the catalogue"), null=True, editable=False)

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("instruments:detail", args=[self.code])

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def summary(self) -> str:
        return localized(self, "summary")

    @property
    def how_to_apply(self) -> str:
        return localized(self, "apply")

    def phase_codes(self) -> set[str]:
        return {p.code for p in self.phases.all()}

    @property
    def edited_since_load(self) -> bool:
        """Changed since it was last loaded from the catalogue file, or added by hand."""
        return not self.loaded_hash or row_hash(self) != self.loaded_hash


class Condition(models.Model):
    """A condition of an instrument, with its source and how far the source could be checked."""

    class Verification(models.TextChoices):
        WHITE_PAPER = "white-paper", _("Checked against the white paper")
        PUBLISHED = "published", _("Checked against the owner's or the ministry's published page")
        UNCHECKED = "unchecked", _("The source could not be checked")

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="conditions",
        verbose_name=_("instrument"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_nb = models.TextField(_("condition (bokmål)"))
    text_nn = models.TextField(_("condition (nynorsk)"))
    text_en = models.TextField(_("condition (English)"))
    source_title = models.CharField(_("source"), max_length=300)
    source_section = models.CharField(_("section of the source"), max_length=200, blank=True)
    source_url = models.URLField(_("source address"), max_length=500, blank=True)
    verification = models.CharField(
        _("checked"), max_length=20, choices=Verification.choices, default=Verification.UNCHECKED
    )
    note_nb = models.TextField(_("note (bokmål)"), blank=True)
    note_nn = models.TextField(_("note (nynorsk)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        ordering = ["instrument", "position", "pk"]
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "position"], name="instruments_condition_unique_position"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def text(self) -> str:
        return localized(self, "text")

    @property
    def note(self) -> str:
        return localized(self, "note")

    @property
    def verified(self) -> bool:
        return self.verification != Condition.Verification.UNCHECKED
