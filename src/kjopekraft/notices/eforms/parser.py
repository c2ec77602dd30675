"""eForms UBL notice → :class:`~kjopekraft.notices.model.Notice`.

Covers eForms SDK 1.x notices of every subtype (1–40, E1–E6, and Doffin's national N-subtypes)
from TED and from Doffin, including Doffin's ``:eu`` and ``:national`` customisations.

Identity
- ``notice_id`` and ``version`` are BT-701 and BT-757; a notice without BT-701 is refused.
- ``source`` is Doffin when the CustomizationID carries the Norwegian tailoring
  (``urn:fdc:anskaffelser.no``), else TED.
- ``doffin_id``: Doffin's older copies converted from TED XML use the Doffin ID
  (``2022-319091``) as BT-701; a production Doffin notice has a UUID there and gets its Doffin
  ID from the file name (see :func:`kjopekraft.notices.parse.parse_notice`).
- ``ted_publication_number`` comes from OPP-010 (``00522031-2023``) without the leading zeros
  (``522031-2023``), as TED writes it on its site. Doffin writes "n.a." there, or the OJ S
  number of an older TED notice, which is not this notice's number; that is left out with a
  warning. ``ojs_number`` is OPP-011 as written (``165/2023``).

References to earlier notices (kind): procedure-level ``previous`` (OPP-090), lot or part
``planning`` (BT-125(i) with BT-1251), ``change`` (BT-758, the notice this one changes) and
``modification`` (BT-1501(n), the notice of the modified contract). ``Notice.references`` has
all of them; each lot also has its own.

Lots: lots and parts become lots; a notice with neither gets one lot, ``LOT-0000``, for the
procedure's own subject (see :mod:`.lots`). Winners follow the rules in :mod:`.results`.

Dates and times keep the offset the notice gives. A deadline without a time is taken at 00:00
of its day (see :func:`kjopekraft.notices.eforms.values.combine`). Codes are kept verbatim,
also outside the codelists. A value that cannot be read (a date, an amount, a count) becomes
None and a line in ``Notice.warnings``; it never stops the parse.
"""

from __future__ import annotations

import re

from lxml import etree

from kjopekraft.notices.eforms import xpaths as xp
from kjopekraft.notices.eforms.context import NoticeContext
from kjopekraft.notices.eforms.lots import read_lots, read_references, whole_notice_lot
from kjopekraft.notices.eforms.organisations import Organisations
from kjopekraft.notices.eforms.results import read_results
from kjopekraft.notices.eforms.values import is_not_available
from kjopekraft.notices.model import (
    Notice,
    NoticeFormat,
    NoticeReference,
    NoticeRejected,
    RejectCode,
    Source,
)

EFORMS_ROOTS = frozenset({"ContractNotice", "ContractAwardNotice", "PriorInformationNotice"})
DOFFIN_TAILORING = "urn:fdc:anskaffelser.no"
NATIONAL_SUFFIX = ":national"

DOFFIN_ID = re.compile(r"(?P<year>\d{4})-(?P<number>\d{6})")
TED_PUBLICATION_NUMBER = re.compile(r"0*(?P<number>\d{1,8})-(?P<year>(?:19|20)\d{2})")
_SDK_VERSION = re.compile(r"eforms-sdk-\d+(?:\.\d+)*")


def is_eforms(root: etree._Element) -> bool:
    """Whether the root element is an eForms notice: a UBL notice document.

    The three notice roots are always taken; any other UBL document is taken when its
    CustomizationID names an eForms SDK. The European company notices (X01, X02) have their
    own namespace and are not procurement notices, so they are not taken.
    """
    name = etree.QName(root)
    if name.namespace != f"{xp.UBL_DOCUMENT_NS_PREFIX}{name.localname}-2":
        return False
    if name.localname in EFORMS_ROOTS:
        return True
    return (xp.CUSTOMIZATION.text(root) or "").startswith("eforms-")


