"""The notice browser's data: the search index, and people's saved searches with their alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kjopekraft.browse import search
from kjopekraft.browse.filters import Filters, Source
from kjopekraft.notices.models import Lot, Notice, NoticeParty, NoticeQuerySet


class SearchEntry(models.Model):
    """The words of one notice version, as the search backend indexes them.

    The columns hold the words of the notice by language (see :mod:`kjopekraft.browse.search`);
    on SQLite they are already stemmed. The database-specific index (a generated ``tsvector``
    with a GIN index on PostgreSQL, an FTS5 table on SQLite) is created by the migration.
    """

    notice = models.OneToOneField(
        Notice, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    nor = models.TextField(blank=True, help_text="Norwegian text, names and codes")
    eng = models.TextField(blank=True, help_text="English text, names and codes")
    other = models.TextField(blank=True, help_text="Other languages, names and codes")

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")

    def __str__(self) -> str:
        return str(self.notice_id)


class BrowseQuerySet(NoticeQuerySet):
    """Notices as the browser, the alerts and the exports select them: each filter is a method,
    and :meth:`search` applies a whole :class:`~kjopekraft.browse.filters.Filters`."""

    def matching(self, text: str) -> BrowseQuerySet:
        return search.matching(self, text)  # type: ignore[return-value]

    def with_levels(self, dimension: str, levels: tuple[str, ...]) -> BrowseQuerySet:
        if not levels:
            return self
        return self.filter(**{f"procedure__assessment__{dimension}__in": levels})

    def published_in(self, years: tuple[int, ...]) -> BrowseQuerySet:
        return self.filter(publication_date__year__in=years) if years else self

    def bought_by(self, buyer: str) -> BrowseQuerySet:
        """By organisation number (with or without spaces) or by a part of the buyer's name."""
        buyer = buyer.strip()
        if not buyer:
            return self
        parties = NoticeParty.objects.filter(notice=OuterRef("pk"), role=NoticeParty.Role.BUYER)
        digits = buyer.replace(" ", "")
        if digits.isdigit() and len(digits) == 9:
            spaced = f"{digits[:3]} {digits[3:6]} {digits[6:]}"
            condition = Q(organisation__orgnr=digits) | Q(identifier__in=[digits, spaced])
        else:
            condition = Q(name__icontains=buyer)
        return self.filter(Exists(parties.filter(condition)))

    def in_counties(self, numbers: tuple[str, ...]) -> BrowseQuerySet:
        """Notices with a buyer in one of these counties (buyers whose municipality is known)."""
        if not numbers:
            return self
        parties = NoticeParty.objects.filter(
            notice=OuterRef("pk"),
            role=NoticeParty.Role.BUYER,
            organisation__municipality__county__number__in=numbers,
        )
        return self.filter(Exists(parties))

    def with_cpv(self, prefixes: tuple[str, ...]) -> BrowseQuerySet:
        """Notices whose main CPV code, or a lot's, starts with one of the prefixes."""
        if not prefixes:
            return self
        condition = Q()
        for prefix in prefixes:
            lots = Lot.objects.filter(notice=OuterRef("pk"), main_cpv__startswith=prefix)
            condition |= Q(main_cpv__startswith=prefix) | Q(Exists(lots))
        return self.filter(condition)

    def with_procedure_types(self, types: tuple[str, ...]) -> BrowseQuerySet:
        return self.filter(procedure__procedure_type__in=types) if types else self

    def from_sources(self, sources: tuple[str, ...]) -> BrowseQuerySet:
        if not sources:
            return self
        by_source = {
            Source.DOFFIN: Q(source="doffin"),
            Source.TED: Q(source="ted", format="eforms"),
            Source.TED_LEGACY: Q(source="ted", format="ted-xml"),
        }
        condition = Q()
        for source in sources:
            condition |= by_source[Source(source)]
        return self.filter(condition)

    def legacy_ted(self) -> BrowseQuerySet:
        return self.from_sources((Source.TED_LEGACY,))

    def search(self, filters: Filters) -> BrowseQuerySet:
        """The newest version of every notice that matches the words and all the filters."""
        return (
            self.latest_versions()
            .matching(filters.q)
            .with_levels("innovation", filters.innovation)
            .with_levels("green", filters.green)
            .with_levels("social", filters.social)
            .published_in(filters.year)
            .bought_by(filters.buyer)
            .in_counties(filters.county)
            .with_cpv(filters.cpv)
            .with_procedure_types(filters.procedure)
            .from_sources(filters.source)
        )

    def newest_first(self) -> BrowseQuerySet:
        return self.order_by(models.F("publication_date").desc(nulls_last=True), "-pk")

    def by_relevance(self, text: str) -> BrowseQuerySet:
        return search.by_relevance(self, text)  # type: ignore[return-value]


class BrowsableNotice(Notice):
    """A notice, with the browser's filters on its queryset."""

    objects = BrowseQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        proxy = True
        verbose_name = _("notice")
        verbose_name_plural = _("notices")


class SavedSearch(models.Model):
    """A person's saved search. ``kjopekraft send-alerts`` e-mails its new notices."""

    # Enough for real use; a limit keeps one account from making the alert run unbounded.
    MAX_PER_USER = 50

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("user"),
    )
    name = models.CharField(_("name"), max_length=200)
    query = models.JSONField(_("search"), default=dict, help_text="The words and the filters")
    language = models.CharField(
        _("language"), max_length=8, help_text="The language of the alert e-mails"
    )
    created = models.DateTimeField(_("saved"), auto_now_add=True)
    last_alerted = models.DateTimeField(_("last alert"), null=True, blank=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        indexes = [models.Index(fields=["user", "created"], name="saved_search_user_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        querystring = self.filters.querystring()
        return reverse("browse:search") + (f"?{querystring}" if querystring else "")

    @property
    def filters(self) -> Filters:
        return Filters.from_params(self.query)

    def notices(self) -> BrowseQuerySet:
        return BrowsableNotice.objects.search(self.filters)  # type: ignore[attr-defined,no-any-return]

    def new_notices(self) -> BrowseQuerySet:
        """Matching notices stored after the search was saved and not alerted before.

        A notice is alerted once: a later version of it (a correction) is not sent again.
        """
        return (
            self.notices()
            .filter(ingested__gt=self.created)
            .exclude(notice_id__in=self.alerted.values("notice_id"))
            .order_by("publication_date", "pk")
        )


class AlertedNotice(models.Model):
    """A notice that a saved search's alert has told of, so that it is never told twice."""

    saved_search = models.ForeignKey(SavedSearch, on_delete=models.CASCADE, related_name="alerted")
    notice_id = models.CharField(max_length=100, help_text="BT-701")
    alerted = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["saved_search", "notice_id"], name="uniq_alerted_notice"
            )
        ]

    def __str__(self) -> str:
        return f"{self.saved_search_id}: {self.notice_id}"
