"""The catalogue of solutions and cloud services, and who uses them.

The white paper finds no systematic spreading of solutions between municipalities (Meld. St. 30
(2019–2020), 11.1.3) and wants a marketplace for cloud services that may also spread newly
developed solutions (11.3.2, 11.4). A *solution* comes out of a programme pilot that ended in a
decision to buy and scale, or is registered by its supplier and verified by a programme adviser.
A *cloud service* is registered the same way. Buyers record that they adopted one, so that each
entry shows who else uses it and the spreading can be measured (see ``indicators.py``).

Some facts are commercial: the supplier marks each such field as public or as visible to
signed-in buyers only. Pages and the API ask :meth:`CatalogueEntry.shown_fields` what to show,
so the rule is written once.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kjopekraft.organisations import orgnr
from kjopekraft.organisations.models import Organisation
from kjopekraft.programme.models import Topic


class ReviewError(Exception):
    """A verification step that is not allowed now; the message is for people."""


class PriceModel(models.TextChoices):
    SUBSCRIPTION = "subscription", _("Subscription")
    PER_USER = "per-user", _("Price per user")
    PER_USE = "per-use", _("Price per use")
    LICENCE = "licence", _("One-off licence")
    FIXED = "fixed", _("Fixed price")
    FREE = "free", _("Free of charge")
    OTHER = "other", _("Other price model")


class PurchaseRoute(models.TextChoices):
    """How a buyer came to use a solution or service."""

    ORIGINAL_CONTRACT = "original-contract", _("The original contract (the pilot)")
    FOLLOW_ON_OPTION = "follow-on-option", _("Option for follow-on buyers")
    FRAMEWORK = "framework", _("Framework agreement")
    NEW_COMPETITION = "new-competition", _("New competition")
    DIRECT = "direct", _("Direct purchase below the threshold")
    OTHER = "other", _("Other route")


class CatalogueQuerySet(models.QuerySet[Any]):
    def published(self) -> CatalogueQuerySet:
        """What the public sees: entries a programme adviser has verified."""
        return self.filter(status=CatalogueEntry.Status.VERIFIED)

    def awaiting_verification(self) -> CatalogueQuerySet:
        return self.filter(status=CatalogueEntry.Status.SUBMITTED)

    def matching(
        self, field: str, values: list[str], *, restricted_visible: bool
    ) -> CatalogueQuerySet:
        """Entries whose ``field`` has one of ``values``.

        For a person who may not see buyer-only fields, an entry whose field is buyer-only
        never matches: otherwise filtering would tell what the field holds.
        """
        queryset = self.filter(**{f"{field}__in": values})
        if restricted_visible or field not in self.model.RESTRICTABLE:
            return queryset
        # Decided in Python: SQLite cannot look inside a JSON list.
        public = [
            pk for pk, hidden in queryset.values_list("pk", "buyer_only") if field not in hidden
        ]
        return self.filter(pk__in=public)

    def search(self, text: str) -> CatalogueQuerySet:
        """Entries whose name, description or supplier contains every word of ``text``."""
        queryset = self
        for word in text.split()[:10]:
            condition = Q(supplier__name__icontains=word)
            for field in self.model.SEARCH_FIELDS:
                condition |= Q(**{f"{field}__icontains": word})
            queryset = queryset.filter(condition)
        return queryset


class CatalogueEntry(models.Model):
    """What solutions and cloud services share: a supplier, a review, and restricted fields.

    Submitted → verified by an adviser (and public), or not verified with a reason. A supplier
    may submit a rejected entry again after changing it.
    """

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting verification")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Not verified")

    # The fields a supplier may restrict to signed-in buyers; each subclass names its own.
    RESTRICTABLE: tuple[str, ...] = ()
    SEARCH_FIELDS: tuple[str, ...] = ()
    URL_NAME = ""  # the detail page's URL name; the actions' names add a suffix

    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="supplied_%(class)ss",
        verbose_name=_("supplier"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED
    )
    review_comment = models.TextField(_("adviser's comment"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    buyer_only = models.JSONField(
        _("fields visible to signed-in buyers only"),
        default=list,
        blank=True,
        help_text=_("The other fields are public."),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "Where buyers' expressions of interest go, besides the supplier's people on "
            "Kjøpekraft. Never shown on the pages."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created = models.DateTimeField(_("registered"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        abstract = True

    def get_absolute_url(self) -> str:
        return reverse(self.URL_NAME, args=[self.pk])

    def urls(self) -> dict[str, str]:
        """The addresses of what can be done with the entry, for the templates."""
        actions = ("edit", "review", "interest", "adopt")
        return {
            "detail": self.get_absolute_url(),
            **{a: reverse(f"{self.URL_NAME}_{a}", args=[self.pk]) for a in actions},
        }

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.VERIFIED

    def clean(self) -> None:
        super().clean()
        unknown = set(self.buyer_only) - set(self.RESTRICTABLE)
        if unknown:
            raise ValidationError(
                {"buyer_only": _("These fields cannot be restricted: %(fields)s")},
                params={"fields": ", ".join(sorted(unknown))},
            )
        if self.supplier_id and not orgnr.is_valid(self.supplier.orgnr or ""):
            raise ValidationError(
                {"supplier": _("The supplier needs a valid organisation number (MOD11).")}
            )

    def is_buyer_only(self, field: str) -> bool:
        return field in self.RESTRICTABLE and field in self.buyer_only

    def shown_fields(self, *, restricted_visible: bool) -> list[dict[str, Any]]:
        """The restrictable fields in order, each with its label and its value as shown.

        A buyer-only field keeps its label but not its value for those who may not see it, so
        a visitor learns that there is more to see after signing in, never what it is.
        """
        shown = []
        for name in self.RESTRICTABLE:
            field = self._meta.get_field(name)
            hidden = self.is_buyer_only(name) and not restricted_visible
            if hidden:
                value: Any = None
            elif getattr(field, "choices", None):
                value = getattr(self, f"get_{name}_display")()
            else:
                value = getattr(self, name)
            shown.append(
                {
                    "name": name,
                    "label": field.verbose_name,
                    "value": value,
                    "hidden": hidden,
                    "buyer_only": self.is_buyer_only(name),
                }
            )
        return shown

    def review(self, by: Any, *, verify: bool, comment: str = "") -> None:
        if self.status != self.Status.SUBMITTED:
            raise ReviewError(_("Only an entry awaiting verification can be reviewed."))
        if not verify and not comment.strip():
            raise ReviewError(_("Say why the entry is not verified; the supplier is told."))
        self.status = self.Status.VERIFIED if verify else self.Status.REJECTED
        self.review_comment = comment.strip()
        self.reviewed_by = by
        self.reviewed_at = timezone.now()
        self.save(
            update_fields=["status", "review_comment", "reviewed_by", "reviewed_at", "updated"]
        )

    def resubmit(self) -> None:
        """A changed entry goes back to the advisers, unless it is already verified."""
        if self.status == self.Status.REJECTED:
            self.status = self.Status.SUBMITTED
            self.save(update_fields=["status", "updated"])

    def adopters(self) -> models.QuerySet[Adoption]:
        return self.adoptions.select_related(  # type: ignore[attr-defined,no-any-return]
            "organisation__municipality__county"
        ).order_by("adopted_on", "pk")

    def reference_contact(self, *, excluding: Organisation | None = None) -> str | None:
        """Where a buyer's interest goes to be answered by someone who uses the entry.

        Named reference customers with an address come first, then adopters that agreed to be
        asked, then the approved buyers of a reference customer; never the asking buyer itself.
        """
        from kjopekraft.accounts.models import Membership, Role

        others = Q() if excluding is None else ~Q(organisation=excluding)
        references = self.references.filter(others)  # type: ignore[attr-defined]
        named = references.exclude(contact_email="").order_by("pk").first()
        if named is not None:
            return str(named.contact_email)
        adopter = (
            self.adoptions.filter(others, is_reference=True)  # type: ignore[attr-defined]
            .exclude(contact_email="")
            .order_by("adopted_on", "pk")
            .first()
        )
        if adopter is not None:
            return str(adopter.contact_email)
        organisation_ids = list(references.values_list("organisation_id", flat=True)) + list(
            self.adoptions.filter(others, is_reference=True).values_list(  # type: ignore[attr-defined]
                "organisation_id", flat=True
            )
        )
        email = (
            Membership.objects.approved()
            .filter(organisation_id__in=organisation_ids, role=Role.BUYER)
            .order_by("created")
            .values_list("user__email", flat=True)
            .first()
        )
        return email


class Solution(CatalogueEntry):
    """A solution that other buyers can acquire: what it solves, proof of effect, and terms."""

    class Origin(models.TextChoices):
        PROGRAMME = "programme", _("From a programme pilot")
        SUPPLIER = "supplier", _("Registered by the supplier")

    class Maturity(models.TextChoices):
        PILOT = "pilot", _("Piloted")
        READY = "ready", _("Ready for use")
        IN_USE = "in-use", _("In use at several buyers")

    class Rights(models.TextChoices):
        BUYER = "buyer", _("The buyer owns what was developed")
        SUPPLIER = "supplier", _("The supplier owns it; buyers get a licence")
        SHARED = "shared", _("Owned jointly by buyer and supplier")
        OPEN = "open", _("Open source")

    class Acquisition(models.TextChoices):
        FOLLOW_ON_OPTION = (
            "follow-on-option",
            _("Option for follow-on buyers in the original contract"),
        )
        FRAMEWORK = "framework", _("Framework agreement")
        NEW_COMPETITION = "new-competition", _("New competition")

    RESTRICTABLE = ("price_model", "price_details", "rights_details", "acquisition_details")
    SEARCH_FIELDS = ("title", "summary", "problem")
    URL_NAME = "solutions:solution"

    title = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("what it is"))
    problem = models.TextField(_("the problem it solves"))
    topic = models.CharField(_("topic"), max_length=30, choices=Topic.choices)
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.SUPPLIER
    )
    decision = models.ForeignKey(
        "programme.Decision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solutions",
        verbose_name=_("programme decision"),
    )
    pilot_buyer = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("buyer that ran the pilot"),
    )
    pilot_ended = models.DateField(
        _("pilot ended"),
        null=True,
        blank=True,
        help_text=_("Spreading is measured from this date."),
    )
    evidence = models.TextField(
        _("evidence of effect"),
        blank=True,
        help_text=_("What was measured, how, and by whom."),
    )
    maturity = models.CharField(_("maturity"), max_length=10, choices=Maturity.choices)
    price_model = models.CharField(_("price model"), max_length=20, choices=PriceModel.choices)
    price_details = models.TextField(_("prices"), blank=True)
    rights = models.CharField(
        _("rights to what was developed"), max_length=10, choices=Rights.choices
    )
    rights_details = models.TextField(_("rights in detail"), blank=True)
    acquisition = models.CharField(
        _("how another buyer can acquire it"), max_length=20, choices=Acquisition.choices
    )
    acquisition_details = models.TextField(_("terms for follow-on buyers"), blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("solution")
        verbose_name_plural = _("solutions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(origin="programme") | Q(decision__isnull=False),
                name="solution_programme_has_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_comment=""),
                name="solution_rejected_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "topic"], name="solution_status_topic_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def name(self) -> str:
        return self.title

    def cpv_list(self) -> list[str]:
        return [c.code for c in self.cpv_codes.all()]

    def pilot_effect(self) -> dict[str, Any] | None:
        """The pilot's measured effect against its baseline and target, when there was one."""
        if self.decision is None:
            return None
        challenge = self.decision.challenge
        pilot = challenge.pilots.order_by("starts").first()
        latest = pilot.latest_measurement() if pilot else None
        if latest is None:
            return None
        return {
            "indicator": challenge.effect_indicator,
            "unit": challenge.effect_unit,
            "baseline": challenge.effect_baseline,
            "target": challenge.effect_target,
            "value": latest.value,
            "measured_on": latest.measured_on,
            "note": latest.note,
        }


