"""Writing parsed notices to the database: one transaction per file, so no half-written notice.

Identity is (BT-701, BT-757). When two different files carry the same identity, the one with the
later publication date wins, then the higher content hash, so the outcome is the same whatever
order the files arrive in.
"""

from __future__ import annotations

import enum
import hashlib
import zlib
from dataclasses import dataclass

from django.db import transaction

from kjopekraft.notices import document
from kjopekraft.notices.model import Notice as ParsedNotice
from kjopekraft.notices.model import NoticeRejected
from kjopekraft.notices.model import Organisation as ParsedOrganisation
from kjopekraft.notices.models import (
    Lot,
    LotResult,
    Notice,
    NoticeAlias,
    NoticeParty,
    Procedure,
    RawNotice,
)
from kjopekraft.organisations import orgnr
from kjopekraft.organisations.models import Organisation

# eForms buyer legal types (BT-11) and the kind of Norwegian public body each is.
BUYER_KINDS = {
    "cga": Organisation.Kind.STATE,
    "gov-org-cent": Organisation.Kind.STATE,
    "ra": Organisation.Kind.COUNTY,
    "la": Organisation.Kind.MUNICIPALITY,
    "body-pl": Organisation.Kind.PUBLIC_ENTERPRISE,
    "body-pl-cga": Organisation.Kind.PUBLIC_ENTERPRISE,
    "body-pl-ra": Organisation.Kind.PUBLIC_ENTERPRISE,
    "body-pl-la": Organisation.Kind.PUBLIC_ENTERPRISE,
    "pub-undert": Organisation.Kind.PUBLIC_ENTERPRISE,
    "pub-undert-cga": Organisation.Kind.PUBLIC_ENTERPRISE,
    "pub-undert-ra": Organisation.Kind.PUBLIC_ENTERPRISE,
    "pub-undert-la": Organisation.Kind.PUBLIC_ENTERPRISE,
}


def buyer_kind(org: ParsedOrganisation) -> str:
    """The kind of a Norwegian buyer first seen in a notice, until the register says better.

    The name decides for counties and municipalities, since buyers' own BT-11 is often off
    (municipalities that declare themselves regional authorities); BT-11 decides otherwise.
    """
    name = (org.name or "").strip().lower()
    if name.endswith("fylkeskommune"):
        return Organisation.Kind.COUNTY
    if name.endswith(" kommune") or name.startswith("kommune "):
        return Organisation.Kind.MUNICIPALITY
    return BUYER_KINDS.get(org.legal_type or "", Organisation.Kind.OTHER)


class Outcome(enum.StrEnum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class Stored:
    outcome: Outcome
    notice_id: str | None = None
    version: str | None = None


def known(sha256: str) -> RawNotice | None:
    """The raw file with these bytes, if it was received before."""
    return RawNotice.objects.filter(sha256=sha256).only("id", "status", "reject_code").first()


def version_order(version: str) -> tuple[int, int | str]:
    """Versions sort as numbers when they are numbers ("01" < "02" < "10")."""
    return (0, int(version)) if version.isdigit() else (1, version)


def wins(candidate: ParsedNotice, sha256: str, current: Notice) -> bool:
    """Whether a file should replace the stored file of the same notice version."""
    mine = (candidate.publication_date is not None, candidate.publication_date, sha256)
    theirs = (current.publication_date is not None, current.publication_date, current.raw.sha256)
    return mine > theirs


@transaction.atomic
def quarantine(*, sha256: str | None, data: bytes | None, name: str, error: NoticeRejected) -> None:
    """Keep a rejected file with its reason. Files never read are keyed by their name."""
    key = sha256 or "unread:" + _name_key(name)
    RawNotice.objects.get_or_create(
        sha256=key[:64],
        defaults={
            "content": zlib.compress(data) if data is not None else None,
            "size": len(data) if data is not None else 0,
            "name": name[:1000],
            "status": RawNotice.Status.REJECTED,
            "reject_code": str(error.code),
            "reject_reason": error.reason,
        },
    )


def _name_key(name: str) -> str:
    """A stand-in key for a file whose bytes were never read: the hash of its name."""
    return hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:57]


@transaction.atomic
def store(parsed: ParsedNotice, *, sha256: str, data: bytes, name: str) -> Stored:
    """Store one parsed file. Re-storing the same bytes changes nothing."""
    raw, created = RawNotice.objects.get_or_create(
        sha256=sha256,
        defaults={
            "content": zlib.compress(data),
            "size": len(data),
            "name": name[:1000],
            "status": RawNotice.Status.PARSED,
        },
    )
    if not created and raw.status == RawNotice.Status.PARSED:
        return Stored(Outcome.UNCHANGED, parsed.notice_id, parsed.version)
    if not created:  # once rejected, now readable (a better parser): take it in
        RawNotice.objects.filter(pk=raw.pk).update(
            status=RawNotice.Status.PARSED, reject_code="", reject_reason=""
        )

    current = (
        Notice.objects.select_related("raw")
        .filter(notice_id=parsed.notice_id, version=parsed.version)
        .first()
    )
    if current is not None and not wins(parsed, sha256, current):
        return Stored(Outcome.UNCHANGED, parsed.notice_id, parsed.version)

    procedure = _procedure(parsed)
    fields = _notice_fields(parsed, raw, procedure)
    if current is None:
        notice = Notice.objects.create(**fields)
        outcome = Outcome.NEW
    else:
        for key, value in fields.items():
            setattr(notice := current, key, value)
        notice.save()
        notice.lots.all().delete()
        notice.results.all().delete()
        notice.parties.all().delete()
        outcome = Outcome.UPDATED
    _children(notice, parsed)
    _aliases(parsed)
    _mark_latest(parsed.notice_id)
    return Stored(outcome, parsed.notice_id, parsed.version)


