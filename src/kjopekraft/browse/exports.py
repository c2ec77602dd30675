"""Open-data exports of a search: OCDS release packages, CSV and Parquet.

One export is a folder (or a zip of it) with the tables, a ``README.md`` and a
``metadata.json`` that state where the data come from and under which licence:

- ``procedures``, ``notices``, ``lots``, ``results`` and ``assessments`` as CSV (UTF-8, one
  header row) or Parquet (the same columns, with the licence and source in each file's
  key-value metadata);
- or ``ocds/<source>.json``: one OCDS release package per source, since a package has one
  licence, with one release per notice following the OCDS for eForms profile.

Exports are written in batches, so that a download can stream while it is being made and
memory stays flat whatever the size: :func:`export` yields after every batch.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import quote

from django.conf import settings
from django.db.models import Count, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from kjopekraft.browse.filters import Filters
from kjopekraft.browse.plain import text_in
from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.notices import ocds
from kjopekraft.notices.models import Procedure

BATCH = 500
# A download from the browser is at most this many notices, and one address may make this many
# an hour: each is a full pass over the data. The command has no limit.
WEB_MAX_NOTICES = 25_000
WEB_PER_HOUR = 60

FORMATS = ("ocds", "csv", "parquet")
FORMAT_LABELS = {"ocds": "OCDS (JSON)", "csv": "CSV", "parquet": "Parquet"}


@dataclass(frozen=True)
class Licence:
    source: str
    name: str
    url: str
    attribution: str


LICENCES = {
    "doffin": Licence(
        source="Doffin, the Norwegian national notice database for public procurement (DFØ), "
        "https://doffin.no",
        name="Norsk lisens for offentlige data (NLOD) 2.0",
        url="https://data.norge.no/nlod/no/2.0",
        attribution="Contains data from Doffin made available under the Norwegian Licence for "
        "Open Government Data (NLOD) 2.0",
    ),
    "ted": Licence(
        source="TED – Tenders Electronic Daily, the supplement to the Official Journal of the "
        "European Union, https://ted.europa.eu",
        name="© European Union; reuse is authorised provided the source is acknowledged "
        "(Commission Decision 2011/833/EU, the reuse policy of the Publications Office)",
        url="http://data.europa.eu/eli/dec/2011/833/oj",
        attribution="Source: TED – Tenders Electronic Daily, © European Union",
    ),
}
DERIVED = Licence(
    source="Kjøpekraft: the assessments and the columns derived from the notices",
    name="Norsk lisens for offentlige data (NLOD) 2.0",
    url="https://data.norge.no/nlod/no/2.0",
    attribution="Assessments by Kjøpekraft",
)
LEGACY_NOTE = (
    "The legacy TED notices bundled with Kjøpekraft are a stratified sample chosen by the "
    "Publications Office to cover every part of the format: rare procedures are "
    "over-represented, so counts over them say nothing about TED as a whole."
)


# -- tables -----------------------------------------------------------------------------------

TEXT, INT, NUMBER, DATE, DATETIME, BOOL = "text", "int", "number", "date", "datetime", "bool"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    description: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[ExportContext], Iterator[tuple[Any, ...]]]


@dataclass
class ExportContext:
    """What the table builders need: the notices selected and how to name them."""

    notices: QuerySet[Any]
    site_url: str
    generated: dt.datetime
    filters: Filters
    sources: list[str] = field(default_factory=list)
    has_legacy_ted: bool = False
    ocid_prefix: str = ""

    @property
    def procedures(self) -> QuerySet[Procedure]:
        return Procedure.objects.filter(pk__in=self.notices.values("procedure_id"))

    def notice_url(self, notice_id: str) -> str:
        with translation.override(settings.LANGUAGE_CODE):
            path = reverse("browse:notice", args=["NOTICE"])
        return self.site_url.rstrip("/") + path.replace("NOTICE", quote(notice_id, safe=""))


def _joined(values: Iterable[Any]) -> str:
    return "; ".join(str(v) for v in values if v)


def _amount(money: Mapping[str, Any] | None) -> tuple[Any, str]:
    if not money:
        return None, ""
    return money.get("amount"), money.get("currency") or ""


def _documents(notices: QuerySet[Any], *fields: str) -> Iterator[tuple[Any, ...]]:
    """(fields..., document) of every notice, a batch at a time, in the order they were stored."""
    rows = notices.order_by("pk").values_list("pk", *fields, "document")
    last = 0
    while chunk := list(rows.filter(pk__gt=last)[:BATCH]):
        for row in chunk:
            yield row[1:]
        last = chunk[-1][0]


def _procedure_rows(context: ExportContext) -> Iterator[tuple[Any, ...]]:
    counts = dict(
        context.notices.values("procedure_id")
        .annotate(n=Count("pk"))
        .values_list("procedure_id", "n")
        .order_by()
    )
    for procedure in context.procedures.order_by("pk").iterator(chunk_size=BATCH):
        yield (
            procedure.key,
            procedure.identifier or "",
            procedure.procedure_type,
            procedure.first_published,
            counts.get(procedure.pk, 0),
        )


def _notice_rows(context: ExportContext) -> Iterator[tuple[Any, ...]]:
    licence_of = {source: LICENCES[source].name for source in LICENCES}
    for key, estimated, currency, deadline, doc in _documents(
        context.notices, "procedure__key", "estimated_value", "currency", "deadline"
    ):
        title = text_in(doc.get("title"), "nb")
        buyers = doc.get("buyers") or []
        yield (
            doc["id"],
            doc["version"],
            key,
            doc.get("source") or "",
            doc.get("format") or "",
            doc.get("notice_type") or "",
            doc.get("form_type") or "",
            doc.get("notice_subtype") or "",
            doc.get("language") or "",
            dt.date.fromisoformat(doc["publication_date"]) if doc.get("publication_date") else None,
            doc.get("doffin_id") or "",
            doc.get("ted_publication_number") or "",
            (doc.get("procedure") or {}).get("type") or "",
            doc.get("legal_basis") or "",
            title.text,
            title.lang,
            doc.get("main_cpv") or "",
            float(estimated) if estimated is not None else None,
            currency,
            deadline,
            _joined(b.get("name") for b in buyers),
            _joined(b.get("identifier") for b in buyers),
            licence_of.get(doc.get("source") or "", ""),
            context.notice_url(doc["id"]),
        )


def _lot_rows(context: ExportContext) -> Iterator[tuple[Any, ...]]:
    for (doc,) in _documents(context.notices):
        for lot in doc.get("lots") or []:
            amount, currency = _amount(lot.get("estimated_value"))
            yield (
                doc["id"],
                doc["version"],
                lot["id"],
                text_in(lot.get("title"), "nb").text,
                lot.get("main_cpv") or "",
                amount,
                currency,
                _joined(lot.get("strategic_procurement") or []),
                _joined(lot.get("innovative_acquisition") or []),
                _joined(lot.get("environmental_impact") or []),
                _joined(lot.get("green_criteria") or []),
                _joined(lot.get("social_objective") or []),
                lot.get("framework_agreement") or "",
                json.dumps(lot.get("award_criteria") or [], ensure_ascii=False),
            )


def _result_rows(context: ExportContext) -> Iterator[tuple[Any, ...]]:
    for (doc,) in _documents(context.notices):
        for result in doc.get("results") or []:
            amount, currency = _amount(result.get("tender_value"))
            winners = result.get("winners") or []
            yield (
                doc["id"],
                doc["version"],
                result.get("lot_id") or "",
                result.get("status") or "",
                _joined(w.get("name") for w in winners),
                _joined(w.get("identifier") for w in winners),
                amount,
                currency,
                (result.get("received") or {}).get("tenders"),
            )


def _signals(part: Mapping[str, Any]) -> str:
    return _joined(dict.fromkeys(e["signal"] for e in part.get("evidence", []) if e["counted"]))


def _assessment_rows(context: ExportContext) -> Iterator[tuple[Any, ...]]:
    assessments = (
        ProcedureAssessment.objects.filter(procedure__in=context.procedures)
        .select_related("procedure")
        .order_by("procedure_id")
    )
    for a in assessments.iterator(chunk_size=BATCH):
        yield (
            a.procedure.key,
            a.version,
            a.innovation,
            a.green,
            a.social,
            a.keyword_hit,
            a.market_dialogue,
            _signals(a.document.get("innovation", {})),
            _signals(a.document.get("green", {})),
            _signals(a.document.get("social", {})),
            a.assessed,
        )


def _c(name: str, kind: str = TEXT, description: str = "") -> Column:
    return Column(name, kind, description)


TABLES = (
    Table(
        "procedures",
        "One row per procedure (BT-04) with a notice in the export.",
        (
            _c("procedure_key", description="BT-04, or notice:<BT-701> without one"),
            _c("procedure_id", description="BT-04 procedure identifier"),
            _c("procedure_type", description="BT-105"),
            _c("first_published", DATE),
            _c("notices_in_export", INT),
        ),
        _procedure_rows,
    ),
    Table(
        "notices",
        "One row per notice: its newest version.",
        (
            _c("notice_id", description="BT-701"),
            _c("version", description="BT-757"),
            _c("procedure_key"),
            _c("source"),
            _c("format"),
            _c("notice_type", description="BT-02"),
            _c("form_type", description="BT-03, or the legacy TED form"),
            _c("notice_subtype", description="OPP-070"),
            _c("language", description="BT-702"),
            _c("publication_date", DATE),
            _c("doffin_id"),
            _c("ted_publication_number"),
            _c("procedure_type", description="BT-105"),
            _c("legal_basis", description="BT-01"),
            _c("title", description="BT-21, Norwegian when there is one, else English"),
            _c("title_language", description="ISO 639-1"),
            _c("main_cpv", description="BT-262"),
            _c("estimated_value", NUMBER, "BT-27"),
            _c("currency"),
            _c("deadline", DATETIME, "BT-131, UTC"),
            _c("buyers", description="BT-500, separated by '; '"),
            _c("buyer_identifiers", description="BT-501, separated by '; '"),
            _c("licence"),
            _c("url"),
        ),
        _notice_rows,
    ),
    Table(
        "lots",
        "One row per lot of each notice.",
        (
            _c("notice_id"),
            _c("version"),
            _c("lot_id", description="BT-137"),
            _c("title", description="BT-21"),
            _c("main_cpv", description="BT-262"),
            _c("estimated_value", NUMBER, "BT-27"),
            _c("currency"),
            _c("strategic_procurement", description="BT-06 codes"),
            _c("innovative_acquisition", description="BT-776 codes"),
            _c("environmental_impact", description="BT-774 codes"),
            _c("green_criteria", description="BT-805 codes"),
            _c("social_objective", description="BT-775 codes"),
            _c("framework_agreement", description="BT-765"),
            _c("award_criteria", description="BT-539/540/541/734 as JSON"),
        ),
        _lot_rows,
    ),
    Table(
        "results",
        "One row per lot result of each notice.",
        (
            _c("notice_id"),
            _c("version"),
            _c("lot_id", description="BT-13713"),
            _c("status", description="BT-142"),
            _c("winners", description="separated by '; '"),
            _c("winner_identifiers", description="separated by '; '"),
            _c("tender_value", NUMBER, "BT-720"),
            _c("currency"),
            _c("tenders_received", INT, "BT-759 for all tenders"),
        ),
        _result_rows,
    ),
    Table(
        "assessments",
        "One row per procedure: Kjøpekraft's innovation, green and social assessment.",
        (
            _c("procedure_key"),
            _c("rule_set"),
            _c("innovation", description="declared, procedural, indicative or none"),
            _c("green", description="declared, criteria, text or none"),
            _c("social", description="declared, reserved, text or none"),
            _c("keyword_hit", BOOL, "the naive keyword count, for contrast"),
            _c("market_dialogue", BOOL),
            _c("innovation_signals", description="counted evidence, separated by '; '"),
            _c("green_signals"),
            _c("social_signals"),
            _c("assessed", DATETIME),
        ),
        _assessment_rows,
    ),
)


# -- where an export goes ---------------------------------------------------------------------


class Target:
    """Where the files of an export are written."""

    def open(self, name: str) -> IO[bytes]:
        raise NotImplementedError

    def close(self) -> None:
        """Finish the export."""


class DirectoryTarget(Target):
    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, name: str) -> IO[bytes]:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open("wb")


class ZipTarget(Target):
    """A zip written front to back, so that it can go to a stream that cannot seek."""

    def __init__(self, stream: Any) -> None:
        self.zip = zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED)

    def open(self, name: str) -> IO[bytes]:
        return self.zip.open(name, "w", force_zip64=True)

    def close(self) -> None:
        self.zip.close()


class Sink:
    """A write-only stream whose bytes are taken out as they come: a streamed response."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def drain(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


