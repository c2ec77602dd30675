"""Open-data exports: OCDS valid against the profile's schema, CSV back to the same data,
Parquet readable with its licence, and the download from the browser."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
import pyarrow.parquet as pq
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from referencing import Registry, Resource

from kjopekraft.browse import exports
from kjopekraft.browse.filters import Filters
from kjopekraft.browse.models import BrowsableNotice
from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.notices import ocds
from kjopekraft.notices.models import Notice

pytestmark = pytest.mark.django_db

NLOD = "https://data.norge.no/nlod/no/2.0"


def _format_checker() -> jsonschema.FormatChecker:
    """Draft 4's checker with the two formats the schemas use and jsonschema checks only with
    optional packages: RFC 3339 date-times (with an offset) and absolute URIs."""
    checker = jsonschema.FormatChecker()

    @checker.checks("date-time", raises=ValueError)
    def date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parsed = dt.datetime.fromisoformat(value)
        return "T" in value and parsed.tzinfo is not None

    @checker.checks("uri", raises=ValueError)
    def uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return bool(parts.scheme and (parts.netloc or parts.path))

    return checker


def validators() -> tuple[jsonschema.Draft4Validator, jsonschema.Draft4Validator]:
    release_schema = ocds.schema("release-schema.json")
    package_schema = ocds.schema("release-package-schema.json")
    assert release_schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    registry = Registry().with_resource(
        release_schema["id"], Resource.from_contents(release_schema)
    )
    checker = _format_checker()
    return (
        jsonschema.Draft4Validator(package_schema, registry=registry, format_checker=checker),
        jsonschema.Draft4Validator(release_schema, format_checker=checker),
    )


def export(tmp_path: Path, kind: str, *args: str) -> Path:
    out = tmp_path / kind
    call_command("export", kind, str(out), *args)
    return out


def test_every_ocds_release_is_valid_against_the_profile(
    notices: Any, tmp_path: Path, capsys: Any
) -> None:
    out = export(tmp_path, "ocds")
    package_validator, release_validator = validators()
    releases = []
    for source, licence in (("doffin", NLOD), ("ted", exports.LICENCES["ted"].url)):
        package = json.loads((out / "ocds" / f"{source}.json").read_text(encoding="utf-8"))
        assert package["license"] == licence
        errors = [e.message for e in package_validator.iter_errors(package)]
        assert errors == [], errors[:3]
        releases += package["releases"]

    assert len(releases) == Notice.objects.filter(is_latest=True).count()
    for release in releases:
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in release_validator.iter_errors(release)
        ]
        assert errors == [], (release["id"], errors[:3])

    # The mapping carries what matters: the ocid per procedure, the buyer, lots and winners.
    by_id = {r["id"]: r for r in releases}
    notice = Notice.objects.get(doffin_id="2023-673152")
    release = by_id[f"{notice.notice_id}-{notice.version}"]
    assert release["ocid"].endswith(notice.procedure.key)
    assert release["buyer"]["name"] == "Viken fylkeskommune"
    assert release["tender"]["items"][0]["classification"] == {"scheme": "CPV", "id": "73220000"}
    assert release["tag"] == ["planning"]
    assert release["language"] == "nb"
    assert {p["id"] for p in release["parties"]} == {"NO-BRC-921693230"}
    with_winners = [r for r in releases if any(a.get("suppliers") for a in r.get("awards", []))]
    assert with_winners
    supplier_ids = {p["id"] for r in with_winners for p in r["parties"] if "supplier" in p["roles"]}
    assert supplier_ids

    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "NLOD" in readme
    assert "2011/833/EU" in readme
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["files"]["releases"] == len(releases)
    assert "note" in metadata  # the legacy sample is in the export


def test_csv_round_trip(notices: Any, tmp_path: Path) -> None:
    out = export(tmp_path, "csv", "--source", "doffin", "--source", "ted")
    with (out / "notices.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    expected = Notice.objects.filter(is_latest=True, format="eforms")
    assert {r["notice_id"] for r in rows} == set(expected.values_list("notice_id", flat=True))
    for row in rows:
        notice = expected.get(notice_id=row["notice_id"])
        assert row["version"] == notice.version
        assert row["procedure_key"] == notice.procedure.key
        assert row["publication_date"] == (
            notice.publication_date.isoformat() if notice.publication_date else ""
        )
        assert row["title"] == (notice.title.get("nob") or notice.title.get("nor") or row["title"])
        if notice.estimated_value is not None:
            assert Decimal(row["estimated_value"]) == notice.estimated_value
        if notice.deadline is not None:
            assert dt.datetime.fromisoformat(row["deadline"]) == notice.deadline
        assert row["licence"] == exports.LICENCES[notice.source].name

    with (out / "lots.csv").open(encoding="utf-8", newline="") as handle:
        lots = list(csv.DictReader(handle))
    assert len(lots) == sum(len(n.document["lots"]) for n in expected)
    criteria = [json.loads(lot["award_criteria"]) for lot in lots]
    assert any(criteria)

    with (out / "results.csv").open(encoding="utf-8", newline="") as handle:
        results = list(csv.DictReader(handle))
    assert len(results) == sum(len(n.document["results"]) for n in expected)

    with (out / "assessments.csv").open(encoding="utf-8", newline="") as handle:
        assessments = {r["procedure_key"]: r for r in csv.DictReader(handle)}
    for row in ProcedureAssessment.objects.filter(procedure__notices__in=expected).distinct():
        written = assessments[row.procedure.key]
        assert (written["innovation"], written["green"], written["social"]) == (
            row.innovation,
            row.green,
            row.social,
        )
        assert written["keyword_hit"] == ("true" if row.keyword_hit else "false")

    with (out / "procedures.csv").open(encoding="utf-8", newline="") as handle:
        procedures = list(csv.DictReader(handle))
    assert sum(int(p["notices_in_export"]) for p in procedures) == len(rows)
    metadata = json.loads((out / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["search"] == {"source": ["doffin", "ted"]}
    assert "note" not in metadata  # no legacy notice in this export
    assert {lic["applies_to"] for lic in metadata["licences"]} == {"doffin", "ted", "assessments"}


def test_parquet_is_readable_with_its_licence_and_source(notices: Any, tmp_path: Path) -> None:
    csv_out = export(tmp_path, "csv")
    out = export(tmp_path, "parquet")
    for table in exports.TABLES:
        parquet = pq.read_table(out / f"{table.name}.parquet")
        with (csv_out / f"{table.name}.csv").open(encoding="utf-8", newline="") as handle:
            csv_rows = list(csv.DictReader(handle))
        assert parquet.num_rows == len(csv_rows), table.name
        assert parquet.column_names == [c.name for c in table.columns]
        metadata = {k.decode(): v.decode() for k, v in parquet.schema.metadata.items()}
        assert metadata["table"] == table.name
        licences = json.loads(metadata["licences"])
        assert {lic["applies_to"] for lic in licences} == {"doffin", "ted", "assessments"}
        assert any(lic["url"] == NLOD for lic in licences)
        assert "Doffin" in metadata["licences"]
        assert "stratified" in metadata["note"]
    notices_table = pq.read_table(out / "notices.parquet").to_pylist()
    dates = [r["publication_date"] for r in notices_table if r["publication_date"]]
    assert all(isinstance(d, dt.date) for d in dates)


def test_export_filters_are_the_browsers(notices: Any, tmp_path: Path, capsys: Any) -> None:
    call_command(
        "export", "csv", str(tmp_path / "x.zip"), "--q", "anskaffelsene", "--year", "2022", "--json"
    )
    result = json.loads(capsys.readouterr().out)
    expected = BrowsableNotice.objects.search(Filters(q="anskaffelsene", year=(2022,))).count()
    assert result["notices"] == expected > 0
    with zipfile.ZipFile(tmp_path / "x.zip") as archive:
        rows = list(csv.DictReader(io.TextIOWrapper(archive.open("notices.csv"), "utf-8")))
        assert {"README.md", "metadata.json"} <= set(archive.namelist())
    assert len(rows) == expected

    with pytest.raises(CommandError):
        call_command("export", "csv", str(tmp_path / "y"), "--innovation", "huge")


def test_download_from_the_browser_streams_a_zip(notices: Any, client: Client) -> None:
    response = client.get("/kunngjoringer/eksport/parquet/", {"source": "doffin"})
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/zip"
    body = b"".join(response.streaming_content)
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        names = set(archive.namelist())
        assert {"README.md", "metadata.json", "notices.parquet", "lots.parquet"} <= names
        table = pq.read_table(io.BytesIO(archive.read("notices.parquet")))
        assert table.num_rows == Notice.objects.filter(is_latest=True, source="doffin").count()
        readme = archive.read("README.md").decode()
        assert "NLOD" in readme
        assert "2011/833/EU" not in readme  # only Doffin data in this download

    response = client.get("/kunngjoringer/eksport/ocds/", {"q": "anskaffelsene"})
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as archive:
        package = json.loads(archive.read("ocds/doffin.json"))
        package_validator, _ = validators()
        assert list(package_validator.iter_errors(package)) == []


def test_a_download_too_large_or_too_often_is_refused(
    notices: Any, client: Client, monkeypatch: Any
) -> None:
    cache.clear()
    monkeypatch.setattr(exports, "WEB_MAX_NOTICES", 10)
    assert client.get("/kunngjoringer/eksport/csv/").status_code == 400
    assert client.get("/kunngjoringer/eksport/csv/", {"cpv": "x"}).status_code == 400
    assert client.get("/kunngjoringer/eksport/xlsx/").status_code == 404

    monkeypatch.setattr(exports, "WEB_PER_HOUR", 2)
    assert client.get("/kunngjoringer/eksport/csv/").status_code == 429
