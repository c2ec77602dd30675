"""A parsed :class:`Notice` as a JSON document: what `notice show --json` and the API give.

Pure Python. ``None`` stays ``null`` (the notice says nothing); a declared "none" stays the code
``"none"``; amounts are JSON numbers, dates ISO 8601.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from kjopekraft.notices.model import (
    AwardCriterion,
    Lot,
    LotResult,
    Money,
    Notice,
    NoticeReference,
    Organisation,
)

JSON = dict[str, Any]


def number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def money(value: Money | None) -> JSON | None:
    if value is None:
        return None
    return {"amount": number(value.amount), "currency": value.currency}


def when(value: dt.date | dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def organisation(org: Organisation) -> JSON:
    return {
        "name": org.name,
        "identifier": org.identifier,
        "country": org.country,
        "nuts": org.nuts,
        "city": org.city,
        "legal_type": org.legal_type,
        "activity": org.activity,
        "size": org.size,
    }


def reference(ref: NoticeReference) -> JSON:
    return {
        "notice_id": ref.notice_id,
        "part_id": ref.part_id,
        "scope": ref.scope,
        "kind": ref.kind,
    }


def criterion(c: AwardCriterion) -> JSON:
    return {
        "type": c.type,
        "name": c.name,
        "description": c.description,
        "weight": number(c.weight),
        "weight_type": c.weight_type,
    }


def lot(item: Lot) -> JSON:
    return {
        "id": item.lot_id,
        "title": item.title,
        "description": item.description,
        "main_cpv": item.main_cpv,
        "additional_cpv": item.additional_cpv,
        "estimated_value": money(item.estimated_value),
        "deadline": when(item.deadline),
        "strategic_procurement": item.strategic_procurement,
        "innovative_acquisition": item.innovative_acquisition,
        "environmental_impact": item.environmental_impact,
        "green_criteria": item.green_criteria,
        "social_objective": item.social_objective,
        "reserved_participation": item.reserved_participation,
        "variants": item.variants,
        "award_criteria": [criterion(c) for c in item.award_criteria],
        "framework_agreement": item.framework_agreement,
        "references": [reference(r) for r in item.references],
    }


def result(item: LotResult) -> JSON:
    return {
        "lot_id": item.lot_id,
        "result_id": item.result_id,
        "status": item.status,
        "winners": [organisation(w) for w in item.winners],
        "tender_value": money(item.tender_value),
        "received": item.received,
    }


def notice_document(notice: Notice, *, aliases: list[str] | None = None) -> JSON:
    """The notice as a JSON-ready dict; ``aliases`` defaults to the identities in the notice."""
    if aliases is None:
        aliases = [a for a in (notice.doffin_id, notice.ted_publication_number) if a]
    return {
        "id": notice.notice_id,
        "version": notice.version,
        "aliases": aliases,
        "source": str(notice.source),
        "format": str(notice.format),
        "customization": notice.customization,
        "notice_type": notice.notice_type,
        "form_type": notice.form_type,
        "notice_subtype": notice.notice_subtype,
        "language": notice.language,
        "issue_date": when(notice.issue_date),
        "publication_date": when(notice.publication_date),
        "doffin_id": notice.doffin_id,
        "ted_publication_number": notice.ted_publication_number,
        "procedure": {"id": notice.procedure_id, "type": notice.procedure_type},
        "legal_basis": notice.legal_basis,
        "title": notice.title,
        "description": notice.description,
        "buyers": [organisation(b) for b in notice.buyers],
        "main_cpv": notice.main_cpv,
        "additional_cpv": notice.additional_cpv,
        "estimated_value": money(notice.estimated_value),
        "deadline": when(notice.deadline),
        "references": [reference(r) for r in notice.references],
        "lots": [lot(item) for item in notice.lots],
        "results": [result(item) for item in notice.results],
        "total_value": money(notice.total_value),
        "warnings": list(notice.warnings),
    }