# -- writers ----------------------------------------------------------------------------------


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _write_csv(table: Table, context: ExportContext, target: Target) -> Iterator[int]:
    with target.open(f"{table.name}.csv") as binary:
        text = io.TextIOWrapper(binary, encoding="utf-8", newline="")
        writer = csv.writer(text)
        writer.writerow([c.name for c in table.columns])
        count = 0
        for row in table.rows(context):
            writer.writerow([_csv_value(v) for v in row])
            count += 1
            if count % BATCH == 0:
                text.flush()
                yield count
        text.flush()
        text.detach()
    yield count


def _arrow_type(kind: str) -> Any:
    import pyarrow as pa

    return {
        TEXT: pa.string(),
        INT: pa.int64(),
        NUMBER: pa.float64(),
        DATE: pa.date32(),
        DATETIME: pa.timestamp("us", tz="UTC"),
        BOOL: pa.bool_(),
    }[kind]


def _write_parquet(table: Table, context: ExportContext, target: Target) -> Iterator[int]:
    # pyarrow is imported here: the web pages and the other formats work without loading it.
    import pyarrow as pa
    import pyarrow.parquet as pq

    about = _metadata(context)
    metadata = {
        **{k: v if isinstance(v, str) else json.dumps(v) for k, v in about.items()},
        "table": table.name,
        "table_description": table.description,
    }
    schema = pa.schema(
        [
            pa.field(c.name, _arrow_type(c.kind), metadata={"description": c.description})
            for c in table.columns
        ],
        metadata=metadata,
    )
    with target.open(f"{table.name}.parquet") as binary:
        writer = pq.ParquetWriter(binary, schema, compression="zstd")
        count = 0
        batch: list[tuple[Any, ...]] = []

        def flush() -> None:
            columns = list(zip(*batch, strict=True)) if batch else [[] for _ in table.columns]
            writer.write_table(pa.Table.from_arrays(list(map(list, columns)), schema=schema))
            batch.clear()

        for row in table.rows(context):
            batch.append(row)
            count += 1
            if len(batch) >= BATCH:
                flush()
                yield count
        if batch or count == 0:
            flush()
        writer.close()
    yield count


