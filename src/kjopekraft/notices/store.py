"""Writing parsed notices to the database: one transaction per file, so no half-written notice.

Identity is (BT-701, BT-757). When two different files carry the same identity, the one with the
later publication date wins, then the higher content hash, so the outcome is the same whatever
order the files arrive in.
"""

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import zlib
from dataclasses import dataclass
from typing import Any

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


def version_order(version: str) -> tuple[int, int | str]:
    """Versions sort as numbers when they are numbers ("01" < "02" < "10")."""
    return (0, int(version)) if version.isdigit() else (1, version)


def known_hashes(hashes: list[str]) -> set[str]:
    """Of these content hashes, those whose files were received and parsed before."""
    return set(
        RawNotice.objects.filter(sha256__in=hashes, status=RawNotice.Status.PARSED).values_list(
            "sha256", flat=True
        )
    )


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


@dataclass(frozen=True)
class Item:
    """One parsed file ready to store; the content is already zlib-compressed."""

    notice: ParsedNotice
    sha256: str
    compressed: bytes
    size: int
    name: str


@dataclass
class _Current:
    """What decides whether a file replaces the stored version of its notice."""

    pk: int | None
    publication_date: dt.date | None
    sha256: str

    def beaten_by(self, item: Item) -> bool:
        date = item.notice.publication_date
        mine = (date is not None, date or dt.date.min, item.sha256)
        theirs = (
            self.publication_date is not None,
            self.publication_date or dt.date.min,
            self.sha256,
        )
        return mine > theirs


def store(parsed: ParsedNotice, *, sha256: str, data: bytes, name: str) -> Stored:
    """Store one parsed file. Re-storing the same bytes changes nothing."""
    item = Item(parsed, sha256, zlib.compress(data), len(data), name)
    return Writer().write([item])[0]


