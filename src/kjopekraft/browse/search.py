"""Full-text search over notices, in Norwegian and English with stemming: one interface, two
backends.

Every notice version has one :class:`~kjopekraft.browse.models.SearchEntry` with three texts:
Norwegian (bokmål, nynorsk), English, and everything else (other languages, names, identifiers,
CPV codes). Names, identifiers and codes go into all three, so a query that mixes a Norwegian
word with a buyer's name still finds the notice.

- **PostgreSQL**: a stored generated ``tsvector`` column, ``norwegian`` over the Norwegian text
  (weight A), ``english`` over the English (B), ``simple`` over the rest (C), with a GIN index.
- **SQLite**: an FTS5 table over the same entries, kept in step by triggers. SQLite has no
  stemmer, so the entry holds the words already stemmed by Snowball (``snowballstemmer``, the
  same algorithms PostgreSQL uses), and the query is stemmed the same way.

A query matches a notice when all its words match in one of three ways: stemmed as Norwegian in
the Norwegian text, stemmed as English in the English text, or as written anywhere. Ranking puts
the better matches first (``ts_rank`` and ``bm25``).

Both backends see the same words: text is split into words here, in Python, for both, so that
"2023-673152" or "e-post" mean the same thing everywhere. "anskaffelsene" finds "anskaffelse"
on both.

The index is kept correct by :mod:`kjopekraft.browse.receivers` after every ingest and can be
rebuilt with ``kjopekraft reindex``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

import snowballstemmer
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL

NORWEGIAN = frozenset({"nor", "nob", "nno", "no", "nb", "nn"})
ENGLISH = frozenset({"eng", "en"})
COLUMNS = ("nor", "eng", "other")
BATCH = 500
# Words kept per column: far beyond any real notice, and well inside PostgreSQL's limits for one
# tsvector (1 MB), so a pathological file cannot break the index.
MAX_WORDS = 50_000

# Words that say nothing about a notice. The PostgreSQL configurations drop these (and more) from
# queries; the SQLite backend drops them too, so that "kjøp av møbler" means the same on both.
STOP_WORDS = frozenset(
    {
        *("og", "i", "av", "for", "på", "til", "med", "som", "en", "et", "ei", "den", "det"),
        *("de", "er", "å", "om", "fra", "ved", "eller"),
        *("the", "a", "an", "of", "and", "or", "to", "in", "on", "with", "by", "at", "from"),
        *("is", "are"),
    }
)

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-case words: letters and digits, everything else separates."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def query_words(text: str) -> list[str]:
    """The words of a query that take part in the search, in order, each once."""
    return list(dict.fromkeys(w for w in words(text) if w not in STOP_WORDS))


@dataclass(frozen=True)
class IndexTexts:
    """The words of one notice by language column, space-separated."""

    nor: str
    eng: str
    other: str


def _texts(values: Any) -> Iterator[tuple[str, str]]:
    """(language, text) pairs of a ``{language: text}`` field."""
    if isinstance(values, Mapping):
        for language, text in values.items():
            if text:
                yield str(language).lower(), str(text)


def index_texts(document: Mapping[str, Any]) -> IndexTexts:
    """What a notice document contributes to the index (pure: the document is the notice JSON)."""
    by_language: dict[str, list[str]] = {column: [] for column in COLUMNS}
    multilingual = [document.get("title"), document.get("description")]
    for lot in document.get("lots") or []:
        multilingual += [lot.get("title"), lot.get("description")]
        for criterion in lot.get("award_criteria") or []:
            multilingual += [criterion.get("name"), criterion.get("description")]
    for values in multilingual:
        for language, text in _texts(values):
            column = "nor" if language in NORWEGIAN else "eng" if language in ENGLISH else "other"
            by_language[column].append(text)

    common = [
        document.get("id"),
        document.get("doffin_id"),
        document.get("ted_publication_number"),
        (document.get("procedure") or {}).get("id"),
        document.get("main_cpv"),
        *(document.get("additional_cpv") or []),
    ]
    for lot in document.get("lots") or []:
        common += [lot.get("main_cpv"), *(lot.get("additional_cpv") or [])]
    organisations = list(document.get("buyers") or [])
    for result in document.get("results") or []:
        organisations += result.get("winners") or []
    for org in organisations:
        common += [org.get("name"), org.get("identifier"), org.get("city")]
    shared = " ".join(str(value) for value in common if value)

    return IndexTexts(
        **{
            column: " ".join(words(" ".join([shared, *texts]))[:MAX_WORDS])
            for column, texts in by_language.items()
        }
    )


class Backend:
    """What a database needs to search notices. Use :func:`backend` to get the right one."""

    vendor = ""

    def prepare(self, texts: IndexTexts) -> dict[str, str]:
        """The column values of a search entry."""
        raise NotImplementedError

    def install(self, schema_editor: Any) -> None:
        """Create what the search needs beyond the model's table (run by the migration)."""
        raise NotImplementedError

    def uninstall(self, schema_editor: Any) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        """Make the index agree with the entries after a bulk rebuild."""

    def matching_ids(self, terms: list[str]) -> RawSQL:
        """SQL for the ids of the notices whose entries match all the terms."""
        raise NotImplementedError

    def rank(self, terms: list[str], notice_table: str) -> RawSQL:
        """SQL for a notice's relevance (higher is better), correlated with ``notice_table``."""
        raise NotImplementedError