def _write_ocds(context: ExportContext, target: Target) -> Iterator[int]:
    by_source = {"doffin": context.notices.filter(source="doffin")}
    by_source["ted"] = context.notices.filter(source="ted")
    count = 0
    for source, notices in by_source.items():
        if not notices.exists():
            continue
        licence = LICENCES[source]
        head = ocds.package(
            [],
            uri=_download_url(context, "ocds") + f"#{source}",
            published=context.generated.isoformat(),
            publisher={"name": "Kjøpekraft", "uri": context.site_url},
            license_url=licence.url,
        )
        del head["releases"]
        with target.open(f"ocds/{source}.json") as out:
            out.write(json.dumps(head, ensure_ascii=False)[:-1].encode() + b', "releases": [\n')
            first = True
            for key, doc in _documents(notices, "procedure__key"):
                release = ocds.release(doc, ocid_prefix=context.ocid_prefix, procedure_key=key)
                text = json.dumps(release, ensure_ascii=False)
                out.write((b"" if first else b",\n") + text.encode())
                first = False
                count += 1
                if count % BATCH == 0:
                    yield count
            out.write(b"\n]}\n")
    yield count


def _download_url(context: ExportContext, kind: str) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse("browse:export", args=[kind])
    query = context.filters.querystring()
    return context.site_url.rstrip("/") + path + (f"?{query}" if query else "")


