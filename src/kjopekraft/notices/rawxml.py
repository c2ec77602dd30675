"""Safe loading of untrusted notice bytes into an XML tree.

Notices arrive from the internet and from archives people upload, so the loader trusts nothing:

- A document type declaration (``<!DOCTYPE``) is refused outright. Notices never need one,
  and refusing it is what guarantees that no external entity (XXE), parameter entity or
  entity expansion (billion laughs) is ever processed. The declaration is looked for in the
  prolog before the parser runs, and the parsed tree is checked again afterwards.
- The parser itself never resolves entities, never touches the network, never loads a DTD and
  keeps libxml2's limits on deep and huge trees.
- Size is checked before parsing.

Every refusal is a :class:`~kjopekraft.notices.model.NoticeRejected` whose code says what was
wrong and whose reason says it in a plain sentence, with the line and column when the parser
gives them.
"""

from __future__ import annotations

import codecs
import hashlib
import re
import threading

from lxml import etree

from kjopekraft.notices.model import NoticeRejected, RejectCode

DEFAULT_MAX_BYTES = 50 * 1024 * 1024

# UTF-32 BOMs start with the UTF-16 ones, so they must be tried first.
_WIDE_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A UTF-16 document without a BOM still starts with "<" next to a zero byte.
_BOMLESS_WIDE: tuple[tuple[bytes, str], ...] = ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"))
_LEADING_SPACE = re.compile(b"(?:" + re.escape(codecs.BOM_UTF8) + rb")?[ \t\r\n]*")

# What may come before the root element or a DOCTYPE: white space, the XML declaration,
# processing instructions and comments.
_PROLOG_ITEM = re.compile(rb"[ \t\r\n]+|<\?.*?\?>|<!--.*?-->", re.DOTALL)
_DOCTYPE = b"<!DOCTYPE"

_ENCODING_ERRORS = frozenset(
    {
        etree.ErrorTypes.ERR_INVALID_ENCODING,
        etree.ErrorTypes.ERR_UNSUPPORTED_ENCODING,
        etree.ErrorTypes.ERR_UNKNOWN_ENCODING,
        etree.ErrorTypes.IO_ENCODER,
    }
)

_local = threading.local()


def content_hash(data: bytes) -> str:
    """The SHA-256 of the raw bytes as lower-case hex: the key under which a raw notice is kept."""
    return hashlib.sha256(data).hexdigest()


def load_xml(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> etree._Element:
    """Parse untrusted bytes into the root element, or raise :class:`NoticeRejected`.

    The checks run from cheapest to dearest: empty, too large, not XML at all, DOCTYPE,
    then the parse itself (bad encoding or malformed). Comments and processing instructions
    are dropped from the tree; the raw bytes are what is kept verbatim.
    """
    if not data:
        raise NoticeRejected(RejectCode.EMPTY, "The file is empty.")
    if len(data) > max_bytes:
        raise NoticeRejected(
            RejectCode.TOO_LARGE,
            f"The file is {len(data):,} bytes; the limit is {max_bytes:,} bytes.",
        )
    markup = _as_ascii_compatible(data)
    leading = _LEADING_SPACE.match(markup)
    start = leading.end() if leading else 0
    if start == len(markup):
        raise NoticeRejected(RejectCode.EMPTY, "The file holds only white space.")
    if markup[start : start + 1] != b"<":
        raise NoticeRejected(
            RejectCode.NOT_XML,
            f"The file is not XML: it starts with {_preview(markup[start:])} instead of '<'.",
        )
    _refuse_doctype(markup, start)
    root = _parse(data)
    if root.getroottree().docinfo.doctype:  # type: ignore[attr-defined]  # not in lxml-stubs
        raise _doctype_rejection()
    return root


def _as_ascii_compatible(data: bytes) -> bytes:
    """The bytes to inspect for markup: UTF-16 and UTF-32 are transcoded, everything else as is.

    Only the checks before parsing look at this; the parser always gets the original bytes.
    """
    for bom, codec in _WIDE_BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace").encode("utf-8")
    for prefix, codec in _BOMLESS_WIDE:
        if data.startswith(prefix):
            return data.decode(codec, errors="replace").encode("utf-8")
    return data


def _refuse_doctype(markup: bytes, start: int) -> None:
    pos = start
    while match := _PROLOG_ITEM.match(markup, pos):
        pos = match.end()
    if markup[pos : pos + len(_DOCTYPE)].upper() == _DOCTYPE:
        raise _doctype_rejection()


def _doctype_rejection() -> NoticeRejected:
    return NoticeRejected(
        RejectCode.DOCTYPE,
        "The file has a document type declaration (<!DOCTYPE ...>). Notices never need one, "
        "and it can make a parser read other files or expand entities without end, "
        "so the file was not parsed.",
    )


def _parser() -> etree.XMLParser:
    # An lxml parser must not be shared between threads, so each thread keeps its own.
    parser: etree.XMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=False,
            remove_comments=True,
            remove_pis=True,
            collect_ids=False,
        )
        _local.parser = parser
    return parser


def _parse(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        raise _syntax_rejection(error) from None
    if root is None:  # lxml returns None for a document it recovered to nothing
        raise NoticeRejected(RejectCode.MALFORMED, "The file has no root element.")
    return root


def _syntax_rejection(error: etree.XMLSyntaxError) -> NoticeRejected:
    # The message from libxml2 ends with ", line L, column C"; the location is said once, here.
    message = re.sub(r",? line \d+, column \d+$", "", (error.msg or "").strip())
    line, column = error.position if error.position else (error.lineno, 0)
    where = f" at line {line}, column {column}" if line else ""
    if error.code in _ENCODING_ERRORS:  # type: ignore[attr-defined]  # not in lxml-stubs
        return NoticeRejected(
            RejectCode.BAD_ENCODING,
            f"The text cannot be read in the encoding the file declares{where}: {message}.",
        )
    return NoticeRejected(
        RejectCode.MALFORMED,
        f"The XML is not well-formed{where}: {message}. The file may be truncated or damaged.",
    )


def _preview(data: bytes) -> str:
    head = data[:16].decode("utf-8", errors="replace")
    return repr(head) if head else "nothing"
