"""Walking the files and archives given to ingest, yielding the bytes of each notice.

Nothing is extracted to disk: archive members are read into memory, each at most
``max_bytes``. Each input becomes an :class:`InputItem` that carries either the bytes or the
reason it was refused; a bad member never stops the walk, so the good notices in the same
archive still come through.

What a path may be:
- an XML file (any name: a file named on purpose is always read);
- a directory, walked recursively in sorted path order. Its ``*.xml`` files are read and its
  ``.zip``, ``.tar.gz``, ``.tgz`` and ``.tar.xz`` archives are opened; every other file
  (``index.csv``, ``README.md``, ...) is skipped without a word;
- a ``.zip``, ``.tar.gz``, ``.tgz`` or ``.tar.xz`` archive. Its ``*.xml`` members are read;
  directories and other files are skipped, and archives inside archives are not opened.

An item's name is the file path, or ``archive.zip!folder/member.xml`` for a member.

Refusals:
- ``unsafe-path``: a member whose path is absolute or climbs out with ``..``, and a symbolic
  link, hard link, device or pipe member, whatever its name;
- ``too-large``: a file or member over ``max_bytes`` (decided from its declared size, and a
  member is never read past ``max_bytes`` in any case); a member after the first
  ``max_members`` of an archive (directories aside); a member that would take one archive past
  ``max_total_bytes``. For a zip that is the bytes read, and each later member is refused by
  name. A compressed tar can only be read from the start and even a skipped member is
  decompressed, so there every member's declared size counts, and when a limit is passed the
  rest of the archive is refused as one item (``archive.tar.gz!*``) instead of being read;
- ``malformed``: an archive that cannot be opened or is damaged part-way, with the members
  read before the damage still yielded.

A path that does not exist is a mistake in the command, not bad input: it raises
:class:`FileNotFoundError` before anything is yielded.
"""

from __future__ import annotations

import lzma
import os
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from kjopekraft.notices.model import RejectCode
from kjopekraft.notices.rawxml import DEFAULT_MAX_BYTES

DEFAULT_MAX_MEMBERS = 100_000
DEFAULT_MAX_TOTAL_BYTES = 2 * 1024**3

XML_SUFFIX = ".xml"
ZIP_SUFFIXES = (".zip",)
TAR_SUFFIXES = (".tar.gz", ".tgz", ".tar.xz")
MEMBER_SEPARATOR = "!"
REST_OF_ARCHIVE = "*"

# What a damaged or unreadable archive raises while it is read.
_ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,
    RuntimeError,  # an encrypted zip member
    NotImplementedError,  # a zip compression method Python does not have
    ValueError,
)


@dataclass(frozen=True, slots=True)
class InputItem:
    """One notice file as found: its bytes, or why it was refused."""

    name: str
    data: bytes | None = None
    code: RejectCode | None = None
    reason: str | None = None

    @classmethod
    def accepted(cls, name: str, data: bytes) -> InputItem:
        return cls(name=name, data=data)

    @classmethod
    def rejected(cls, name: str, code: RejectCode, reason: str) -> InputItem:
        return cls(name=name, code=code, reason=reason)

    @property
    def ok(self) -> bool:
        return self.data is not None


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one file, and one archive, may hold before the rest is refused."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_members: int = DEFAULT_MAX_MEMBERS
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES


def iter_inputs(
    paths: Iterable[str | os.PathLike[str]],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_total_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
) -> Iterator[InputItem]:
    """Every notice file under the paths, in order, as accepted or refused items."""
    given = [Path(path) for path in paths]
    missing = [str(path) for path in given if not path.exists()]
    if missing:
        raise FileNotFoundError(f"No such file or directory: {', '.join(missing)}")
    limits = Limits(max_bytes, max_members, max_total_bytes)
    for path in given:
        if path.is_dir():
            for found in _walk(path):
                yield from _read_path(found, limits)
        else:
            yield from _read_path(path, limits)


def _walk(directory: Path) -> list[Path]:
    found = [
        Path(folder, name)
        for folder, _, names in os.walk(directory)
        for name in names
        if _is_xml(name) or _is_archive(name)
    ]
    return sorted(found, key=lambda path: path.parts)


def _read_path(path: Path, limits: Limits) -> Iterator[InputItem]:
    name = str(path)
    if _is_archive(path.name):
        if path.name.lower().endswith(ZIP_SUFFIXES):
            yield from _read_zip(path, limits)
        else:
            yield from _read_tar(path, limits)
        return
    size = path.stat().st_size
    if size > limits.max_bytes:
        yield InputItem.rejected(name, RejectCode.TOO_LARGE, _too_large(size, limits.max_bytes))
        return
    with path.open("rb") as file:
        yield _accept_bounded(name, file, limits.max_bytes)