class CpvCode(models.Model):
    """A CPV code (the 8 digits, without the check digit) that describes a solution."""

    solution = models.ForeignKey(
        Solution, on_delete=models.CASCADE, related_name="cpv_codes", verbose_name=_("solution")
    )
    code = models.CharField(_("CPV code"), max_length=8)

    class Meta:
        ordering = ["code"]
        verbose_name = _("CPV code")
        verbose_name_plural = _("CPV codes")
        constraints = [
            models.UniqueConstraint(fields=["solution", "code"], name="uniq_solution_cpv"),
        ]
        indexes = [models.Index(fields=["code"], name="solution_cpv_code_idx")]

    def __str__(self) -> str:
        return self.code


class CloudService(CatalogueEntry):
    """A cloud service offered to public buyers: where the data lives, certifications, price."""

    class Category(models.TextChoices):
        CASE_MANAGEMENT = "case-management", _("Case management and archive")
        COLLABORATION = "collaboration", _("Collaboration and office")
        HEALTH_WELFARE = "health-welfare", _("Health and welfare")
        EDUCATION = "education", _("Education")
        CITIZEN_SERVICES = "citizen-services", _("Services for citizens")
        ANALYTICS = "analytics", _("Data and analytics")
        INFRASTRUCTURE = "infrastructure", _("Infrastructure and platform")
        SECURITY = "security", _("Security and identity")
        OTHER = "other", _("Other")

    class Location(models.TextChoices):
        NORWAY = "norway", _("Norway")
        EEA = "eea", _("The EEA")
        ELSEWHERE = "elsewhere", _("Outside the EEA")

    RESTRICTABLE = (
        "category",
        "storage_location",
        "processing_location",
        "certifications",
        "price_model",
        "price_details",
    )
    SEARCH_FIELDS = ("name", "description")
    URL_NAME = "solutions:cloud_service"

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("what it does"))
    solution = models.ForeignKey(
        Solution,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cloud_services",
        verbose_name=_("the solution it delivers"),
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    storage_location = models.CharField(
        _("where data is stored"), max_length=10, choices=Location.choices
    )
    processing_location = models.CharField(
        _("where data is processed"), max_length=10, choices=Location.choices
    )
    certifications = models.CharField(
        _("certifications"),
        max_length=300,
        blank=True,
        help_text=_("For example ISO/IEC 27001, with the year of the last audit."),
    )
    price_model = models.CharField(_("price model"), max_length=20, choices=PriceModel.choices)
    price_details = models.TextField(_("prices"), blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("cloud service")
        verbose_name_plural = _("cloud services")
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_comment=""),
                name="cloud_rejected_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "category"], name="cloud_status_category_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return self.name


# --- What buyers do with entries: references, interest, adoption -------------------------------


class EntryLink(models.Model):
    """Something about exactly one catalogue entry: a solution or a cloud service."""

    solution = models.ForeignKey(
        Solution,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("solution"),
    )
    cloud_service = models.ForeignKey(
        CloudService,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("cloud service"),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(solution__isnull=True) ^ Q(cloud_service__isnull=True),
                name="%(app_label)s_%(class)s_one_entry",
            ),
        ]

    @property
    def entry(self) -> Solution | CloudService:
        entry = self.solution or self.cloud_service
        assert entry is not None
        return entry

    @classmethod
    def of(cls, entry: Solution | CloudService) -> dict[str, Any]:
        """The keyword that links to ``entry``: ``solution=…`` or ``cloud_service=…``."""
        return {"solution": entry} if isinstance(entry, Solution) else {"cloud_service": entry}


