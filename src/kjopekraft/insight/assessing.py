"""Assessing stored procedures: the Django side of :mod:`kjopekraft.insight.assessment`.

A procedure is assessed over the newest versions of all its notices and the planning notices
they refer to (BT-125). The notices are parsed again from their raw files, so an assessment can
always be rebuilt from what was received; parsing and assessing may run in worker processes,
storing happens here.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Any

from django.db import transaction

from kjopekraft.insight.assessment import (
    ASSESSMENT_VERSION,
    Kind,
    assess_procedure,
    keyword_hit,
)
from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.notices.models import Notice, NoticeAlias, Procedure
from kjopekraft.notices.parse import parse_notice

BATCH = 200

# One procedure's raw files, as (name, compressed bytes): what a worker needs to assess it.
Files = list[tuple[str, bytes]]


def _assess_files(job: tuple[int, Files]) -> tuple[int, dict[str, Any], bool, bool]:
    import zlib

    procedure_id, files = job
    notices = [parse_notice(zlib.decompress(data), name=name) for name, data in files]
    assessment = assess_procedure(notices)
    main = [n for n in notices if n.procedure_key == assessment.procedure_key] or notices
    hit = any(keyword_hit(n) for n in main)
    dialogue = any(
        item.counted and _kind(item) == Kind.MARKET_DIALOGUE
        for item in assessment.innovation.evidence
    )
    return procedure_id, assessment.to_dict(), hit, dialogue


def _kind(item: Any) -> Kind | None:
    from kjopekraft.insight.assessment.evidence import SIGNALS

    info = SIGNALS.get(item.signal)
    return info.kind if info is not None else None


def _chunks(values: Iterable[Any]) -> Iterator[list[Any]]:
    it = iter(values)
    while chunk := list(islice(it, BATCH)):
        yield chunk


def _jobs(procedure_ids: list[int]) -> Iterator[tuple[int, Files]]:
    for chunk in _chunks(procedure_ids):
        rows = list(
            Notice.objects.filter(procedure_id__in=chunk).values_list(
                "procedure_id", "document", "raw__name", "raw__content"
            )
        )
        linked = _linked_planning(rows)
        files: dict[int, Files] = defaultdict(list)
        for procedure_id, document, name, content in rows:
            files[procedure_id].append((name, bytes(content)))
            for ref in _references(document):
                if ref in linked:
                    files[procedure_id].extend(linked[ref])
        for procedure_id in chunk:
            if files.get(procedure_id):
                yield procedure_id, files[procedure_id]


def _references(document: dict[str, Any]) -> set[str]:
    refs = {r["notice_id"] for r in document.get("references", [])}
    for lot in document.get("lots", []):
        refs |= {r["notice_id"] for r in lot.get("references", [])}
    return refs


def _linked_planning(rows: list[tuple[Any, ...]]) -> dict[str, Files]:
    """The stored notices that the rows refer to, by identifier or alias, as files."""
    refs = set().union(*(_references(row[1]) for row in rows)) if rows else set()
    if not refs:
        return {}
    by_alias = dict(NoticeAlias.objects.filter(alias__in=refs).values_list("alias", "notice_id"))
    wanted = {by_alias.get(ref, ref): ref for ref in refs}
    found: dict[str, Files] = defaultdict(list)
    for notice_id, name, content in Notice.objects.filter(notice_id__in=wanted).values_list(
        "notice_id", "raw__name", "raw__content"
    ):
        found[wanted[notice_id]].append((name, bytes(content)))
    return found


def assess_procedures(
    procedure_ids: Iterable[int],
    *,
    workers: int = 1,
    on_item: Callable[[], None] | None = None,
) -> int:
    """Assess these procedures and store the results; returns how many were assessed."""
    ids = sorted(set(procedure_ids))
    jobs = _jobs(ids)
    results: Iterator[tuple[int, dict[str, Any], bool, bool]]
    pool = ProcessPoolExecutor(max_workers=workers) if workers > 1 else None
    try:
        results = pool.map(_assess_files, jobs, chunksize=8) if pool else map(_assess_files, jobs)
        count = 0
        for chunk in _chunks(results):
            _store(chunk)
            count += len(chunk)
            if on_item:
                for _ in chunk:
                    on_item()
        return count
    finally:
        if pool:
            pool.shutdown()


@transaction.atomic
def _store(chunk: list[tuple[int, dict[str, Any], bool, bool]]) -> None:
    existing = {
        a.procedure_id: a
        for a in ProcedureAssessment.objects.filter(procedure_id__in=[c[0] for c in chunk])
    }
    fresh, changed = [], []
    for procedure_id, document, hit, dialogue in chunk:
        fields = {
            "version": document["version"],
            "innovation": document["innovation"]["level"],
            "green": document["green"]["level"],
            "social": document["social"]["level"],
            "keyword_hit": hit,
            "market_dialogue": dialogue,
            "document": document,
        }
        if procedure_id in existing:
            row = existing[procedure_id]
            for key, value in fields.items():
                setattr(row, key, value)
            changed.append(row)
        else:
            fresh.append(ProcedureAssessment(procedure_id=procedure_id, **fields))
    ProcedureAssessment.objects.bulk_create(fresh)
    if changed:
        ProcedureAssessment.objects.bulk_update(changed, [*fields, "assessed"])


def stale_procedures() -> list[int]:
    """Procedures never assessed, or assessed by an older rule set."""
    current = ProcedureAssessment.objects.filter(version=ASSESSMENT_VERSION)
    return list(
        Procedure.objects.exclude(pk__in=current.values("procedure_id")).values_list(
            "pk", flat=True
        )
    )


def all_procedures() -> list[int]:
    return list(Procedure.objects.values_list("pk", flat=True))
