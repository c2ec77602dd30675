"""Safe loading of untrusted bytes: each kind of bad input gets its own refusal."""

from __future__ import annotations

import os
import pickle
import threading
from pathlib import Path

import pytest
from lxml import etree

from kjopekraft.notices.model import NoticeRejected, RejectCode
from kjopekraft.notices.parse import parse_notice
from kjopekraft.notices.rawxml import content_hash, load_xml

NOTICE = (
    Path(__file__).resolve().parents[2] / "data" / "notices" / "doffin-eforms" / "2023-335407.xml"
)


def rejection(data: bytes, **kwargs: int) -> NoticeRejected:
    with pytest.raises(NoticeRejected) as raised:
        load_xml(data, **kwargs)
    return raised.value


def test_a_real_notice_loads_without_comments() -> None:
    root = load_xml(NOTICE.read_bytes())

    assert etree.QName(root).localname == "ContractAwardNotice"
    # The file is full of <!-- BT-... --> comments; the tree has none.
    assert not any(isinstance(node, etree._Comment) for node in root.iter())


def test_content_hash_is_sha256_hex() -> None:
    assert content_hash(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


@pytest.mark.parametrize("data", [b"", b" \n\t\r ", b"\xef\xbb\xbf  \n"])
def test_empty(data: bytes) -> None:
    assert rejection(data).code is RejectCode.EMPTY


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3", "%PDF"),
        (b'{"notice": "2024-100506"}', '{"notice"'),
        (b"\xef\xbb\xbf  hello <a/>", "hello"),
        (b"PK\x03\x04\x14\x00", "PK"),
    ],
)
def test_not_xml(data: bytes, shown: str) -> None:
    error = rejection(data)

    assert error.code is RejectCode.NOT_XML
    assert shown in error.reason


def test_truncated_notice_is_malformed_with_its_position() -> None:
    data = NOTICE.read_bytes()
    error = rejection(data[: len(data) // 2])

    assert error.code is RejectCode.MALFORMED
    assert "line" in error.reason and "column" in error.reason


@pytest.mark.parametrize(
    "data",
    [
        b"<a><b></a>",
        b"<a/><b/>",
        b"<?xml version='1.0'?>\n<a>\n  <b>x</b\n",
        b"<a>\x01</a>",
        b"<a>&undefined;</a>",
    ],
)
def test_malformed(data: bytes) -> None:
    error = rejection(data)

    assert error.code is RejectCode.MALFORMED
    assert "line" in error.reason


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<ContractNotice>&lol9;</ContractNotice>
"""


def xxe(target: Path) -> bytes:
    return (
        b'<?xml version="1.0"?>\n'
        b'<!DOCTYPE ContractNotice [<!ENTITY secret SYSTEM "file://'
        + str(target).encode()
        + b'">]>\n<ContractNotice>&secret;</ContractNotice>\n'
    )


def test_billion_laughs_is_refused() -> None:
    assert rejection(BILLION_LAUGHS).code is RejectCode.DOCTYPE


def test_external_entity_is_refused_and_the_file_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:TOP-SECRET:/root:/bin/sh\n")
    attack = xxe(secret)
    # The same bytes do leak the file through a parser that resolves entities, so the
    # refusal below is what keeps the secret in.
    permissive = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)
    assert "TOP-SECRET" in (etree.fromstring(attack, permissive).text or "")

    error = rejection(attack)

    assert error.code is RejectCode.DOCTYPE
    assert "TOP-SECRET" not in str(error)
    assert "TOP-SECRET" not in str(rejection(xxe(Path("/etc/passwd"))))


def test_external_entity_file_is_never_opened(tmp_path: Path) -> None:
    # Opening a named pipe for reading blocks until a writer comes, so a loader that
    # tried to read the entity would hang here instead of returning.
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    outcome: list[BaseException] = []
    worker = threading.Thread(target=lambda: outcome.append(rejection(xxe(pipe))), daemon=True)
    worker.start()
    worker.join(timeout=5)
    if worker.is_alive():
        # Unblock the reader so the test run can finish, then fail.
        os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
        worker.join(timeout=5)
        pytest.fail("the loader opened the external entity")
    [error] = outcome
    assert isinstance(error, NoticeRejected) and error.code is RejectCode.DOCTYPE


@pytest.mark.parametrize(
    "data",
    [
        b'<!DOCTYPE ContractNotice SYSTEM "http://example.com/notice.dtd"><ContractNotice/>',
        b'<?xml version="1.0"?><!-- a comment --><?pi x?>\n<!DOCTYPE a [<!ENTITY % p "x">]><a/>',
        b"\xef\xbb\xbf\n<!doctype a><a/>",
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode(
            "utf-16"
        ),
        '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>'.encode("utf-16-be"),
    ],
)
def test_any_doctype_is_refused(data: bytes) -> None:
    assert rejection(data).code is RejectCode.DOCTYPE


def test_too_large() -> None:
    data = b"<a>" + b"x" * 100 + b"</a>"

    error = rejection(data, max_bytes=len(data) - 1)

    assert error.code is RejectCode.TOO_LARGE
    assert f"{len(data):,}" in error.reason
    assert load_xml(data, max_bytes=len(data)).text == "x" * 100


def test_latin1_bytes_in_a_utf8_notice() -> None:
    data = '<?xml version="1.0" encoding="UTF-8"?>\n<a>Tromsø kommune</a>'.encode("latin-1")

    error = rejection(data)

    assert error.code is RejectCode.BAD_ENCODING
    assert "line 2" in error.reason


def test_unknown_declared_encoding() -> None:
    error = rejection(b'<?xml version="1.0" encoding="x-klingon"?><a/>')

    assert error.code is RejectCode.BAD_ENCODING
    assert "x-klingon" in error.reason


@pytest.mark.parametrize(
    "data",
    [
        '<?xml version="1.0" encoding="ISO-8859-1"?><a>Tromsø</a>'.encode("latin-1"),
        '<?xml version="1.0" encoding="UTF-16"?><a>Tromsø</a>'.encode("utf-16"),
        "\ufeff<a>Tromsø</a>".encode(),
    ],
)
def test_declared_encodings_are_read(data: bytes) -> None:
    assert load_xml(data).text == "Tromsø"


def test_rejection_survives_pickling() -> None:
    # Rejections are made in worker processes and sent back to the one that records them.
    error = rejection(b"")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 (our own bytes)

    assert (copy.code, copy.reason, str(copy)) == (error.code, error.reason, str(error))


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"<html><body>Not found</body></html>", "<html>"),
        (
            b'<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"/>',
            "TED_EXPORT",
        ),
        (b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>', "<Invoice>"),
    ],
)
def test_unknown_root_is_an_unknown_format(data: bytes, said: str) -> None:
    with pytest.raises(NoticeRejected) as raised:
        parse_notice(data)

    assert raised.value.code is RejectCode.UNKNOWN_FORMAT
    assert said in raised.value.reason
