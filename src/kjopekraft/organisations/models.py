"""Buyers and suppliers, and the counties and municipalities they belong to."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kjopekraft.organisations import orgnr


def validate_orgnr(value: str) -> None:
    try:
        orgnr.validate(value)
    except orgnr.InvalidOrgnr as exc:
        raise ValidationError(
            _("%(value)s is not a valid organisation number: %(reason)s"),
            code="invalid_orgnr",
            params={"value": value, "reason": exc.reason},
        ) from exc


class County(models.Model):
    """A county (fylke) in the 2024 structure."""

    number = models.CharField(_("county number"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=100)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class Municipality(models.Model):
    """A municipality (kommune) in the 2024 structure, with its population."""

    number = models.CharField(_("municipality number"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    county = models.ForeignKey(
        County, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("county")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return f"{self.number} {self.name}"


class MunicipalityCode(models.Model):
    """An older municipality or county number (2000–2023) and the 2024 number it maps to.

    A number split between several 2024 municipalities has several rows, with weights that
    add up to one.
    """

    old_number = models.CharField(max_length=4, db_index=True)
    new_number = models.CharField(max_length=4)
    weight = models.FloatField(default=1.0)
    level = models.CharField(max_length=12)  # "municipality" or "county"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["old_number", "new_number", "level"], name="uniq_municipality_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.old_number} → {self.new_number}"


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def buyers(self) -> OrganisationQuerySet:
        return self.filter(kind__in=Organisation.Kind.public_kinds())

    def suppliers(self) -> OrganisationQuerySet:
        return self.exclude(kind__in=Organisation.Kind.public_kinds())


class Organisation(models.Model):
    """A public body or a company, association or foundation."""

    class Kind(models.TextChoices):
        STATE = "state", _("State body")
        COUNTY = "county", _("County")
        MUNICIPALITY = "municipality", _("Municipality")
        PUBLIC_ENTERPRISE = "public-enterprise", _("Public enterprise")
        COMPANY = "company", _("Company")
        FOUNDATION = "foundation", _("Foundation")
        ASSOCIATION = "association", _("Association")
        OTHER = "other", _("Other")

        @classmethod
        def public_kinds(cls) -> list[str]:
            return [cls.STATE, cls.COUNTY, cls.MUNICIPALITY, cls.PUBLIC_ENTERPRISE]

    orgnr = models.CharField(
        _("organisation number"),
        max_length=9,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_orgnr],
        help_text=_("The 9-digit number in the Central Coordinating Register for Legal Entities."),
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country = models.CharField(_("country"), max_length=2, default="NO")
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("municipality"),
    )
    founding_date = models.DateField(_("founding date"), null=True, blank=True)
    organisation_form = models.CharField(
        _("organisation form"),
        max_length=10,
        blank=True,
        help_text=_("The register's code, for example AS, ASA, KOMM, FYLK, STAT, ORGL, STI."),
    )
    nace_code = models.CharField(_("industry code (NACE)"), max_length=10, blank=True)
    website = models.URLField(_("website"), blank=True)
    registry_updated = models.DateTimeField(_("updated from the register"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [models.Index(fields=["kind"], name="org_kind_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.orgnr})" if self.orgnr else self.name

    @property
    def is_public(self) -> bool:
        return self.kind in Organisation.Kind.public_kinds()

    @property
    def county(self) -> County | None:
        return self.municipality.county if self.municipality else None