class Writer:
    """Stores parsed files in batches: one transaction and a few queries per batch.

    A batch is all or nothing, so a stopped ingest never leaves half a notice. The organisation
    and procedure caches last for the writer's life; they are dropped if a batch fails.
    """

    def __init__(self) -> None:
        self._orgs: dict[str, Organisation] = {}
        self._procedures: dict[str, Procedure] = {}
        # Procedures whose notices this writer changed: what needs assessing again.
        self.touched: set[int] = set()

    def write(self, items: list[Item]) -> list[Stored]:
        try:
            with transaction.atomic():
                return self._write(items)
        except Exception:
            self._orgs.clear()
            self._procedures.clear()
            raise

    def _write(self, items: list[Item]) -> list[Stored]:
        outcomes: list[Stored] = []
        raws = {
            raw.sha256: raw
            for raw in RawNotice.objects.filter(sha256__in=[i.sha256 for i in items]).only(
                "id", "sha256", "status"
            )
        }
        ids = {i.notice.notice_id for i in items}
        current = {
            (row["notice_id"], row["version"]): _Current(
                row["pk"], row["publication_date"], row["raw__sha256"]
            )
            for row in Notice.objects.filter(notice_id__in=ids).values(
                "pk", "notice_id", "version", "publication_date", "raw__sha256"
            )
        }
        winners: dict[tuple[str, str], Item] = {}
        new_raws: dict[str, RawNotice] = {}
        for item in items:
            key = item.notice.key
            raw = raws.get(item.sha256) or new_raws.get(item.sha256)
            if raw is not None and raw.status == RawNotice.Status.PARSED:
                outcomes.append(Stored(Outcome.UNCHANGED, *key))
                continue
            if raw is None:
                new_raws[item.sha256] = RawNotice(
                    sha256=item.sha256,
                    content=item.compressed,
                    size=item.size,
                    name=item.name[:1000],
                    status=RawNotice.Status.PARSED,
                )
            else:  # once rejected, now readable (a better parser): take it in
                raw.status = RawNotice.Status.PARSED
                RawNotice.objects.filter(pk=raw.pk).update(
                    status=RawNotice.Status.PARSED, reject_code="", reject_reason=""
                )
            stored = current.get(key)
            if stored is not None and not stored.beaten_by(item):
                outcomes.append(Stored(Outcome.UNCHANGED, *key))
                continue
            outcome = Outcome.NEW if stored is None else Outcome.UPDATED
            outcomes.append(Stored(outcome, *key))
            winners[key] = item
            current[key] = _Current(
                stored.pk if stored else None, item.notice.publication_date, item.sha256
            )
        if not winners:
            RawNotice.objects.bulk_create(new_raws.values())
            return outcomes
        RawNotice.objects.bulk_create(new_raws.values())
        raw_pk = {r.sha256: r.pk for r in new_raws.values()} | {s: r.pk for s, r in raws.items()}
        self._load_procedures([i.notice for i in winners.values()])
        self._load_organisations([i.notice for i in winners.values()])

        replaced = [current[key].pk for key in winners if current[key].pk is not None]
        if replaced:
            for model in (Lot, LotResult, NoticeParty):
                model.objects.filter(notice_id__in=replaced).delete()
        notices = []
        for key, item in winners.items():
            fields = _notice_fields(item.notice, raw_pk[item.sha256], self._procedures)
            notices.append(Notice(pk=current[key].pk, **fields))
        fresh = [n for n in notices if n.pk is None]
        old = [n for n in notices if n.pk is not None]
        Notice.objects.bulk_create(fresh)
        self.touched.update(n.procedure.pk for n in notices)
        if old:
            Notice.objects.bulk_update(old, UPDATABLE_FIELDS)
        children = [(n, item.notice) for n, item in zip(notices, winners.values(), strict=True)]
        self._children(children)
        NoticeAlias.objects.bulk_create(
            [a for item in winners.values() for a in _aliases(item.notice)],
            ignore_conflicts=True,
        )
        _mark_latest({key[0] for key in winners})
        return outcomes

    def _load_procedures(self, notices: list[ParsedNotice]) -> None:
        keys = {n.procedure_key[:200] for n in notices} - set(self._procedures)
        for procedure in Procedure.objects.filter(key__in=keys):
            self._procedures[procedure.key] = procedure
        missing = {}
        changed = {}
        for notice in notices:
            key = notice.procedure_key[:200]
            procedure = self._procedures.get(key) or missing.get(key)
            if procedure is None:
                missing[key] = Procedure(
                    key=key,
                    procedure_type=(notice.procedure_type or "")[:40],
                    first_published=notice.publication_date,
                )
                continue
            kind = (notice.procedure_type or "")[:40]
            if kind and procedure.procedure_type != kind:
                procedure.procedure_type = kind
                changed[key] = procedure
            date = notice.publication_date
            if date and (procedure.first_published is None or date < procedure.first_published):
                procedure.first_published = date
                changed[key] = procedure
        Procedure.objects.bulk_create(missing.values())
        self._procedures.update(missing)
        stored = [p for k, p in changed.items() if k not in missing]
        if stored:
            Procedure.objects.bulk_update(stored, ["procedure_type", "first_published"])

    def _load_organisations(self, notices: list[ParsedNotice]) -> None:
        wanted: dict[str, tuple[ParsedOrganisation, str]] = {}
        for notice in notices:
            for role, _, org in _parties(notice):
                number = _norwegian_orgnr(org)
                if number and number not in self._orgs and number not in wanted:
                    wanted[number] = (org, role)
        if not wanted:
            return
        for organisation in Organisation.objects.filter(orgnr__in=wanted):
            self._orgs[str(organisation.orgnr)] = organisation
        missing = [
            Organisation(
                orgnr=number,
                name=(org.name or number)[:300],
                kind=buyer_kind(org)
                if role == NoticeParty.Role.BUYER
                else Organisation.Kind.COMPANY,
            )
            for number, (org, role) in wanted.items()
            if number not in self._orgs
        ]
        Organisation.objects.bulk_create(missing)
        self._orgs.update({str(o.orgnr): o for o in missing})

    def _children(self, pairs: list[tuple[Notice, ParsedNotice]]) -> None:
        lots, results, parties = [], [], []
        for notice, parsed in pairs:
            lots += _lots(notice, parsed)
            results += _results(notice, parsed)
            for role, lot_id, org in _parties(parsed):
                number = _norwegian_orgnr(org)
                organisation = self._orgs.get(number) if number else None
                parties.append(_party(notice, role, lot_id, org, organisation))
        Lot.objects.bulk_create(lots, batch_size=500)
        LotResult.objects.bulk_create(results, batch_size=500)
        NoticeParty.objects.bulk_create(parties, batch_size=500)


UPDATABLE_FIELDS = [
    "raw",
    "procedure",
    "source",
    "format",
    "notice_type",
    "form_type",
    "notice_subtype",
    "publication_date",
    "doffin_id",
    "ted_publication_number",
    "procedure_type",
    "legal_basis",
    "title",
    "description",
    "main_cpv",
    "estimated_value",
    "currency",
    "deadline",
    "document",
]


