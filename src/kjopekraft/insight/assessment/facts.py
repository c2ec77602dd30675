"""What the rules read from each notice of a procedure, gathered once per notice."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from kjopekraft.insight.assessment.evidence import Evidence, Location, Signal
from kjopekraft.insight.assessment.phrases import Group
from kjopekraft.insight.assessment.text import CRITERION_FIELDS, TextHit, scan
from kjopekraft.notices.model import Lot, Notice, Source

# Planning notices: prior information for information only, on a buyer profile, to shorten time
# limits, and pre-market consultations (eForms form types "planning" and "consultation").
PLANNING_FORM_TYPES = frozenset({"planning", "consultation"})
PLANNING_NOTICE_TYPES = frozenset({"pin-only", "pin-buyer", "pin-rtl", "pin-tran", "pmc"})
PLANNING_SUBTYPES = frozenset({"1", "2", "3", "4", "5", "6", "7", "8", "9", "E1", "E2"})
# Of those, the ones that reach out to the market ahead of the competition. A notice only to
# shorten time limits (pin-rtl) or the notice Regulation 1370/2007 requires a year before a
# transport award (pin-tran) announce a competition but invite no dialogue.
DIALOGUE_NOTICE_TYPES = frozenset({"pin-only", "pin-buyer", "pmc"})
DIALOGUE_SUBTYPES = frozenset({"1", "2", "3", "4", "5", "6", "E1", "E2"})
NORWAY = frozenset({"NOR", "NO"})
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class NoticeFacts:
    notice: Notice
    hits: tuple[TextHit, ...]
    # A notice under Norwegian law: FOA § 7-9 applies, and its statutory clauses are boilerplate.
    norwegian: bool
    day: dt.date | None

    @property
    def notice_id(self) -> str:
        return self.notice.notice_id

    def text_hits(self, *groups: Group) -> Iterator[TextHit]:
        """Hits of these groups outside the award criteria."""
        return (h for h in self.hits if h.group in groups and h.field not in CRITERION_FIELDS)

    def criterion_hits(self, lot: Lot, *groups: Group) -> Iterator[TextHit]:
        return (
            h
            for h in self.hits
            if h.group in groups and h.field in CRITERION_FIELDS and h.lot_id == lot.lot_id
        )

    def at(self, field: str, lot: Lot | None = None, *, lots: Sequence[str] = ()) -> Location:
        """The location of a field of this notice, for one lot, some lots, or the procedure."""
        lot_ids = (lot.lot_id,) if lot is not None else tuple(lots)
        return Location(self.notice_id, field, lot_ids)

    def from_hit(
        self,
        signal: Signal,
        hit: TextHit,
        *,
        value: str | None = None,
        details: tuple[tuple[str, str], ...] = (),
    ) -> Evidence:
        lots = (hit.lot_id,) if hit.lot_id else ()
        location = Location(self.notice_id, hit.field, lots, hit.language, hit.passage)
        return Evidence(signal, location, value if value is not None else hit.phrase, details)


def gather(notice: Notice) -> NoticeFacts:
    return NoticeFacts(
        notice=notice,
        hits=scan(notice),
        norwegian=is_norwegian(notice),
        day=notice_day(notice),
    )


def is_norwegian(notice: Notice) -> bool:
    return notice.source == Source.DOFFIN or any(
        (buyer.country or "").upper() in NORWAY for buyer in notice.buyers
    )


def notice_day(notice: Notice) -> dt.date | None:
    if isinstance(notice.issue_date, dt.datetime):
        return notice.issue_date.date()
    return notice.issue_date or notice.publication_date


def is_planning(notice: Notice) -> bool:
    """A planning or pre-market consultation notice: the market hears of the need early."""
    return (
        notice.form_type in PLANNING_FORM_TYPES
        or notice.notice_type in PLANNING_NOTICE_TYPES
        or notice.notice_subtype in PLANNING_SUBTYPES
    )


def opens_dialogue(notice: Notice) -> bool:
    """A planning notice that tells the market of the need ahead and invites its response."""
    if notice.notice_type:
        return notice.notice_type in DIALOGUE_NOTICE_TYPES
    if notice.notice_subtype:
        return notice.notice_subtype in DIALOGUE_SUBTYPES
    return notice.form_type == "consultation"


def newest_versions(notices: Sequence[Notice]) -> list[Notice]:
    """One notice per identifier, the newest version (BT-757), in identifier order."""
    newest: dict[str, Notice] = {}
    for notice in notices:
        seen = newest.get(notice.notice_id)
        if seen is None or _version_key(notice.version) > _version_key(seen.version):
            newest[notice.notice_id] = notice
    return [newest[notice_id] for notice_id in sorted(newest)]


def _version_key(version: str) -> tuple[int, str]:
    digits = _DIGITS.findall(version or "")
    return (int(digits[0]) if digits else -1, version or "")


def cpv_codes(notice: Notice) -> list[str]:
    codes = [notice.main_cpv, *notice.additional_cpv]
    for lot in notice.lots:
        codes += [lot.main_cpv, *lot.additional_cpv]
    return sorted({code for code in codes if code})