class PostgresBackend(Backend):
    vendor = "postgresql"
    # Norwegian stems are weighted A and English stems B, so that each stemmed form of the query
    # matches only text in its own language; words as they are (C) match anywhere.
    _QUERY = (
        "(to_tsquery('norwegian', %s) || to_tsquery('english', %s) || to_tsquery('simple', %s))"
    )

    def prepare(self, texts: IndexTexts) -> dict[str, str]:
        return {"nor": texts.nor, "eng": texts.eng, "other": texts.other}

    def install(self, schema_editor: Any) -> None:
        schema_editor.execute(
            "ALTER TABLE browse_searchentry ADD COLUMN document tsvector GENERATED ALWAYS AS ("
            "setweight(to_tsvector('norwegian'::regconfig, nor), 'A')"
            " || setweight(to_tsvector('english'::regconfig, eng), 'B')"
            " || setweight(to_tsvector('simple'::regconfig, other), 'C')) STORED"
        )
        schema_editor.execute(
            "CREATE INDEX browse_search_document_gin ON browse_searchentry USING gin (document)"
        )

    def uninstall(self, schema_editor: Any) -> None:
        schema_editor.execute("DROP INDEX IF EXISTS browse_search_document_gin")
        schema_editor.execute("ALTER TABLE browse_searchentry DROP COLUMN IF EXISTS document")

    def _params(self, terms: list[str]) -> list[str]:
        # The words are letters and digits only, so quoting them cannot break the query syntax.
        def query(weight: str) -> str:
            return " & ".join(f"'{term}'{weight}" for term in terms)

        return [query(":A"), query(":B"), query("")]

    def matching_ids(self, terms: list[str]) -> RawSQL:
        sql = f"SELECT notice_id FROM browse_searchentry WHERE document @@ {self._QUERY}"  # noqa: S608  (constants only; the terms are parameters)
        return RawSQL(sql, self._params(terms))  # noqa: S611

    def rank(self, terms: list[str], notice_table: str) -> RawSQL:
        sql = (
            f"SELECT ts_rank(document, {self._QUERY}) FROM browse_searchentry"  # noqa: S608
            f' WHERE notice_id = "{notice_table}"."id"'
        )
        return RawSQL(sql, self._params(terms))  # noqa: S611


@functools.cache
def _stemmer(language: str) -> Any:
    return snowballstemmer.stemmer(language)


# Words repeat a great deal across notices, and stemming in Python is the slow part of indexing.
@functools.lru_cache(maxsize=500_000)
def _stem_word(language: str, word: str) -> str:
    return str(_stemmer(language).stemWord(word))


