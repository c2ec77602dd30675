"""The normalised notice model shared by every parser (eForms, legacy TED XML).

Pure Python: no Django. A parser turns the bytes of one notice into one :class:`Notice`;
the ingest pipeline turns it into database rows and the assessment reads it.

Conventions
- Multilingual text is a :data:`Text`: a dict from the language code used in the notice
  (ISO 639-3 upper or lower case as written, normalised to lower case, e.g. ``"nob"``, ``"eng"``)
  to the text. An absent text is an empty dict, never ``None``.
- Codes are kept verbatim, also when they are outside the codelists.
- ``None`` means the notice says nothing. A declared "none" is kept as the code ``"none"``.
- Money amounts are :class:`decimal.Decimal`; dates and times are timezone-aware where the
  notice gives an offset (eForms always does); a bare date is a :class:`datetime.date`.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from decimal import Decimal

Text = dict[str, str]


class Source(enum.StrEnum):
    DOFFIN = "doffin"
    TED = "ted"


class NoticeFormat(enum.StrEnum):
    EFORMS = "eforms"
    TED_XML = "ted-xml"


class RejectCode(enum.StrEnum):
    """Why a file was not accepted as a notice. The codes are part of the ingest contract."""

    EMPTY = "empty"
    NOT_XML = "not-xml"
    MALFORMED = "malformed"
    DOCTYPE = "doctype"
    TOO_LARGE = "too-large"
    BAD_ENCODING = "bad-encoding"
    UNSAFE_PATH = "unsafe-path"
    UNKNOWN_FORMAT = "unknown-format"


class NoticeRejected(Exception):
    """A file that cannot be taken in as a notice, with a code from :class:`RejectCode`."""

    def __init__(self, code: RejectCode, reason: str) -> None:
        super().__init__(f"{code}: {reason}")
        self.code = code
        self.reason = reason

    def __reduce__(self) -> tuple[type[NoticeRejected], tuple[RejectCode, str]]:
        # Rejections travel back from parser worker processes; the default pickling would
        # call __init__ with the message alone.
        return (type(self), (self.code, self.reason))


@dataclass(slots=True)
class Money:
    amount: Decimal
    currency: str | None = None


@dataclass(slots=True)
class Organisation:
    """An organisation as the notice describes it (buyer, winner, tenderer, ...)."""

    local_id: str | None = None  # OPT-200 (ORG-0001) or a parser-made id
    name: str = ""
    identifier: str | None = None  # BT-501 (in Norway the 9-digit organisasjonsnummer)
    country: str | None = None  # ISO 3166-1 alpha-3 as in eForms (NOR), or alpha-2 in TED XML
    nuts: str | None = None
    city: str | None = None
    legal_type: str | None = None  # BT-11 buyer legal type
    activity: str | None = None  # BT-10 / BT-610 main activity
    size: str | None = None  # BT-165 winner size (micro, small, medium, large, sme)
    url: str | None = None


@dataclass(slots=True)
class NoticeReference:
    """A reference to an earlier notice (BT-125(i) and BT-1251)."""

    notice_id: str  # the referenced notice's identifier, or its publication number
    part_id: str | None = None  # BT-1251: the lot or part in the referenced notice
    scope: str | None = None  # the lot or part of *this* notice that refers (LOT-0001, PAR-0000)
    kind: str | None = None  # "planning" for BT-125(i), "previous" for a changed notice, ...


@dataclass(slots=True)
class AwardCriterion:
    type: str | None = None  # BT-539: price, cost, quality, or Doffin's quality-nor-env-*
    name: Text = field(default_factory=dict)  # BT-734
    description: Text = field(default_factory=dict)  # BT-540
    weight: Decimal | None = None  # BT-541 number
    weight_type: str | None = None  # BT-5421 (per-exa, poi-exa, ...), BT-5422, BT-5423


@dataclass(slots=True)
class Lot:
    lot_id: str  # LOT-0001, or "1" in legacy TED; a notice without lots gets one lot
    title: Text = field(default_factory=dict)
    description: Text = field(default_factory=dict)
    main_cpv: str | None = None
    additional_cpv: list[str] = field(default_factory=list)
    estimated_value: Money | None = None
    deadline: dt.datetime | None = None  # BT-131
    participation_deadline: dt.datetime | None = None  # BT-1311 (requests to participate)
    strategic_procurement: list[str] = field(default_factory=list)  # BT-06
    innovative_acquisition: list[str] = field(default_factory=list)  # BT-776
    environmental_impact: list[str] = field(default_factory=list)  # BT-774
    green_criteria: list[str] = field(default_factory=list)  # BT-805
    social_objective: list[str] = field(default_factory=list)  # BT-775
    reserved_participation: list[str] = field(default_factory=list)  # BT-71
    variants: str | None = None  # BT-63 (allowed, required, not-allowed)
    award_criteria: list[AwardCriterion] = field(default_factory=list)
    framework_agreement: str | None = None  # BT-765 (fa-wo-rc, fa-w-rc, fa-mix, none)
    references: list[NoticeReference] = field(default_factory=list)  # BT-125(i)-Lot


@dataclass(slots=True)
class LotResult:
    lot_id: str
    result_id: str | None = None  # OPT-322 (RES-0001)
    status: str | None = None  # BT-142 (selec-w, clos-nw, open-nw)
    winners: list[Organisation] = field(default_factory=list)
    tender_value: Money | None = None  # BT-720 (sum over the winning tenders of the lot)
    received: dict[str, int] = field(default_factory=dict)  # BT-760 type -> BT-759 count
    contract_ids: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Notice:
    format: NoticeFormat
    source: Source
    notice_id: str  # BT-701 (legacy TED: the document number NNNNNN-YYYY)
    version: str = "01"  # BT-757
    customization: str | None = None  # cbc:CustomizationID verbatim
    sdk_version: str | None = None  # eforms-sdk-1.7 ...
    national: bool = False  # Doffin's :national customisation
    notice_type: str | None = None  # BT-02
    form_type: str | None = None  # BT-03
    notice_subtype: str | None = None  # OPP-070
    language: str | None = None  # BT-702
    issue_date: dt.datetime | dt.date | None = None  # BT-05
    publication_date: dt.date | None = None
    doffin_id: str | None = None  # YYYY-NNNNNN
    ted_publication_number: str | None = None  # NNNNNN-YYYY (OPP-010)
    ojs_number: str | None = None  # OPP-011 (2024/S 001-000123)
    procedure_id: str | None = None  # BT-04; None: the notice is its own procedure
    procedure_type: str | None = None  # BT-105
    legal_basis: str | None = None  # BT-01
    title: Text = field(default_factory=dict)  # BT-21-Procedure
    description: Text = field(default_factory=dict)  # BT-24-Procedure
    buyers: list[Organisation] = field(default_factory=list)
    main_cpv: str | None = None  # BT-262-Procedure
    additional_cpv: list[str] = field(default_factory=list)  # BT-263-Procedure
    estimated_value: Money | None = None  # BT-27-Procedure
    deadline: dt.datetime | None = None  # earliest BT-131 over the lots
    references: list[NoticeReference] = field(default_factory=list)
    lots: list[Lot] = field(default_factory=list)
    results: list[LotResult] = field(default_factory=list)
    total_value: Money | None = None  # BT-161
    organisations: list[Organisation] = field(default_factory=list)  # every organisation named
    # Problems with values inside a well-formed notice (an unreadable date or amount, a broken
    # link between parts): the value is left None and the reason is kept here.
    warnings: list[str] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        """The identity of this notice version: (BT-701, BT-757)."""
        return (self.notice_id, self.version)

    @property
    def procedure_key(self) -> str:
        """The procedure this notice belongs to; a notice without BT-04 is its own procedure."""
        return self.procedure_id or f"notice:{self.notice_id}"