def _notice_fields(
    parsed: ParsedNotice, raw_pk: int, procedures: dict[str, Procedure]
) -> dict[str, Any]:
    value = parsed.estimated_value
    return {
        "notice_id": parsed.notice_id,
        "version": parsed.version,
        "raw_id": raw_pk,
        "procedure": procedures[parsed.procedure_key[:200]],
        "source": str(parsed.source),
        "format": str(parsed.format),
        "notice_type": (parsed.notice_type or "")[:20],
        "form_type": (parsed.form_type or "")[:40],
        "notice_subtype": (parsed.notice_subtype or "")[:10],
        "publication_date": parsed.publication_date,
        "doffin_id": (parsed.doffin_id or "")[:20],
        "ted_publication_number": (parsed.ted_publication_number or "")[:20],
        "procedure_type": (parsed.procedure_type or "")[:40],
        "legal_basis": (parsed.legal_basis or "")[:40],
        "title": parsed.title,
        "description": parsed.description,
        "main_cpv": (parsed.main_cpv or "")[:12],
        "estimated_value": value.amount if value else None,
        "currency": (value.currency or "")[:3] if value else "",
        "deadline": parsed.deadline,
        "document": document.notice_document(parsed),
    }


def _lots(notice: Notice, parsed: ParsedNotice) -> list[Lot]:
    seen: set[str] = set()
    lots = []
    for lot in parsed.lots:
        if lot.lot_id in seen:
            continue
        seen.add(lot.lot_id)
        value = lot.estimated_value
        lots.append(
            Lot(
                notice=notice,
                lot_id=lot.lot_id[:200],
                title=lot.title,
                main_cpv=(lot.main_cpv or "")[:12],
                estimated_value=value.amount if value else None,
                currency=(value.currency or "")[:3] if value else "",
                strategic_procurement=lot.strategic_procurement,
                innovative_acquisition=lot.innovative_acquisition,
                environmental_impact=lot.environmental_impact,
                green_criteria=lot.green_criteria,
                social_objective=lot.social_objective,
                framework_agreement=(lot.framework_agreement or "")[:20],
            )
        )
    return lots


def _results(notice: Notice, parsed: ParsedNotice) -> list[LotResult]:
    return [
        LotResult(
            notice=notice,
            lot_id=result.lot_id[:200],
            status=(result.status or "")[:20],
            tender_value=result.tender_value.amount if result.tender_value else None,
            currency=(result.tender_value.currency or "")[:3] if result.tender_value else "",
            tenders_received=result.received.get("tenders"),
            received=result.received,
        )
        for result in parsed.results
    ]


def _parties(parsed: ParsedNotice) -> list[tuple[str, str, ParsedOrganisation]]:
    """(role, lot, organisation) for every buyer and every winner of the notice."""
    parties = [(str(NoticeParty.Role.BUYER), "", buyer) for buyer in parsed.buyers]
    for result in parsed.results:
        role = str(NoticeParty.Role.WINNER)
        parties += [(role, result.lot_id, winner) for winner in result.winners]
    return parties


def _norwegian_orgnr(org: ParsedOrganisation) -> str | None:
    """The valid organisasjonsnummer of a Norwegian party, or None."""
    if not org.identifier or (org.country or "NOR").upper() not in {"NOR", "NO"}:
        return None
    try:
        return orgnr.validate(org.identifier)
    except orgnr.InvalidOrgnr:
        return None


def _party(
    notice: Notice,
    role: str,
    lot_id: str,
    org: ParsedOrganisation,
    organisation: Organisation | None,
) -> NoticeParty:
    return NoticeParty(
        notice=notice,
        role=role,
        lot_id=lot_id[:200],
        organisation=organisation,
        name=(org.name or "")[:500],
        identifier=(org.identifier or "")[:100],
        country=(org.country or "")[:3],
        nuts=(org.nuts or "")[:10],
        legal_type=(org.legal_type or "")[:40],
        activity=(org.activity or "")[:40],
        size=(org.size or "")[:20],
    )


def _aliases(parsed: ParsedNotice) -> list[NoticeAlias]:
    pairs = (
        (NoticeAlias.Kind.DOFFIN, parsed.doffin_id),
        (NoticeAlias.Kind.TED, parsed.ted_publication_number),
    )
    return [
        NoticeAlias(alias=alias, kind=kind, notice_id=parsed.notice_id)
        for kind, alias in pairs
        if alias
    ]


def _mark_latest(notice_ids: set[str]) -> None:
    """Exactly one newest version per notice: the highest BT-757."""
    rows = Notice.objects.filter(notice_id__in=notice_ids).values_list(
        "pk", "notice_id", "version", "is_latest"
    )
    newest: dict[str, tuple[tuple[int, int | str], int]] = {}
    for pk, notice_id, version, _ in rows:
        order = version_order(version)
        if notice_id not in newest or order > newest[notice_id][0]:
            newest[notice_id] = (order, pk)
    keep = {pk for _, pk in newest.values()}
    stale = [pk for pk, _, _, latest in rows if latest and pk not in keep]
    promote = [pk for pk, _, _, latest in rows if not latest and pk in keep]
    if stale:
        Notice.objects.filter(pk__in=stale).update(is_latest=False)
    if promote:
        Notice.objects.filter(pk__in=promote).update(is_latest=True)