class SqliteBackend(Backend):
    vendor = "sqlite"
    _TABLE = "browse_searchentry_fts"

    def _stem(self, language: str, terms: list[str]) -> list[str]:
        return [_stem_word(language, term) for term in terms]

    def prepare(self, texts: IndexTexts) -> dict[str, str]:
        return {
            "nor": " ".join(self._stem("norwegian", texts.nor.split())),
            "eng": " ".join(self._stem("english", texts.eng.split())),
            "other": texts.other,
        }

    # An external-content table: the words live once, in browse_searchentry, and the triggers
    # keep the index in step with every insert, update and delete, a test's flush included.
    # remove_diacritics 0 keeps æ, ø and å apart from a and o.
    _DDL = (
        "CREATE VIRTUAL TABLE browse_searchentry_fts USING fts5(nor, eng, other,"
        " content='browse_searchentry', content_rowid='notice_id',"
        " tokenize='unicode61 remove_diacritics 0')",
        "CREATE TRIGGER browse_search_ai AFTER INSERT ON browse_searchentry BEGIN"
        " INSERT INTO browse_searchentry_fts(rowid, nor, eng, other)"
        " VALUES (new.notice_id, new.nor, new.eng, new.other); END",
        "CREATE TRIGGER browse_search_ad AFTER DELETE ON browse_searchentry BEGIN"
        " INSERT INTO browse_searchentry_fts(browse_searchentry_fts, rowid, nor, eng, other)"
        " VALUES ('delete', old.notice_id, old.nor, old.eng, old.other); END",
        "CREATE TRIGGER browse_search_au AFTER UPDATE ON browse_searchentry BEGIN"
        " INSERT INTO browse_searchentry_fts(browse_searchentry_fts, rowid, nor, eng, other)"
        " VALUES ('delete', old.notice_id, old.nor, old.eng, old.other);"
        " INSERT INTO browse_searchentry_fts(rowid, nor, eng, other)"
        " VALUES (new.notice_id, new.nor, new.eng, new.other); END",
    )

    def install(self, schema_editor: Any) -> None:
        for statement in self._DDL:
            schema_editor.execute(statement)

    def uninstall(self, schema_editor: Any) -> None:
        for trigger in ("browse_search_ai", "browse_search_ad", "browse_search_au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        schema_editor.execute("DROP TABLE IF EXISTS browse_searchentry_fts")

    def refresh(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO browse_searchentry_fts(browse_searchentry_fts) VALUES ('rebuild')"
            )

    def expression(self, terms: list[str]) -> str:
        """An FTS5 query: every term stemmed as Norwegian in the Norwegian text, or stemmed as
        English in the English text, or as it is anywhere."""

        def all_of(group: list[str]) -> str:
            return "(" + " AND ".join(f'"{term}"' for term in dict.fromkeys(group)) + ")"

        return " OR ".join(
            [
                "{nor} : " + all_of(self._stem("norwegian", terms)),
                "{eng} : " + all_of(self._stem("english", terms)),
                all_of(terms),
            ]
        )

    def matching_ids(self, terms: list[str]) -> RawSQL:
        sql = f"SELECT rowid FROM {self._TABLE} WHERE {self._TABLE} MATCH %s"  # noqa: S608  (constants only)
        return RawSQL(sql, [self.expression(terms)])  # noqa: S611

    def rank(self, terms: list[str], notice_table: str) -> RawSQL:
        # bm25() is lower for better matches; negated so that higher is better on both backends.
        sql = (
            f"SELECT -bm25({self._TABLE}) FROM {self._TABLE} WHERE {self._TABLE} MATCH %s"  # noqa: S608
            f' AND rowid = "{notice_table}"."id"'
        )
        return RawSQL(sql, [self.expression(terms)])  # noqa: S611


_BACKENDS: dict[str, Backend] = {b.vendor: b for b in (PostgresBackend(), SqliteBackend())}


def backend(vendor: str | None = None) -> Backend:
    """The search backend of the database (``vendor`` as Django names it)."""
    vendor = vendor or connection.vendor
    try:
        return _BACKENDS[vendor]
    except KeyError:
        raise NotImplementedError(f"No notice search for the {vendor} database") from None


# -- the index --------------------------------------------------------------------------------


def batches(values: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    it = iter(values)
    while chunk := list(islice(it, size)):
        yield chunk


def index_notices(notice_ids: Iterable[int], *, on_item: Callable[[], None] | None = None) -> int:
    """(Re)index these notice versions; returns how many entries were written."""
    from kjopekraft.browse.models import SearchEntry
    from kjopekraft.notices.models import Notice

    engine = backend()
    count = 0
    for chunk in batches(notice_ids):
        rows = Notice.objects.filter(pk__in=chunk).values_list("pk", "document")
        entries = [
            SearchEntry(notice_id=pk, **engine.prepare(index_texts(document)))
            for pk, document in rows
        ]
        with transaction.atomic():
            SearchEntry.objects.bulk_create(
                entries,
                update_conflicts=True,
                unique_fields=["notice"],
                update_fields=list(COLUMNS),
            )
        count += len(entries)
        if on_item:
            for _ in entries:
                on_item()
    return count


def index_procedures(procedure_ids: Iterable[int]) -> int:
    """(Re)index every notice version of these procedures: what an ingest touched."""
    from kjopekraft.notices.models import Notice

    total = 0
    for chunk in batches(procedure_ids):
        ids = Notice.objects.filter(procedure_id__in=chunk).values_list("pk", flat=True)
        total += index_notices(list(ids))
    return total


def rebuild(*, on_item: Callable[[], None] | None = None) -> int:
    """Index every notice again, from its stored document."""
    from kjopekraft.notices.models import Notice

    ids = list(Notice.objects.order_by("pk").values_list("pk", flat=True))
    count = index_notices(ids, on_item=on_item)
    backend().refresh()
    return count


def matching(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """Notices of ``queryset`` whose text matches every word of ``text``.

    A text without searchable words (empty, or only stop words) does not narrow the queryset.
    """
    terms = query_words(text)
    if not terms:
        return queryset
    return queryset.filter(pk__in=backend().matching_ids(terms))


def by_relevance(queryset: QuerySet[Any], text: str) -> QuerySet[Any]:
    """The matching notices, best match first, then newest."""
    terms = query_words(text)
    if not terms:
        return queryset
    table = queryset.model._meta.db_table
    return (
        matching(queryset, text)
        .annotate(search_rank=backend().rank(terms, table))
        .order_by("-search_rank", "-publication_date", "-pk")
    )
