"""Walking files, folders and archives for ingest, with hostile archives built in tmp_path."""

from __future__ import annotations

import io
import os
import pickle
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from kjopekraft.notices.files import InputItem, iter_inputs
from kjopekraft.notices.model import RejectCode

NOTICE = b'<?xml version="1.0"?><ContractNotice/>'


def by_name(items: list[InputItem]) -> dict[str, InputItem]:
    return {item.name.split("!", 1)[-1] if "!" in item.name else item.name: item for item in items}


def make_zip(path: Path, members: dict[str, bytes], *, stored: bool = False) -> Path:
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return path


def add_file(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    archive.addfile(info, io.BytesIO(data))


def add_special(archive: tarfile.TarFile, name: str, kind: bytes, link: str = "") -> None:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    archive.addfile(info)


# Files and folders


def test_folder_is_walked_in_sorted_order_taking_xml_and_archives(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.xml").write_bytes(NOTICE)
    (tmp_path / "a.XML").write_bytes(NOTICE)
    (tmp_path / "c.xml").write_bytes(NOTICE)
    (tmp_path / "index.csv").write_text("file\n")
    (tmp_path / "SOURCE.md").write_text("# source\n")
    make_zip(tmp_path / "b" / "1.zip", {"inside.xml": NOTICE})

    items = list(iter_inputs([tmp_path]))

    assert [item.name for item in items] == [
        str(tmp_path / "a.XML"),
        f"{tmp_path / 'b' / '1.zip'}!inside.xml",
        str(tmp_path / "b" / "2.xml"),
        str(tmp_path / "c.xml"),
    ]
    assert all(item.ok and item.data == NOTICE for item in items)


def test_a_file_named_on_purpose_is_read_whatever_its_name(tmp_path: Path) -> None:
    path = tmp_path / "notice.txt"
    path.write_bytes(NOTICE)

    [item] = iter_inputs([path])

    assert (item.name, item.data, item.code) == (str(path), NOTICE, None)


def test_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.xml"
    path.write_bytes(b"<a>" + b"x" * 2000 + b"</a>")

    [item] = iter_inputs([path], max_bytes=1000)

    assert (item.ok, item.code) == (False, RejectCode.TOO_LARGE)
    assert "2,007" in (item.reason or "")


def test_missing_path_is_an_error_before_anything_is_read(tmp_path: Path) -> None:
    (tmp_path / "a.xml").write_bytes(NOTICE)

    with pytest.raises(FileNotFoundError, match="nowhere"):
        next(iter_inputs([tmp_path / "a.xml", tmp_path / "nowhere"]))


def test_items_survive_pickling(tmp_path: Path) -> None:
    # Items are handed to parser worker processes.
    (tmp_path / "a.xml").write_bytes(NOTICE)
    (tmp_path / "b.xml").write_bytes(b"x" * 10)
    items = list(iter_inputs([tmp_path], max_bytes=5))
    items.append(next(iter_inputs([tmp_path / "a.xml"])))

    assert [pickle.loads(pickle.dumps(i)) for i in items] == items  # noqa: S301 (our own bytes)


# Zip archives


def test_zip_slip_and_absolute_paths_are_refused_and_good_members_kept(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "batch.zip",
        {
            "2024-100506.xml": NOTICE,
            "../escape.xml": NOTICE,
            "notices/../../escape2.xml": NOTICE,
            "/etc/absolute.xml": NOTICE,
            "C:/windows.xml": NOTICE,
            "..\\backslash.xml": NOTICE,
            "folder/": b"",
            "folder/2024-100829.xml": NOTICE,
            "folder/readme.txt": b"not a notice",
        },
    )

    items = by_name(list(iter_inputs([archive])))

    assert set(items) == {
        "2024-100506.xml",
        "../escape.xml",
        "notices/../../escape2.xml",
        "/etc/absolute.xml",
        "C:/windows.xml",
        "..\\backslash.xml",
        "folder/2024-100829.xml",
    }
    assert items["2024-100506.xml"].data == NOTICE
    assert items["folder/2024-100829.xml"].data == NOTICE
    for name in set(items) - {"2024-100506.xml", "folder/2024-100829.xml"}:
        assert (items[name].code, items[name].data) == (RejectCode.UNSAFE_PATH, None), name
    assert str(archive) + "!2024-100506.xml" in {item.name for item in iter_inputs([archive])}


def test_zip_symlink_member_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "links.zip"
    with zipfile.ZipFile(path, "w") as archive:
        link = zipfile.ZipInfo("passwd.xml")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
        archive.writestr("good.xml", NOTICE)

    items = by_name(list(iter_inputs([path])))

    assert items["passwd.xml"].code is RejectCode.UNSAFE_PATH
    assert items["good.xml"].data == NOTICE


def test_zip_bomb_member_is_refused_by_its_declared_size(tmp_path: Path) -> None:
    # 20 MB of zeros deflate to about 20 kB.
    bomb = b"<a>" + b"\0" * 20_000_000 + b"</a>"
    archive = make_zip(tmp_path / "bomb.zip", {"bomb.xml": bomb, "good.xml": NOTICE})
    assert archive.stat().st_size < 100_000

    items = by_name(list(iter_inputs([archive], max_bytes=1_000_000)))

    assert items["bomb.xml"].code is RejectCode.TOO_LARGE
    assert items["good.xml"].data == NOTICE


def test_zip_past_member_limit_refuses_each_later_member(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "many.zip", {f"{n}.xml": NOTICE for n in range(5)})

    items = list(iter_inputs([archive], max_members=3))

    assert [item.ok for item in items] == [True, True, True, False, False]
    assert {item.code for item in items[3:]} == {RejectCode.TOO_LARGE}
    assert "more than 3" in (items[3].reason or "")


def test_zip_past_byte_limit_refuses_the_rest(tmp_path: Path) -> None:
    member = b"<a>" + b"x" * 93 + b"</a>"  # 100 bytes
    archive = make_zip(tmp_path / "bytes.zip", {f"{n}.xml": member for n in range(4)})

    items = list(iter_inputs([archive], max_total_bytes=250))

    assert [item.ok for item in items] == [True, True, False, False]
    assert "250" in (items[2].reason or "")


def test_damaged_zip_member_is_refused_and_the_others_kept(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "damaged.zip",
        {"a.xml": b"<a>first</a>", "b.xml": b"<b>second</b>", "c.xml": b"<c>third</c>"},
        stored=True,
    )
    data = archive.read_bytes()
    archive.write_bytes(data.replace(b"<b>second</b>", b"<b>SECOND</b>"))

    items = by_name(list(iter_inputs([archive])))

    assert items["a.xml"].data == b"<a>first</a>"
    assert items["c.xml"].data == b"<c>third</c>"
    assert items["b.xml"].code is RejectCode.MALFORMED
    assert "CRC" in (items["b.xml"].reason or "")


@pytest.mark.parametrize("suffix", [".zip", ".tar.gz", ".tar.xz"])
def test_file_that_is_not_an_archive_is_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"broken{suffix}"
    path.write_bytes(b"this is not an archive at all" * 10)

    [item] = iter_inputs([path])

    assert (item.name, item.code) == (str(path), RejectCode.MALFORMED)
    assert "damaged" in (item.reason or "")


# Tar archives


@pytest.mark.parametrize("suffix", [".tar.gz", ".tar.xz"])
def test_tar_links_devices_and_escapes_are_refused(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"batch{suffix}"
    gz = suffix == ".tar.gz"
    with tarfile.open(path, "w:gz") if gz else tarfile.open(path, "w:xz") as archive:
        add_file(archive, "good/2024-100506.xml", NOTICE)
        add_special(archive, "good", tarfile.DIRTYPE)
        add_special(archive, "passwd.xml", tarfile.SYMTYPE, "/etc/passwd")
        add_special(archive, "hard.xml", tarfile.LNKTYPE, "good/2024-100506.xml")
        add_special(archive, "tty.xml", tarfile.CHRTYPE)
        add_special(archive, "fifo.xml", tarfile.FIFOTYPE)
        add_file(archive, "../escape.xml", NOTICE)
        add_file(archive, "/etc/cron.d/absolute.xml", NOTICE)
        add_file(archive, "last.xml", NOTICE)

    items = by_name(list(iter_inputs([path])))

    assert items["good/2024-100506.xml"].data == NOTICE
    assert items["last.xml"].data == NOTICE
    for name in ["passwd.xml", "hard.xml", "tty.xml", "fifo.xml", "../escape.xml"]:
        assert items[name].code is RejectCode.UNSAFE_PATH, name
    assert items["/etc/cron.d/absolute.xml"].code is RejectCode.UNSAFE_PATH
    assert "good" not in items


def test_tar_past_its_limits_stops_with_one_refusal_for_the_rest(tmp_path: Path) -> None:
    path = tmp_path / "many.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        for n in range(5):
            add_file(archive, f"{n}.xml", NOTICE)

    items = list(iter_inputs([path], max_members=2))

    assert [item.ok for item in items] == [True, True, False, False]
    assert items[2].name == f"{path}!2.xml"
    assert items[3].name == f"{path}!*"
    assert {items[2].code, items[3].code} == {RejectCode.TOO_LARGE}
    assert "not read" in (items[3].reason or "")


def test_tar_member_over_size_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        add_file(archive, "big.xml", b"<a>" + b"x" * 5000 + b"</a>")
        add_file(archive, "small.xml", NOTICE)

    items = by_name(list(iter_inputs([path], max_bytes=1000)))

    assert items["big.xml"].code is RejectCode.TOO_LARGE
    assert items["small.xml"].data == NOTICE


def test_truncated_tar_keeps_what_was_read_before_the_damage(tmp_path: Path) -> None:
    path = tmp_path / "cut.tar.gz"
    noise = os.urandom(150_000).hex().encode()  # does not compress much
    with tarfile.open(path, "w:gz") as archive:
        add_file(archive, "first.xml", NOTICE)
        add_file(archive, "second.xml", b"<a>" + noise + b"</a>")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) * 2 // 3])

    items = list(iter_inputs([path]))

    assert (items[0].name, items[0].data) == (f"{path}!first.xml", NOTICE)
    assert (items[-1].name, items[-1].code) == (str(path), RejectCode.MALFORMED)
    assert "damaged" in (items[-1].reason or "")
    assert not any(item.ok for item in items[1:])