def _read_zip(path: Path, limits: Limits) -> Iterator[InputItem]:
    try:
        archive = zipfile.ZipFile(path)
    except _ARCHIVE_ERRORS as error:
        yield _broken(str(path), error)
        return
    members = total = 0
    with archive:
        for info in archive.infolist():
            if info.is_dir():
                continue
            members += 1
            name = _member_name(path, info.filename)
            problem = _unsafe_name(info.filename) or _unsafe_zip_type(info)
            if problem:
                yield InputItem.rejected(name, RejectCode.UNSAFE_PATH, problem)
                continue
            if not _is_xml(info.filename):
                continue
            # A zip's directory gives every member's size up front, and skipping a member
            # costs nothing, so each member past a limit is refused by name.
            refusal = _over_limits(members, total + info.file_size, limits)
            if info.file_size > limits.max_bytes:
                refusal = _too_large(info.file_size, limits.max_bytes)
            if refusal:
                yield InputItem.rejected(name, RejectCode.TOO_LARGE, refusal)
                continue
            try:
                with archive.open(info) as member:
                    item = _accept_bounded(name, member, limits.max_bytes)
            except _ARCHIVE_ERRORS as error:
                yield _broken(name, error)
                continue
            total += len(item.data or b"")
            yield item


def _read_tar(path: Path, limits: Limits) -> Iterator[InputItem]:
    members = total = 0
    name = None
    try:
        with tarfile.open(path, mode="r:*") as archive:
            for member in archive:
                if member.isdir():
                    continue
                members += 1
                # A compressed tar is read from the start, so even a member that is skipped
                # is decompressed: its size counts against the limit before it is passed.
                total += member.size
                name = _member_name(path, member.name)
                refusal = _over_limits(members, total, limits)
                if refusal:
                    yield InputItem.rejected(name, RejectCode.TOO_LARGE, refusal)
                    yield InputItem.rejected(
                        _member_name(path, REST_OF_ARCHIVE),
                        RejectCode.TOO_LARGE,
                        f"The rest of the archive was not read: {refusal}",
                    )
                    return
                problem = _unsafe_name(member.name) or _unsafe_tar_type(member)
                if problem:
                    yield InputItem.rejected(name, RejectCode.UNSAFE_PATH, problem)
                    continue
                if not _is_xml(member.name):
                    continue
                if member.size > limits.max_bytes:
                    yield InputItem.rejected(
                        name, RejectCode.TOO_LARGE, _too_large(member.size, limits.max_bytes)
                    )
                    continue
                file = archive.extractfile(member)
                if file is not None:
                    with file:
                        item = _accept_bounded(name, file, limits.max_bytes)
                    yield item
    except _ARCHIVE_ERRORS as error:
        where = f" (the last member reached was {name})" if name else ""
        yield _broken(str(path), error, where)


def _over_limits(members: int, total: int, limits: Limits) -> str | None:
    if members > limits.max_members:
        return f"The archive has more than {limits.max_members:,} members; this one was not read."
    if total > limits.max_total_bytes:
        return (
            f"The archive expands past {limits.max_total_bytes:,} bytes; this member was not read."
        )
    return None


def _accept_bounded(name: str, file: IO[bytes], max_bytes: int) -> InputItem:
    # Reading one byte past the limit tells a file that is too large without reading it all,
    # whatever size the file or archive header claimed.
    data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        return InputItem.rejected(
            name,
            RejectCode.TOO_LARGE,
            f"The file is larger than the limit of {max_bytes:,} bytes.",
        )
    return InputItem.accepted(name, data)


def _unsafe_name(member: str) -> str | None:
    normalised = member.replace("\\", "/")
    if normalised.startswith("/") or (len(normalised) > 1 and normalised[1] == ":"):
        return f"The member path {member!r} is absolute; members must stay inside the archive."
    if ".." in PurePosixPath(normalised).parts:
        return f"The member path {member!r} climbs out of the archive with '..'."
    return None


def _unsafe_zip_type(info: zipfile.ZipInfo) -> str | None:
    # The Unix file type sits in the high bits; many zips leave it 0 for a plain file.
    kind = stat.S_IFMT(info.external_attr >> 16)
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return f"The member {info.filename!r} is a link or special file, not a plain file."
    return None


def _unsafe_tar_type(member: tarfile.TarInfo) -> str | None:
    if member.issym() or member.islnk():
        return f"The member {member.name!r} is a link to {member.linkname!r}, not a plain file."
    if not member.isfile():
        return f"The member {member.name!r} is a device, pipe or other special file."
    return None


def _broken(name: str, error: BaseException, where: str = "") -> InputItem:
    detail = str(error) or type(error).__name__
    return InputItem.rejected(
        name, RejectCode.MALFORMED, f"The archive is damaged or cannot be read{where}: {detail}."
    )


def _too_large(size: int, max_bytes: int) -> str:
    return f"The file is {size:,} bytes; the limit is {max_bytes:,} bytes."


def _member_name(archive: Path, member: str) -> str:
    return f"{archive}{MEMBER_SEPARATOR}{member}"


def _is_xml(name: str) -> bool:
    return name.lower().endswith(XML_SUFFIX)


def _is_archive(name: str) -> bool:
    return name.lower().endswith(ZIP_SUFFIXES + TAR_SUFFIXES)