def _metadata(context: ExportContext) -> dict[str, Any]:
    licences = [
        {"applies_to": source, **LICENCES[source].__dict__} for source in context.sources
    ] + [{"applies_to": "assessments", **DERIVED.__dict__}]
    data: dict[str, Any] = {
        "title": "Kjøpekraft: public procurement notices",
        "publisher": "Kjøpekraft",
        "publisher_url": context.site_url,
        "generated": context.generated.isoformat(),
        "search": context.filters.as_params(),
        "licences": licences,
    }
    if context.has_legacy_ted:
        data["note"] = LEGACY_NOTE
    return data


def _write_about(kind: str, context: ExportContext, target: Target, counts: dict[str, int]) -> None:
    metadata = _metadata(context)
    metadata["format"] = kind
    metadata["files"] = counts
    if kind == "ocds":
        metadata["ocds"] = {"version": ocds.OCDS_VERSION, "profile": ocds.PROFILE}
    else:
        metadata["tables"] = {
            t.name: {
                "description": t.description,
                "columns": [c.__dict__ for c in t.columns],
            }
            for t in TABLES
        }
    with target.open("metadata.json") as out:
        out.write(json.dumps(metadata, ensure_ascii=False, indent=2).encode())
    readme = render_to_string(
        "browse/export_readme.txt",
        {
            "kind": FORMAT_LABELS[kind],
            "metadata": metadata,
            "licences": [LICENCES[s] for s in context.sources],
            "derived": DERIVED,
            "legacy_note": metadata.get("note"),
            "download_url": _download_url(context, kind),
            "counts": counts,
        },
    )
    with target.open("README.md") as out:
        out.write(readme.encode())


