"""`kjopekraft advise`, `kjopekraft load-instruments` and `GET /api/advice/`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from kjopekraft.instruments.models import Instrument

ARGS = [
    "--buyer-kind",
    "state",
    "--type",
    "goods",
    "--value",
    "1490000",
    "--exists-on-market",
    "no",
]
QUERY = {"buyer_kind": "state", "type": "goods", "value": "1490000", "exists_on_market": "no"}


def advise(*args: str, capsys: Any) -> dict[str, Any]:
    call_command("advise", "--json", *args)
    return json.loads(capsys.readouterr().out)


@pytest.mark.django_db
def test_advise_prints_the_answer_as_json(capsys: Any) -> None:
    document = advise(*ARGS, capsys=capsys)
    assert document["regulation"] == "foa"
    assert document["regime"] == "part-iii"  # exactly on the state EEA threshold
    assert document["threshold"]["period_start"] == "2024-03-14"
    assert document["threshold"]["values"]["eea_state_goods_services"] == 1_490_000
    assert document["threshold"]["source"]
    codes = [p["code"] for p in document["procedures"]]
    assert codes == ["open", "restricted", "neg-w-call", "comp-dial", "innovation", "pcp"]
    for procedure in document["procedures"]:
        assert procedure["status"] in {"allowed", "conditional", "not-allowed"}
        assert procedure["basis"] and procedure["why"]
    assert document["market_dialogue"]["basis"] == "FOA § 12-2"
    instrument = document["instruments"][0]
    assert set(instrument) == {"code", "name", "owner", "url"}
    assert instrument["url"].startswith("/virkemidler/")


@pytest.mark.django_db
def test_advise_explains_in_the_language_asked(capsys: Any) -> None:
    english = advise(*ARGS, "--language", "en", capsys=capsys)
    assert english["regime_why"].startswith("The estimated value")
    names = {i["code"]: i["name"] for i in english["instruments"]}
    assert names["innovasjonskontrakter"] == "Innovation contracts"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--buyer-kind", "state", "--type", "goods", "--value", "-1"], "--value"),
        (["--buyer-kind", "state", "--type", "goods", "--value", "mye"], "--value"),
        (["--buyer-kind", "county", "--type", "goods", "--value", "1"], "--buyer-kind"),
        (
            ["--buyer-kind", "state", "--type", "goods", "--value", "1", "--date", "2024-03-13"],
            "--date",
        ),
        (
            ["--buyer-kind", "state", "--type", "goods", "--value", "1", "--mainly-rnd", "ja"],
            "--mainly-rnd",
        ),
    ],
)
def test_advise_refuses_bad_input_with_status_2(args: list[str], field: str) -> None:
    with pytest.raises(CommandError) as error:
        call_command("advise", "--json", *args)
    assert error.value.returncode == 2
    assert str(error.value).startswith(field)


def test_advise_bad_input_exits_2_with_the_message_on_stderr(tmp_path: Path) -> None:
    """The real command line: no database is touched before the input is checked."""
    env = {**os.environ, "KJOPEKRAFT_VAR": str(tmp_path / "var")}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "kjopekraft.core.cli", "advise", "--json", "--buyer-kind", "state",
         "--type", "goods", "--value", "-5"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert "--value" in result.stderr


@pytest.mark.django_db
def test_the_api_gives_the_same_answer_as_the_command(client: Client, capsys: Any) -> None:
    response = client.get("/api/advice/", QUERY)
    assert response.status_code == 200
    assert response.json() == advise(*ARGS, capsys=capsys)


@pytest.mark.django_db
def test_the_api_speaks_the_language_asked(client: Client) -> None:
    document = client.get("/api/advice/", {**QUERY, "lang": "nn"}).json()
    assert document["language"] == "nn"
    names = {i["code"]: i["name"] for i in document["instruments"]}
    assert names["innovasjonskontrakter"] == "Innovasjonskontraktar"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({**QUERY, "value": "-1"}, {"value"}),
        ({**QUERY, "value": "abc"}, {"value"}),
        ({**QUERY, "buyer_kind": "kommune"}, {"buyer_kind"}),
        ({**QUERY, "date": "2020-01-01"}, {"date"}),
        ({"value": "1"}, {"buyer_kind", "type"}),
        ({**QUERY, "lang": "sv"}, {"lang"}),
    ],
)
def test_the_api_refuses_bad_input_with_field_errors(
    client: Client, params: dict[str, str], fields: set[str]
) -> None:
    response = client.get("/api/advice/", params)
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == fields
    assert all(isinstance(messages, list) and messages for messages in errors.values())


@pytest.mark.django_db
def test_the_openapi_document_describes_the_advice_api(client: Client) -> None:
    schema = client.get("/api/openapi.json").json()
    operation = schema["paths"]["/api/advice/"]["get"]
    parameters = {p["name"] for p in operation["parameters"]}
    assert {"buyer_kind", "type", "value", "date", "mainly_rnd", "lang"} <= parameters
    assert {"200", "400"} <= set(operation["responses"])
    assert "Advice" in schema["components"]["schemas"]


@pytest.mark.django_db
def test_load_instruments_is_idempotent_and_reports_kept_edits(capsys: Any) -> None:
    call_command("load_instruments", "--json")
    first = json.loads(capsys.readouterr().out)
    assert first["created"] == [] and first["updated"] == [] and first["unchanged"]
    Instrument.objects.filter(code="pilot-e").update(owner="Forskningsrådet")
    call_command("load_instruments", "--json", "--dry-run")
    assert json.loads(capsys.readouterr().out)["kept"] == ["pilot-e"]
    call_command("load_instruments", "--overwrite", "pilot-e")
    assert "1 overwritten" in capsys.readouterr().out
    assert (
        Instrument.objects.get(code="pilot-e").owner == "Forskningsrådet · Innovasjon Norge · Enova"
    )


@pytest.mark.django_db
def test_load_instruments_refuses_a_bad_file_and_unknown_codes(tmp_path: Path) -> None:
    bad = tmp_path / "instruments.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("load_instruments", "--file", str(bad))
    assert error.value.returncode == 2
    with pytest.raises(CommandError) as error:
        call_command("load_instruments", "--overwrite", "finnes-ikke")
    assert error.value.returncode == 2
