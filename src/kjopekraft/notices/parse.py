"""Bytes of one notice → :class:`Notice`, whatever the format: the one entry point for parsing.

The bytes are loaded safely (:mod:`kjopekraft.notices.rawxml`), then the root element picks the
parser. To add a format, add one ``(recogniser, parser)`` line to :data:`PARSERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from kjopekraft.notices.eforms import is_eforms, parse_eforms
from kjopekraft.notices.eforms.parser import DOFFIN_ID, normalise_ted_publication_number
from kjopekraft.notices.model import Notice, NoticeRejected, RejectCode
from kjopekraft.notices.rawxml import DEFAULT_MAX_BYTES, load_xml
from kjopekraft.notices.tedxml import is_ted_xml, parse_ted_xml

Recogniser = Callable[[etree._Element], bool]
Parser = Callable[[etree._Element], Notice]

PARSERS: list[tuple[Recogniser, Parser]] = [
    (is_eforms, parse_eforms),
    (is_ted_xml, parse_ted_xml),
]

_XML_SUFFIX = re.compile(r"\.xml$", re.IGNORECASE)


def parse_notice(
    data: bytes, *, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Notice:
    """Parse the bytes of one notice, or raise :class:`NoticeRejected`.

    ``name`` is the file name (a path, or ``archive.zip!member.xml``). When it is exactly a
    Doffin ID (``2024-100506.xml``) or a TED publication number (``537513-2025.xml``) and the
    notice itself does not say, that identity is taken from the name.
    """
    root = load_xml(data, max_bytes=max_bytes)
    notice = parser_for(root)(root)
    if name is not None:
        _identity_from_name(notice, name)
    return notice


def parser_for(root: etree._Element) -> Parser:
    """The parser for this root element; ``unknown-format`` when no parser takes it."""
    for recognises, parser in PARSERS:
        if recognises(root):
            return parser
    name = etree.QName(root)
    namespace = f" in namespace {name.namespace}" if name.namespace else " (no namespace)"
    reason = (
        f"The root element <{name.localname}>{namespace} is not a known notice format; "
        "expected an eForms ContractNotice, ContractAwardNotice or PriorInformationNotice, "
        "or a legacy TED_EXPORT."
    )
    raise NoticeRejected(RejectCode.UNKNOWN_FORMAT, reason)


def _identity_from_name(notice: Notice, name: str) -> None:
    stem = _XML_SUFFIX.sub("", re.split(r"[/\\!]", name)[-1])
    if DOFFIN_ID.fullmatch(stem):
        if notice.doffin_id is None:
            notice.doffin_id = stem
        elif notice.doffin_id != stem:
            notice.warnings.append(
                f"The file is named {stem} but the notice's Doffin ID is {notice.doffin_id}."
            )
    elif notice.ted_publication_number is None:
        notice.ted_publication_number = normalise_ted_publication_number(stem)