def parse_eforms(root: etree._Element) -> Notice:
    """Read one eForms notice. Bad values become None with a warning on the notice.

    Raises :class:`NoticeRejected` (``unknown-format``) when the notice has no BT-701.
    """
    context = NoticeContext()
    found = xp.NOTICE.read(root)
    notice_id = _notice_id(root, found, context)
    customization = found.text(xp.CUSTOMIZATION)
    language = found.text(xp.LANGUAGE)
    context.language = language.lower() if language else None
    notice_type = found.first(xp.NOTICE_TYPE)
    project = found.read_first(xp.PROCEDURE_PROJECT)
    organisations = Organisations(found, context)

    notice = Notice(
        format=NoticeFormat.EFORMS,
        source=Source.DOFFIN if DOFFIN_TAILORING in (customization or "") else Source.TED,
        notice_id=notice_id,
        customization=customization,
        sdk_version=_sdk_version(customization),
        national=(customization or "").endswith(NATIONAL_SUFFIX),
        notice_type=found.text(xp.NOTICE_TYPE),
        form_type=notice_type.get("listName") if notice_type is not None else None,
        notice_subtype=found.text(xp.SUBTYPE),
        language=context.language,
        procedure_id=found.text(xp.PROCEDURE_ID),
        procedure_type=found.text(xp.PROCEDURE_TYPE),
        legal_basis=found.text(xp.LEGAL_BASIS),
        ojs_number=found.text(xp.GAZETTE_ID),
    )
    version = found.text(xp.VERSION)
    if version is None:
        context.warn(f"The notice has no version (BT-757); {notice.version!r} is assumed.")
    else:
        notice.version = version
    _read_dates(notice, found, context)
    _read_publication_ids(notice, found, context)
    if project is not None:
        notice.title = context.text(project.all(xp.NAME))
        notice.description = context.text(project.all(xp.DESCRIPTION))
        notice.main_cpv = project.text(xp.MAIN_CPV)
        notice.additional_cpv = project.texts(xp.ADDITIONAL_CPV)
        notice.estimated_value = context.money(project.first(xp.ESTIMATED_VALUE), "BT-27")
    notice.buyers = organisations.buyers(found)
    notice.lots = read_lots(found, context) or [whole_notice_lot(project, context)]
    deadlines = [lot.deadline for lot in notice.lots if lot.deadline is not None]
    notice.deadline = min(deadlines) if deadlines else None
    notice.references = _references(found, notice)
    notice.results, notice.total_value = read_results(found, context, organisations)
    notice.organisations = organisations.all
    notice.warnings = context.warnings
    return notice


def _notice_id(root: etree._Element, found: xp.Found, context: NoticeContext) -> str:
    notice_id = found.text(xp.NOTICE_ID)
    if notice_id is not None:
        return notice_id
    notice_id = found.text(xp.UBL_ID)
    if notice_id is None:
        raise NoticeRejected(
            RejectCode.UNKNOWN_FORMAT,
            f"The {etree.QName(root).localname} has no notice identifier (BT-701, cbc:ID with "
            "schemeName 'notice-id'), so it cannot be told apart from other notices.",
        )
    context.warn(f"BT-701 {notice_id!r} is written without schemeName 'notice-id'.")
    return notice_id


def _sdk_version(customization: str | None) -> str | None:
    match = _SDK_VERSION.match(customization or "")
    return match.group() if match else None


def _read_dates(notice: Notice, found: xp.Found, context: NoticeContext) -> None:
    issue_time = found.text(xp.ISSUE_TIME)
    if issue_time is None:
        notice.issue_date = context.date(found.text(xp.ISSUE_DATE), "BT-05")
    else:
        notice.issue_date = context.moment(found.text(xp.ISSUE_DATE), issue_time, "BT-05")
    notice.publication_date = context.date(found.text(xp.PUBLICATION_DATE), "OPP-012")


def _read_publication_ids(notice: Notice, found: xp.Found, context: NoticeContext) -> None:
    if notice.source is Source.DOFFIN and DOFFIN_ID.fullmatch(notice.notice_id):
        notice.doffin_id = notice.notice_id
    publication_id = found.text(xp.PUBLICATION_ID)
    if publication_id is None or is_not_available(publication_id):
        return
    number = normalise_ted_publication_number(publication_id)
    if number is None:
        context.warn(
            f"OPP-010 {publication_id!r} is not a TED publication number (NNNNNNNN-YYYY); "
            "it was left out."
        )
    notice.ted_publication_number = number


def normalise_ted_publication_number(text: str) -> str | None:
    """``00522031-2023`` → ``522031-2023``; None when the text is not such a number."""
    match = TED_PUBLICATION_NUMBER.fullmatch(text.strip())
    return f"{match['number']}-{match['year']}" if match else None


def _references(found: xp.Found, notice: Notice) -> list[NoticeReference]:
    references = read_references(found, "previous", None)
    for notice_id in found.texts(xp.CHANGED_NOTICE):
        if not is_not_available(notice_id):
            references.append(NoticeReference(notice_id, kind="change"))
    for notice_id in found.texts(xp.MODIFIED_NOTICE):
        if not is_not_available(notice_id):
            references.append(NoticeReference(notice_id, kind="modification"))
    references.extend(reference for lot in notice.lots for reference in lot.references)
    return references
