"""Legacy TED XML notice (TED_EXPORT) → :class:`~kjopekraft.notices.model.Notice`.

Covers TED schema R2.0.9 (forms F01–F25 and the transport forms T01/T02) and R2.0.8 (the
defence forms F16–F19 that TED kept in R2.0.8, and the older general forms written the same
way), whatever default namespace the file uses.

Identity
- ``notice_id`` is the TED document number ``NNNNNN-YYYY`` from DOC_ID (else from NO_DOC_OJS),
  without leading zeros: ``028362-2017`` becomes ``28362-2017``. That is how the eForms parser
  writes a TED publication number (``00522031-2023`` → ``522031-2023``), so one TED notice has one
  identifier whichever format it came in. A notice without a document number is refused.
- ``version`` is ``01`` (legacy notices have no versions; a correction is a notice of its own,
  F14). ``ted_publication_number`` is the same number as ``notice_id``.
- ``ojs_number`` is the OJ S issue as eForms writes OPP-011: ``2022/S 070-187948`` → ``70/2022``.
- ``publication_date`` is DATE_PUB; ``issue_date`` the date the notice was sent to TED.
- ``form_type`` is the form as TED numbers it (``F02``, ``T01``; R2.0.8's ``17`` is ``F17``);
  ``notice_type`` its eForms notice type (see :mod:`.codes`); ``customization`` is the TED
  schema version (``R2.0.9.S05.E01``). ``notice_subtype`` stays None.

Languages: the form is written once per language. The original (CATEGORY="ORIGINAL") in the
notice's original language (LG_ORIG) is read for every value and is the first language of every
text; the other versions add their texts under their own language. TED's two-letter codes
become the three-letter codes eForms uses (``EN`` → ``eng``, ``NO`` → ``nor``).

References: the earlier notices the form names (NOTICE_NUMBER_OJ) and those TED links in the
coded section (REF_NOTICE) are references by TED number: ``change`` for the notice an F14
corrects, ``modification`` for the contract notice an F20 modifies, ``planning`` for an R2.0.8
prior information notice, ``previous`` otherwise.

The forms themselves are read by :mod:`.r209` and :mod:`.r208`. A value that cannot be read
becomes None and a line in ``Notice.warnings``; it never stops the parse.
"""

from __future__ import annotations

import re

from lxml import etree

from kjopekraft.notices.eforms.parser import normalise_ted_publication_number
from kjopekraft.notices.model import (
    Notice,
    NoticeFormat,
    NoticeReference,
    NoticeRejected,
    RejectCode,
    Source,
)
from kjopekraft.notices.tedxml import codes, r208, r209
from kjopekraft.notices.tedxml.paths import Paths, paths_for
from kjopekraft.notices.tedxml.reader import Reader, Version
from kjopekraft.notices.tedxml.results import notice_number, oj_issue

TED_ROOT = "TED_EXPORT"
R208 = "R2.0.8"
ORIGINAL = "ORIGINAL"
UNDETERMINED_LANGUAGE = "und"
DEFENCE_FORMS = frozenset({"F16", "F17", "F18", "F19"})

# Form elements that carry no FORM attribute, by the form they are.
_FORMS_BY_ELEMENT = {
    "PRIOR_INFORMATION_DEFENCE": "F16",
    "CONTRACT_DEFENCE": "F17",
    "CONTRACT_AWARD_DEFENCE": "F18",
    "CONTRACT_CONCESSIONAIRE_DEFENCE": "F19",
}
_FORM_ELEMENT = re.compile(r"(?P<form>F\d\d)_\d{4}")
_NUMBERED_FORM = re.compile(r"\d{1,2}")


def is_ted_xml(root: etree._Element) -> bool:
    """Whether the root element is a legacy TED notice: a TED_EXPORT, in any namespace."""
    return etree.QName(root).localname == TED_ROOT