def _procedure(parsed: ParsedNotice) -> Procedure:
    procedure, created = Procedure.objects.get_or_create(
        key=parsed.procedure_key[:200],
        defaults={
            "procedure_type": parsed.procedure_type or "",
            "first_published": parsed.publication_date,
        },
    )
    if not created:
        changed = []
        if parsed.procedure_type and procedure.procedure_type != parsed.procedure_type:
            procedure.procedure_type = parsed.procedure_type
            changed.append("procedure_type")
        if parsed.publication_date and (
            procedure.first_published is None or parsed.publication_date < procedure.first_published
        ):
            procedure.first_published = parsed.publication_date
            changed.append("first_published")
        if changed:
            procedure.save(update_fields=changed)
    return procedure


def _notice_fields(parsed: ParsedNotice, raw: RawNotice, procedure: Procedure) -> dict[str, object]:
    value = parsed.estimated_value
    return {
        "notice_id": parsed.notice_id,
        "version": parsed.version,
        "raw": raw,
        "procedure": procedure,
        "source": str(parsed.source),
        "format": str(parsed.format),
        "notice_type": parsed.notice_type or "",
        "form_type": parsed.form_type or "",
        "notice_subtype": parsed.notice_subtype or "",
        "publication_date": parsed.publication_date,
        "doffin_id": parsed.doffin_id or "",
        "ted_publication_number": parsed.ted_publication_number or "",
        "procedure_type": parsed.procedure_type or "",
        "legal_basis": parsed.legal_basis or "",
        "title": parsed.title,
        "description": parsed.description,
        "main_cpv": parsed.main_cpv or "",
        "estimated_value": value.amount if value else None,
        "currency": (value.currency or "") if value else "",
        "deadline": parsed.deadline,
        "document": document.notice_document(parsed),
    }


def _children(notice: Notice, parsed: ParsedNotice) -> None:
    Lot.objects.bulk_create(
        [
            Lot(
                notice=notice,
                lot_id=lot.lot_id,
                title=lot.title,
                main_cpv=lot.main_cpv or "",
                estimated_value=lot.estimated_value.amount if lot.estimated_value else None,
                currency=(lot.estimated_value.currency or "") if lot.estimated_value else "",
                strategic_procurement=lot.strategic_procurement,
                innovative_acquisition=lot.innovative_acquisition,
                environmental_impact=lot.environmental_impact,
                green_criteria=lot.green_criteria,
                social_objective=lot.social_objective,
                framework_agreement=lot.framework_agreement or "",
            )
            for lot in _unique_lots(parsed)
        ]
    )
    LotResult.objects.bulk_create(
        [
            LotResult(
                notice=notice,
                lot_id=result.lot_id,
                status=result.status or "",
                tender_value=result.tender_value.amount if result.tender_value else None,
                currency=(result.tender_value.currency or "") if result.tender_value else "",
                tenders_received=result.received.get("tenders"),
                received=result.received,
            )
            for result in parsed.results
        ]
    )
    parties = [_party(notice, NoticeParty.Role.BUYER, "", buyer) for buyer in parsed.buyers]
    for result in parsed.results:
        parties += [
            _party(notice, NoticeParty.Role.WINNER, result.lot_id, w) for w in result.winners
        ]
    NoticeParty.objects.bulk_create(parties)


def _unique_lots(parsed: ParsedNotice) -> list[object]:
    seen: set[str] = set()
    lots = []
    for lot in parsed.lots:
        if lot.lot_id not in seen:
            seen.add(lot.lot_id)
            lots.append(lot)
    return lots


def _party(notice: Notice, role: str, lot_id: str, org: ParsedOrganisation) -> NoticeParty:
    return NoticeParty(
        notice=notice,
        role=role,
        lot_id=lot_id,
        organisation=_register(org, role),
        name=(org.name or "")[:500],
        identifier=(org.identifier or "")[:100],
        country=(org.country or "")[:3],
        nuts=(org.nuts or "")[:10],
        legal_type=(org.legal_type or "")[:40],
        activity=(org.activity or "")[:40],
        size=(org.size or "")[:20],
    )


def _register(org: ParsedOrganisation, role: str) -> Organisation | None:
    """The platform's organisation for a Norwegian party, created from the notice if new."""
    if not org.identifier or (org.country or "NOR").upper() not in {"NOR", "NO"}:
        return None
    try:
        number = orgnr.validate(org.identifier)
    except orgnr.InvalidOrgnr:
        return None
    existing = Organisation.objects.filter(orgnr=number).first()
    if existing is not None:
        return existing
    kind = buyer_kind(org) if role == NoticeParty.Role.BUYER else Organisation.Kind.COMPANY
    return Organisation.objects.create(orgnr=number, name=(org.name or number)[:300], kind=kind)


def _aliases(parsed: ParsedNotice) -> None:
    for kind, alias in (
        (NoticeAlias.Kind.DOFFIN, parsed.doffin_id),
        (NoticeAlias.Kind.TED, parsed.ted_publication_number),
    ):
        if alias:
            NoticeAlias.objects.get_or_create(alias=alias, kind=kind, notice_id=parsed.notice_id)


def _mark_latest(notice_id: str) -> None:
    versions = list(
        Notice.objects.filter(notice_id=notice_id).values_list("pk", "version", "is_latest")
    )
    newest = max(versions, key=lambda row: version_order(row[1]))[0]
    stale = [pk for pk, _, latest in versions if latest and pk != newest]
    if stale:
        Notice.objects.filter(pk__in=stale).update(is_latest=False)
    Notice.objects.filter(pk=newest, is_latest=False).update(is_latest=True)
