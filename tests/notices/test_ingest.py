"""Ingest into the database: counts, identity, idempotence, quarantine, the command and the API."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kjopekraft.notices.ingest import ingest
from kjopekraft.notices.models import Notice, NoticeParty, Procedure, RawNotice
from kjopekraft.organisations.models import Organisation

ROOT = Path(__file__).resolve().parents[2]
NOTICES = ROOT / "data" / "notices"
DOFFIN = NOTICES / "doffin-eforms"
TED = NOTICES / "ted-eforms"
EFORMS = [DOFFIN, TED]
LEGACY = [NOTICES / "ted-legacy-sample.tar.xz", NOTICES / "ted-xml-data-converter.tar.xz"]

# 108 Doffin and 30 TED files; two of the TED files are the same notice version (BT-701, BT-757).
FILES = 138
DISTINCT_VERSIONS = 137


@pytest.fixture
def all_notices(db: None) -> Any:
    return ingest(EFORMS)


@pytest.mark.django_db
def test_all_real_notices_go_in_without_rejection(all_notices: Any) -> None:
    assert all_notices.rejected == []
    assert all_notices.seen == FILES
    assert all_notices.new + all_notices.updated + all_notices.unchanged == FILES
    assert Notice.objects.count() == DISTINCT_VERSIONS
    assert RawNotice.objects.filter(status=RawNotice.Status.PARSED).count() == FILES
    assert Notice.objects.filter(source="doffin").count() == 108
    # Every notice id has exactly one newest version.
    ids = set(Notice.objects.values_list("notice_id", flat=True))
    assert Notice.objects.latest_versions().count() == len(ids)


@pytest.mark.django_db
def test_second_ingest_changes_nothing(all_notices: Any) -> None:
    before = (Notice.objects.count(), Procedure.objects.count(), NoticeParty.objects.count())
    again = ingest(EFORMS)
    assert (again.seen, again.new, again.updated, again.unchanged) == (FILES, 0, 0, FILES)
    after = (Notice.objects.count(), Procedure.objects.count(), NoticeParty.objects.count())
    assert before == after


@pytest.mark.django_db
def test_outcome_is_the_same_whatever_the_order(tmp_path: Path) -> None:
    forward = ingest(sorted(TED.glob("*.xml")))
    winners = dict(Notice.objects.values_list("notice_id", "raw__sha256"))
    Notice.objects.all().delete()
    RawNotice.objects.all().delete()
    backward = ingest(sorted(TED.glob("*.xml"), reverse=True))
    assert dict(Notice.objects.values_list("notice_id", "raw__sha256")) == winners
    # The duplicate identity counts as an update in one order and as unchanged in the other.
    assert forward.new == backward.new == 29
    assert forward.updated + forward.unchanged == backward.updated + backward.unchanged == 1


@pytest.mark.django_db
def test_buyers_are_linked_to_organisations_by_orgnr(all_notices: Any) -> None:
    party = NoticeParty.objects.filter(role="buyer", notice__doffin_id="2022-319091").get()
    assert party.name == "Ålesund kommune"
    assert party.organisation is not None
    assert party.organisation.orgnr == "920415288"
    # The notice declares a regional authority (BT-11 "ra"); the name says municipality.
    assert party.legal_type == "ra"
    assert party.organisation.kind == Organisation.Kind.MUNICIPALITY


def _bad_inputs(folder: Path) -> dict[str, str]:
    """One file of each kind of bad input, and the code each must be rejected with."""
    good = (DOFFIN / "2022-319091.xml").read_bytes()
    cases = {
        "empty.xml": (b"", "empty"),
        "text.xml": (b"hello, not xml", "not-xml"),
        "truncated.xml": (good[: len(good) // 2], "malformed"),
        "doctype.xml": (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
            "doctype",
        ),
        "latin1.xml": (
            b'<?xml version="1.0" encoding="UTF-8"?><ContractNotice>\xe6\xf8\xe5</ContractNotice>',
            "bad-encoding",
        ),
        "unknown.xml": (b"<invoice><total>1</total></invoice>", "unknown-format"),
    }
    for name, (data, _) in cases.items():
        (folder / name).write_bytes(data)
    (folder / "good.xml").write_bytes(good)
    return {str(folder / name): code for name, (_, code) in cases.items()}


@pytest.mark.django_db
def test_bad_files_are_quarantined_and_the_good_one_goes_in(tmp_path: Path) -> None:
    expected = _bad_inputs(tmp_path)
    report = ingest([tmp_path])
    assert {item["path"]: item["code"] for item in report.rejected} == expected
    assert report.new == 1
    assert report.seen == report.new + report.updated + report.unchanged + len(report.rejected)
    quarantined = RawNotice.objects.filter(status=RawNotice.Status.REJECTED)
    assert set(quarantined.values_list("reject_code", flat=True)) >= {
        "empty",
        "not-xml",
        "malformed",
        "doctype",
        "bad-encoding",
        "unknown-format",
    }
    # The quarantined bytes are kept verbatim.
    doctype = quarantined.get(reject_code="doctype")
    assert doctype.data is not None and b"file:///etc/passwd" in doctype.data


@pytest.mark.django_db
def test_too_large_file_is_rejected_without_reading(tmp_path: Path) -> None:
    (tmp_path / "big.xml").write_bytes(b"<r>" + b"x" * 10_000 + b"</r>")
    report = ingest([tmp_path], max_bytes=1000)
    assert [r["code"] for r in report.rejected] == ["too-large"]
    assert RawNotice.objects.get(reject_code="too-large").content is None


@pytest.mark.django_db
def test_archives_with_unsafe_members(tmp_path: Path) -> None:
    good = (DOFFIN / "2022-319091.xml").read_bytes()
    archive = tmp_path / "batch.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("ok/2022-319091.xml", good)
        zf.writestr("../escape.xml", good)
        zf.writestr("/etc/absolute.xml", good)
    tar_path = tmp_path / "batch.tar.gz"
    with tarfile.open(tar_path, "w:gz") as tf:
        link = tarfile.TarInfo("link.xml")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
        member = tarfile.TarInfo("notice.xml")
        data = (TED / sorted(os.listdir(TED))[0]).read_bytes() if False else good
        member.size = len(data)
        tf.addfile(member, io.BytesIO(data))
    report = ingest([archive, tar_path])
    codes = sorted((r["path"].split("!")[1], r["code"]) for r in report.rejected)
    assert codes == [
        ("../escape.xml", "unsafe-path"),
        ("/etc/absolute.xml", "unsafe-path"),
        ("link.xml", "unsafe-path"),
    ]
    assert report.new == 1
    assert report.unchanged == 1  # the same notice again from the tar
    assert Notice.objects.count() == 1


@pytest.mark.django_db
def test_ingest_command_json_and_exit_status(tmp_path: Path, capsys: Any) -> None:
    shutil.copy(DOFFIN / "2022-319091.xml", tmp_path / "2022-319091.xml")
    (tmp_path / "empty.xml").write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        call_command("ingest", str(tmp_path), "--json")
    assert exit_info.value.code == 1
    out = json.loads(capsys.readouterr().out)
    assert out["seen"] == 2 and out["new"] == 1
    assert out["rejected"] == [
        {"path": str(tmp_path / "empty.xml"), "code": "empty", "error": out["rejected"][0]["error"]}
    ]
    assert out["rejected"][0]["error"]
    (tmp_path / "empty.xml").unlink()
    call_command("ingest", str(tmp_path), "--json")  # nothing rejected: no SystemExit
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1


@pytest.mark.django_db
def test_ingest_command_usage_error(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command("ingest", str(tmp_path / "missing.xml"))
    assert error.value.returncode == 2


@pytest.mark.django_db
def test_parallel_workers_give_the_same_result() -> None:
    report = ingest(EFORMS, workers=2)
    assert report.rejected == []
    assert Notice.objects.count() == DISTINCT_VERSIONS


@pytest.mark.django_db
def test_notice_show_by_every_kind_of_id(all_notices: Any, capsys: Any) -> None:
    notice = Notice.objects.get(doffin_id="2022-319091")
    for ident in [notice.notice_id, f"{notice.notice_id}@{notice.version}", "2022-319091"]:
        call_command("notice", "show", ident, "--json")
        doc = json.loads(capsys.readouterr().out)
        assert doc["id"] == notice.notice_id
        assert "2022-319091" in doc["aliases"]
        for key in [
            "version", "source", "notice_type", "notice_subtype", "publication_date", "procedure",
            "title", "description", "buyers", "main_cpv", "additional_cpv", "estimated_value",
            "deadline", "lots", "results",
        ]:  # fmt: skip
            assert key in doc
    with pytest.raises(SystemExit) as exit_info:
        call_command("notice", "show", "does-not-exist")
    assert exit_info.value.code == 1


@pytest.mark.django_db
def test_api_list_and_detail(all_notices: Any, client: Client) -> None:
    page = client.get("/api/notices/?page_size=50").json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == Notice.objects.latest_versions().count()
    assert len(page["results"]) == 50
    assert page["next"].endswith("page=2&page_size=50")
    detail = client.get("/api/notices/2022-319091")
    assert detail.status_code == 200
    assert detail.json()["doffin_id"] == "2022-319091"
    assert client.get("/api/notices/unknown-id").status_code == 404
    assert client.get("/api/notices/?source=ted").json()["count"] == 29
    bad_page = client.get("/api/notices/?page=9999")
    assert bad_page.status_code == 404


@pytest.mark.django_db
def test_openapi_documents_the_notices_api(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    assert "/api/notices/" in schema["paths"]
    assert "/api/notices/{ident}" in schema["paths"]
    assert "Notice" in schema["components"]["schemas"]


def test_kill_and_rerun_stores_every_notice_once(tmp_path: Path) -> None:
    """kill -9 in the middle of an ingest, then ingest again: each notice exactly once."""
    env = {**os.environ, "KJOPEKRAFT_VAR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)  # a file database of its own, whatever the suite runs on
    kj = [sys.executable, "-m", "kjopekraft.core.cli"]
    subprocess.run([*kj, "migrate", "-v", "0"], env=env, check=True, timeout=300)
    process = subprocess.Popen(
        [*kj, "ingest", *map(str, EFORMS), "--json", "--batch-size", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    database = tmp_path / "var" / "kjopekraft.sqlite3"
    deadline = time.monotonic() + 60
    import sqlite3

    stored = 0
    while time.monotonic() < deadline and process.poll() is None:
        with sqlite3.connect(database, timeout=30) as con:
            stored = con.execute("SELECT count(*) FROM notices_rawnotice").fetchone()[0]
        if stored >= 10:
            break
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert 0 < stored < FILES, "the ingest should have been stopped part-way"
    result = subprocess.run(
        [*kj, "ingest", *map(str, EFORMS), "--json"], env=env, capture_output=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["seen"] == FILES
    with sqlite3.connect(database) as con:
        notices = con.execute("SELECT count(*) FROM notices_notice").fetchone()[0]
        distinct = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT notice_id, version FROM notices_notice)"
        ).fetchone()[0]
        raw = con.execute("SELECT count(*) FROM notices_rawnotice").fetchone()[0]
    assert notices == distinct == DISTINCT_VERSIONS
    assert raw == FILES


@pytest.mark.django_db
def test_every_legacy_ted_notice_goes_in_without_rejection() -> None:
    """The 3,464 notices of the stratified legacy sample and the 78 chosen for conversion tests."""
    report = ingest(LEGACY, workers=2)
    assert report.rejected == []
    assert report.seen == 3464 + 78
    legacy = Notice.objects.filter(format="ted-xml")
    # Some files are edited copies of the same notice: 3,457 distinct in the sample.
    assert legacy.count() == len(set(legacy.values_list("notice_id", flat=True)))
    assert legacy.count() >= 3457
    assert not Notice.objects.filter(format="ted-xml", source="doffin").exists()