def export(
    kind: str,
    notices: QuerySet[Any],
    target: Target,
    *,
    filters: Filters,
    site_url: str | None = None,
    ocid_prefix: str | None = None,
) -> Iterator[int]:
    """Write an export of ``notices`` to ``target``; yields the rows written after each batch.

    ``notices`` is the selection (newest versions, filtered): a search's queryset.
    """
    if kind not in FORMATS:
        raise ValueError(f"Unknown export format {kind!r}")
    context = ExportContext(
        notices=notices,
        site_url=site_url or settings.SITE_URL,
        generated=timezone.now().replace(microsecond=0),
        filters=filters,
        sources=sorted(set(notices.values_list("source", flat=True).distinct().order_by())),
        has_legacy_ted=notices.filter(source="ted", format="ted-xml").exists(),
        ocid_prefix=ocid_prefix or getattr(settings, "OCDS_OCID_PREFIX", "ocds-kjopekraft"),
    )
    counts: dict[str, int] = {}
    if kind == "ocds":
        total = 0
        for total in _write_ocds(context, target):
            yield total
        counts["releases"] = total
    else:
        writer = _write_csv if kind == "csv" else _write_parquet
        for table in TABLES:
            rows = 0
            for rows in writer(table, context, target):
                yield rows
            counts[table.name] = rows
    _write_about(kind, context, target, counts)
    target.close()
    yield sum(counts.values())


def stream_zip(
    kind: str, notices: QuerySet[Any], *, filters: Filters, site_url: str | None = None
) -> Iterator[bytes]:
    """The export as a zip, in pieces, while it is being written: a streamed download."""
    sink = Sink()
    for _ in export(kind, notices, ZipTarget(sink), filters=filters, site_url=site_url):
        if data := sink.drain():
            yield data
    if data := sink.drain():
        yield data
