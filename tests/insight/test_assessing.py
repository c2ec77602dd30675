"""Assessments stored per procedure: kept in step with every ingest, rebuilt on a new rule set."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from kjopekraft.insight.assessment import ASSESSMENT_VERSION
from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.notices.ingest import ingest
from kjopekraft.notices.models import Notice, Procedure

ROOT = Path(__file__).resolve().parents[2]
EFORMS = [ROOT / "data" / "notices" / "doffin-eforms", ROOT / "data" / "notices" / "ted-eforms"]


@pytest.fixture
def ingested(db: None) -> Any:
    return ingest(EFORMS)


@pytest.mark.django_db
def test_every_procedure_is_assessed_by_the_ingest(ingested: Any) -> None:
    assert Procedure.objects.count() > 0
    assert ProcedureAssessment.objects.count() == Procedure.objects.count()
    assert set(ProcedureAssessment.objects.values_list("version", flat=True)) == {
        ASSESSMENT_VERSION
    }


@pytest.mark.django_db
def test_a_known_procedure_gets_its_level_and_evidence(ingested: Any) -> None:
    # 2023-673152 buys R&D services (CPV 73220000) and describes development and testing work.
    notice = Notice.objects.get(doffin_id="2023-673152")
    assessment = notice.procedure.assessment
    assert assessment.innovation == "procedural"
    signals = [item["signal"] for item in assessment.document["innovation"]["evidence"]]
    assert "innovation.rd-services" in signals


@pytest.mark.django_db
def test_re_ingesting_the_same_files_does_not_reassess(ingested: Any) -> None:
    before = dict(ProcedureAssessment.objects.values_list("procedure_id", "assessed"))
    ingest(EFORMS)
    assert dict(ProcedureAssessment.objects.values_list("procedure_id", "assessed")) == before


@pytest.mark.django_db
def test_assess_picks_up_stale_rule_sets_and_all(ingested: Any, capsys: Any) -> None:
    ProcedureAssessment.objects.filter(pk__in=ProcedureAssessment.objects.values("pk")[:5]).update(
        version="2000.1", innovation="declared"
    )
    call_command("assess", "--json", "--dry-run")
    assert json.loads(capsys.readouterr().out)["selected"] == 5
    assert ProcedureAssessment.objects.filter(version="2000.1").count() == 5
    call_command("assess", "--json")
    assert json.loads(capsys.readouterr().out) == {
        "rule_set": ASSESSMENT_VERSION,
        "selected": 5,
        "assessed": 5,
    }
    assert not ProcedureAssessment.objects.filter(version="2000.1").exists()
    call_command("assess", "--all", "--json", "--workers", "2")
    result = json.loads(capsys.readouterr().out)
    assert result["selected"] == result["assessed"] == Procedure.objects.count()


@pytest.mark.django_db
def test_notice_show_and_api_include_the_explained_assessment(
    ingested: Any, client: Client, capsys: Any
) -> None:
    call_command("notice", "show", "2023-673152", "--json")
    shown = json.loads(capsys.readouterr().out)["assessment"]
    assert shown["innovation"]["level"] == "procedural"
    first = shown["innovation"]["evidence"][0]
    assert set(first["text"]) == {"nb", "nn", "en"}
    assert "forsknings- og utviklingstjenester" in first["text"]["nb"]
    api = client.get("/api/notices/2023-673152").json()["assessment"]
    assert api["innovation"] == shown["innovation"]
    assert api["rule_set"] == ASSESSMENT_VERSION


@pytest.mark.django_db
def test_a_deferred_bulk_load_is_caught_up_by_assess(capsys: Any) -> None:
    report = ingest(EFORMS, derive=False)
    assert report.new > 0
    assert ProcedureAssessment.objects.count() == 0
    call_command("assess", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result["assessed"] == Procedure.objects.count() == ProcedureAssessment.objects.count()