def parse_ted_xml(root: etree._Element) -> Notice:
    """Read one legacy TED notice. Bad values become None with a warning on the notice.

    Raises :class:`NoticeRejected` (``unknown-format``) when the notice has no document number
    or no form.
    """
    paths = paths_for(root)
    reader = Reader(paths)
    notice_id = _notice_id(root, paths, reader)
    versions = _versions(root, paths, reader)
    primary = versions[0].form
    form_type = _form_type(primary)
    notice = Notice(
        format=NoticeFormat.TED_XML,
        source=Source.TED,
        notice_id=notice_id,
        ted_publication_number=notice_id,
        form_type=form_type,
        notice_type=codes.notice_type(form_type, paths.notice_kind.text(primary)),
        language=versions[0].language,
        customization=root.get("VERSION") or primary.get("VERSION"),
        ojs_number=_ojs_number(root, paths),
        publication_date=reader.date(paths.publication_date.text(root), "DATE_PUB"),
    )
    if form_type is not None and notice.notice_type is None:
        reader.warn(f"Form {form_type} is not a known TED form; it has no notice type.")
    reader.country = paths.country.text(root)

    if _is_r208(root, primary):
        r208.read_form(notice, versions, reader)
    else:
        r209.read_form(notice, versions, reader)
        notice.issue_date = reader.date(paths.dispatch.text(primary), "DATE_DISPATCH_NOTICE")
    if notice.issue_date is None:
        notice.issue_date = reader.date(paths.coded_dispatch.text(root), "DS_DATE_DISPATCH")
    if notice.legal_basis is None:
        directive = paths.coded_directive.text(root)
        if directive is not None:
            notice.legal_basis = codes.DIRECTIVES.get(directive, directive)
        elif form_type in DEFENCE_FORMS:
            notice.legal_basis = codes.DEFENCE_DIRECTIVE
    _linked_notices(notice, root, paths)
    notice.organisations = reader.parties.all
    notice.warnings = reader.warnings
    return notice


def _notice_id(root: etree._Element, paths: Paths, reader: Reader) -> str:
    doc_id = root.get("DOC_ID")
    from_doc_id = normalise_ted_publication_number(doc_id) if doc_id else None
    reference = paths.doc_number.text(root)
    from_reference = notice_number(reference) if reference else None
    if doc_id and from_doc_id is None:
        reader.warn(f"DOC_ID {doc_id!r} is not a TED document number (NNNNNN-YYYY).")
    if from_doc_id and from_reference and from_doc_id != from_reference:
        reader.warn(
            f"DOC_ID {doc_id!r} and NO_DOC_OJS {reference!r} name different notices; "
            "DOC_ID is taken."
        )
    notice_id = from_doc_id or from_reference
    if notice_id is None:
        raise NoticeRejected(
            RejectCode.UNKNOWN_FORMAT,
            "The TED_EXPORT has no TED document number (the DOC_ID attribute or NO_DOC_OJS), "
            "so it cannot be told apart from other notices.",
        )
    return notice_id


def _versions(root: etree._Element, paths: Paths, reader: Reader) -> list[Version]:
    forms = paths.forms.all(root)
    if not forms:
        raise NoticeRejected(
            RejectCode.UNKNOWN_FORMAT,
            "The TED_EXPORT has no form in its FORM_SECTION, so there is nothing to read.",
        )
    originals = [form for form in forms if form.get("CATEGORY") == ORIGINAL]
    original_languages = " ".join(paths.original_languages.texts(root)).split()
    first_language = original_languages[0] if original_languages else None
    primary = next((f for f in originals if f.get("LG") == first_language), None)
    if primary is None:
        primary = originals[0] if originals else forms[0]
        if not originals:
            reader.warn(
                "The notice has no original-language form (CATEGORY ORIGINAL); "
                f"the {primary.get('LG') or 'first'} version is read instead."
            )
    ordered = [primary] + [f for f in originals if f is not primary]
    ordered += [f for f in forms if f is not primary and f not in originals]
    return [Version(_language(form.get("LG") or first_language), form) for form in ordered]


def _language(code: str | None) -> str:
    return codes.language(code) if code else UNDETERMINED_LANGUAGE


def _form_type(form: etree._Element) -> str | None:
    code = (form.get("FORM") or "").strip()
    if _NUMBERED_FORM.fullmatch(code):
        return f"F{int(code):02d}"
    if code:
        return code
    name = etree.QName(form).localname
    if match := _FORM_ELEMENT.fullmatch(name):
        return match["form"]
    return _FORMS_BY_ELEMENT.get(name)


def _is_r208(root: etree._Element, form: etree._Element) -> bool:
    version = root.get("VERSION") or form.get("VERSION") or etree.QName(root).namespace or ""
    return R208 in version or etree.QName(form).localname in _FORMS_BY_ELEMENT


def _ojs_number(root: etree._Element, paths: Paths) -> str | None:
    reference = paths.doc_number.text(root)
    if reference and (issue := oj_issue(reference)):
        return issue
    number, published = paths.oj_issue.text(root), paths.publication_date.text(root)
    if number and number.isdigit() and published and published[:4].isdigit():
        return f"{int(number)}/{published[:4]}"
    return None


def _linked_notices(notice: Notice, root: etree._Element, paths: Paths) -> None:
    """The earlier notices TED links in the coded section, when the form does not name them."""
    known = {reference.notice_id for reference in notice.references}
    for raw in paths.referenced_notices.texts(root):
        notice_id = notice_number(raw)
        if notice_id is not None and notice_id not in known and notice_id != notice.notice_id:
            known.add(notice_id)
            notice.references.append(NoticeReference(notice_id, kind="previous"))
