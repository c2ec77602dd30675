"""Notices as stored: the verbatim raw file, and the rows parsed from it.

Every row below :class:`RawNotice` can be rebuilt from the raw bytes, so a better parser can be
re-run over everything that was ever received.
"""

from __future__ import annotations

import zlib

from django.db import models
from django.utils.translation import gettext_lazy as _

from kjopekraft.organisations.models import Organisation


class RawNotice(models.Model):
    """One received file, verbatim and keyed by the SHA-256 of its bytes.

    Rejected files are kept too (quarantine), with the code and reason, so that nothing received
    is lost; a file that was never read (too large, unsafe archive path) is recorded without its
    bytes.
    """

    class Status(models.TextChoices):
        PARSED = "parsed", _("Parsed")
        REJECTED = "rejected", _("Rejected")

    sha256 = models.CharField(max_length=64, unique=True)
    content = models.BinaryField(null=True, help_text="zlib-compressed bytes of the file")
    size = models.PositiveBigIntegerField(default=0)
    name = models.CharField(max_length=1000, help_text="Where the file came from when first seen")
    status = models.CharField(max_length=10, choices=Status.choices)
    reject_code = models.CharField(max_length=20, blank=True)
    reject_reason = models.TextField(blank=True)
    received = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("raw notice")
        verbose_name_plural = _("raw notices")
        indexes = [models.Index(fields=["status", "reject_code"], name="raw_status_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.sha256[:12]})"

    @property
    def data(self) -> bytes | None:
        return zlib.decompress(bytes(self.content)) if self.content is not None else None


class Procedure(models.Model):
    """A procurement procedure: the notices that share one procedure identifier (BT-04).

    A notice without BT-04 is its own procedure, keyed ``notice:<BT-701>``.
    """

    key = models.CharField(max_length=200, unique=True)
    procedure_type = models.CharField(_("procedure type"), max_length=40, blank=True)
    first_published = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("procedure")
        verbose_name_plural = _("procedures")

    def __str__(self) -> str:
        return self.key

    @property
    def identifier(self) -> str | None:
        return None if self.key.startswith("notice:") else self.key


class NoticeQuerySet(models.QuerySet["Notice"]):
    def latest_versions(self) -> NoticeQuerySet:
        return self.filter(is_latest=True)

    def lookup(self, ident: str) -> Notice | None:
        """A notice by its identifier, ``identifier@version``, Doffin ID or TED publication number.

        Without a version, the newest version.
        """
        ident = ident.strip()
        if not ident or len(ident) > 200:
            return None
        if "@" in ident:
            notice_id, _, version = ident.rpartition("@")
            return self.filter(notice_id=notice_id, version=version).first()
        found = self.filter(notice_id=ident, is_latest=True).first()
        if found is not None:
            return found
        candidates = {ident, ident.lstrip("0")}
        if "-" in ident:  # TED numbers are written with or without leading zeros: 00123456-2024
            number, _, year = ident.partition("-")
            candidates.add(f"{number.lstrip('0')}-{year}")
            candidates.add(f"{number.lstrip('0').zfill(8)}-{year}")
        alias = NoticeAlias.objects.filter(alias__in=candidates).order_by("kind").first()
        if alias is None:
            return None
        return self.filter(notice_id=alias.notice_id, is_latest=True).first()


class Notice(models.Model):
    """One version of one notice, identified by (BT-701, BT-757)."""

    notice_id = models.CharField(_("notice identifier"), max_length=100)
    version = models.CharField(_("version"), max_length=20)
    is_latest = models.BooleanField(default=True, help_text="The newest version of the notice")
    raw = models.ForeignKey(RawNotice, on_delete=models.PROTECT, related_name="notices")
    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="notices")
    source = models.CharField(_("source"), max_length=10)
    format = models.CharField(max_length=10)
    notice_type = models.CharField(_("notice type"), max_length=20, blank=True)
    form_type = models.CharField(max_length=40, blank=True)
    notice_subtype = models.CharField(_("notice subtype"), max_length=10, blank=True)
    publication_date = models.DateField(_("publication date"), null=True, blank=True)
    doffin_id = models.CharField(max_length=20, blank=True)
    ted_publication_number = models.CharField(max_length=20, blank=True)
    procedure_type = models.CharField(_("procedure type"), max_length=40, blank=True)
    legal_basis = models.CharField(max_length=40, blank=True)
    title = models.JSONField(default=dict)
    description = models.JSONField(default=dict)
    main_cpv = models.CharField(max_length=12, blank=True)
    estimated_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    deadline = models.DateTimeField(null=True, blank=True)
    document = models.JSONField(help_text="The whole parsed notice, as `kjopekraft notice show`")
    ingested = models.DateTimeField(auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        constraints = [
            models.UniqueConstraint(fields=["notice_id", "version"], name="uniq_notice_version")
        ]
        indexes = [
            models.Index(fields=["notice_id", "is_latest"], name="notice_latest_idx"),
            models.Index(fields=["publication_date"], name="notice_pubdate_idx"),
            models.Index(fields=["doffin_id"], name="notice_doffin_idx"),
            models.Index(fields=["ted_publication_number"], name="notice_ted_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}@{self.version}"

    @property
    def display_title(self) -> str:
        for language in ("nor", "nob", "nno", "eng"):
            if self.title.get(language):
                return str(self.title[language])
        return next(iter(self.title.values()), self.notice_id)


class Lot(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="lots")
    # Legacy TED lot numbers are free text (up to 100 characters seen: "Część nr 3 …").
    lot_id = models.CharField(max_length=200)
    title = models.JSONField(default=dict)
    main_cpv = models.CharField(max_length=12, blank=True)
    estimated_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    strategic_procurement = models.JSONField(default=list)
    innovative_acquisition = models.JSONField(default=list)
    environmental_impact = models.JSONField(default=list)
    green_criteria = models.JSONField(default=list)
    social_objective = models.JSONField(default=list)
    framework_agreement = models.CharField(max_length=20, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["notice", "lot_id"], name="uniq_notice_lot")]

    def __str__(self) -> str:
        return f"{self.notice} {self.lot_id}"


class LotResult(models.Model):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="results")
    lot_id = models.CharField(max_length=200)
    status = models.CharField(max_length=20, blank=True)
    tender_value = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    tenders_received = models.PositiveIntegerField(null=True, blank=True)
    received = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"{self.notice} {self.lot_id}"


class NoticeParty(models.Model):
    """An organisation in a notice as a buyer or a winner, linked to the register when possible."""

    class Role(models.TextChoices):
        BUYER = "buyer", _("Buyer")
        WINNER = "winner", _("Winner")

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(max_length=10, choices=Role.choices)
    lot_id = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="notice_parties",
    )
    name = models.CharField(max_length=500)
    identifier = models.CharField(max_length=100, blank=True)
    country = models.CharField(max_length=3, blank=True)
    nuts = models.CharField(max_length=10, blank=True)
    legal_type = models.CharField(max_length=40, blank=True)
    activity = models.CharField(max_length=40, blank=True)
    size = models.CharField(max_length=20, blank=True)

    class Meta:
        indexes = [models.Index(fields=["role", "identifier"], name="party_role_ident_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class NoticeAlias(models.Model):
    """Another name of a notice: its Doffin ID or its TED publication number."""

    class Kind(models.TextChoices):
        DOFFIN = "doffin", "Doffin"
        TED = "ted", "TED"

    alias = models.CharField(max_length=40)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    notice_id = models.CharField(max_length=100, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alias", "kind", "notice_id"], name="uniq_notice_alias")
        ]
        indexes = [models.Index(fields=["alias"], name="alias_idx")]

    def __str__(self) -> str:
        return f"{self.alias} → {self.notice_id}"