class Reference(EntryLink):
    """A reference customer the supplier names; shown on the entry's page."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("customer")
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    note = models.CharField(_("what they use it for"), max_length=300, blank=True)

    class Meta(EntryLink.Meta):
        ordering = ["pk"]
        verbose_name = _("reference customer")
        verbose_name_plural = _("reference customers")

    def __str__(self) -> str:
        return self.organisation.name


class Adoption(EntryLink):
    """A buyer that took a solution or service into use: when, how widely, and how it bought."""

    class Scope(models.TextChoices):
        TRIAL = "trial", _("Trial in one unit")
        PART = "part", _("Part of the organisation")
        WHOLE = "whole", _("The whole organisation")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="adoptions", verbose_name=_("buyer")
    )
    adopted_on = models.DateField(_("taken into use"))
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    scope_details = models.CharField(
        _("where it is used"),
        max_length=300,
        blank=True,
        help_text=_("For example “three nursing homes, 240 residents”."),
    )
    route = models.CharField(_("route of purchase"), max_length=20, choices=PurchaseRoute.choices)
    is_reference = models.BooleanField(
        _("other buyers may ask us about it"),
        default=False,
        help_text=_("Buyers who are interested are then put in touch with you."),
    )
    contact_email = models.EmailField(
        _("contact e-mail for other buyers"),
        blank=True,
        help_text=_("Shown only to signed-in buyers."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="solution_adoptions",
        verbose_name=_("recorded by"),
    )
    created = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta(EntryLink.Meta):
        ordering = ["adopted_on", "pk"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            *EntryLink.Meta.constraints,
            models.UniqueConstraint(
                fields=["organisation", "solution"],
                condition=Q(solution__isnull=False),
                name="uniq_adoption_solution",
            ),
            models.UniqueConstraint(
                fields=["organisation", "cloud_service"],
                condition=Q(cloud_service__isnull=False),
                name="uniq_adoption_cloud_service",
            ),
        ]
        indexes = [models.Index(fields=["adopted_on"], name="adoption_date_idx")]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.entry}"


class Interest(EntryLink):
    """A buyer's expression of interest, and who was told about it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("buyer")
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="solution_interests",
        verbose_name=_("person"),
    )
    message = models.TextField(_("message"), blank=True)
    notified = models.JSONField(_("told"), default=list, blank=True)
    created = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta(EntryLink.Meta):
        ordering = ["-created"]
        verbose_name = _("expression of interest")
        verbose_name_plural = _("expressions of interest")

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.entry}"
