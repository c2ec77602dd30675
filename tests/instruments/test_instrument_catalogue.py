"""The instrument catalogue: loaded from the file, idempotent, and advisers' edits are kept."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from kjopekraft.instruments import catalogue
from kjopekraft.instruments.models import Audience, Condition, Instrument, Phase

# The instruments the issue and the white paper's chapter 11 name.
NAMED = {
    "innovasjonskontrakter",  # innovation contracts (Innovasjon Norge)
    "innovasjonspartnerskap",  # innovation partnership as a procedure
    "innovasjonspartnerskap-in",  # and as Innovasjon Norge's scheme
    "forkommersiell-anskaffelse",  # pre-commercial procurement funding (Forskningsrådet)
    "leverandorutviklingsprogrammet",  # the national supplier-development programme
    "dfo-veiledning",  # DFØ's guidance
    "program-oppstart",  # the programme for innovation purchases from startups
    "effektkontrakter",  # effect contracts and bridge financing
    "markedsplass-skytjenester",  # the cloud-services marketplace
    "anskaffelsesakademiet",
    "pilot-e",
    "testarenaer",
}


def load(**kwargs: Any) -> catalogue.LoadReport:
    return catalogue.load_catalogue(Instrument, Phase, Condition, **kwargs)


def entries() -> list[dict[str, Any]]:
    return copy.deepcopy(catalogue.read_catalogue())


def test_the_choices_in_the_loader_match_the_models() -> None:
    assert list(catalogue.PHASE_ORDER) == list(Phase.Code.values)
    assert list(catalogue.AUDIENCES) == list(Audience.values)
    assert list(catalogue.STATUSES) == list(Instrument.Status.values)
    assert list(catalogue.VERIFICATIONS) == list(Condition.Verification.values)


def test_the_file_holds_every_instrument_the_chapter_names_with_sources() -> None:
    items = catalogue.read_catalogue()
    assert {entry["code"] for entry in items} >= NAMED
    for entry in items:
        assert all(entry["name"].values()), entry["code"]
        assert entry["source"]["title"], entry["code"]
        assert entry["conditions"], f"{entry['code']} has no condition"
        for condition in entry["conditions"]:
            assert condition["source"]["title"]
            if condition["verification"] == "unchecked":
                assert all(condition["note"].values()), entry["code"]


@pytest.mark.django_db
def test_the_migration_loaded_the_catalogue_untouched() -> None:
    assert set(Instrument.objects.values_list("code", flat=True)) >= NAMED
    assert Phase.objects.count() == 7
    for instrument in Instrument.objects.all():
        assert not instrument.edited_since_load, instrument.code
    grant = Condition.objects.filter(
        instrument__code="innovasjonskontrakter", verification="unchecked"
    ).get()
    assert "50 %" in grant.text_nb
    assert grant.note_nb


@pytest.mark.django_db
def test_loading_again_changes_nothing() -> None:
    before = {i.code: (i.loaded_hash, i.loaded_at) for i in Instrument.objects.all()}
    conditions = list(Condition.objects.values_list("pk", flat=True))
    report = load()
    assert report.created == report.updated == report.conflicts == report.kept == []
    assert sorted(report.unchanged) == sorted(before)
    assert {i.code: (i.loaded_hash, i.loaded_at) for i in Instrument.objects.all()} == before
    assert list(Condition.objects.values_list("pk", flat=True)) == conditions


@pytest.mark.django_db
def test_loading_an_empty_database_creates_everything() -> None:
    Instrument.objects.all().delete()
    report = load()
    assert sorted(report.created) == sorted(e["code"] for e in catalogue.read_catalogue())
    assert load().unchanged == report.created


@pytest.mark.django_db
def test_a_changed_file_updates_an_untouched_instrument() -> None:
    items = entries()
    items[0]["summary"]["en"] = "A new description."
    report = load(entries=items)
    assert report.updated == [items[0]["code"]]
    instrument = Instrument.objects.get(code=items[0]["code"])
    assert instrument.summary_en == "A new description."
    assert not instrument.edited_since_load


@pytest.mark.django_db
def test_an_advisers_edit_is_kept_and_a_change_in_the_file_is_a_conflict() -> None:
    instrument = Instrument.objects.get(code="pilot-e")
    instrument.summary_nb = "Rettet av en rådgiver."
    instrument.save()
    assert instrument.edited_since_load

    assert load().kept == ["pilot-e"]
    instrument.refresh_from_db()
    assert instrument.summary_nb == "Rettet av en rådgiver."

    items = entries()
    pilot = next(e for e in items if e["code"] == "pilot-e")
    pilot["summary"]["nb"] = "Ny tekst i fila."
    report = load(entries=items)
    assert report.conflicts == ["pilot-e"]
    instrument.refresh_from_db()
    assert instrument.summary_nb == "Rettet av en rådgiver."

    report = load(entries=items, overwrite=["pilot-e"])
    assert report.overwritten == ["pilot-e"]
    instrument.refresh_from_db()
    assert instrument.summary_nb == "Ny tekst i fila."
    assert not instrument.edited_since_load


@pytest.mark.django_db
def test_edits_to_conditions_and_phases_count_as_edits() -> None:
    instrument = Instrument.objects.get(code="testarenaer")
    condition = instrument.conditions.get()
    condition.verification = Condition.Verification.UNCHECKED
    condition.note_nb = "Usikker."
    condition.save()
    assert instrument.edited_since_load
    condition.verification = Condition.Verification.WHITE_PAPER
    condition.note_nb = ""
    condition.save()
    assert not instrument.edited_since_load, "an undone edit makes the row untouched again"
    instrument.phases.add(Phase.objects.get(code="spreading"))
    assert load().kept == ["testarenaer"]


@pytest.mark.django_db
def test_an_instrument_added_in_the_admin_is_left_alone() -> None:
    added = Instrument.objects.create(
        code="lokal-ordning",
        name_nb="Lokal ordning",
        name_nn="Lokal ordning",
        name_en="Local scheme",
        owner="Bergen kommune",
        summary_nb="x",
        summary_nn="x",
        summary_en="x",
        audience=Audience.BUYER,
        source_title="Rådgiver",
    )
    assert added.edited_since_load
    report = load()
    assert report.not_in_file == ["lokal-ordning"]
    assert Instrument.objects.filter(code="lokal-ordning").exists()
    # The same code appearing in the file later does not overwrite the adviser's row.
    items = entries()
    items.append({**copy.deepcopy(items[0]), "code": "lokal-ordning"})
    assert load(entries=items).conflicts == ["lokal-ordning"]
    assert Instrument.objects.get(code="lokal-ordning").owner == "Bergen kommune"


@pytest.mark.django_db
def test_a_dry_run_reports_and_changes_nothing() -> None:
    Instrument.objects.filter(code="pilot-e").delete()
    report = load(dry_run=True)
    assert report.created == ["pilot-e"]
    assert not Instrument.objects.filter(code="pilot-e").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda e: e[0].update(phases=["someday"]), "phases"),
        (lambda e: e[0].update(audience="everyone"), "audience"),
        (lambda e: e[0]["name"].update(nn=""), "name is missing in nn"),
        (lambda e: e[0].update(code="Not A Slug"), "code"),
        (lambda e: e[0]["conditions"][0]["source"].update(title=""), "source is missing"),
        (
            lambda e: e[0]["conditions"][0].update(
                verification="unchecked", note={"nb": "", "nn": "", "en": ""}
            ),
            "needs a note",
        ),
    ],
)
def test_a_malformed_entry_is_refused_and_nothing_changes(change: Any, message: str) -> None:
    items = entries()
    change(items)
    with pytest.raises(catalogue.CatalogueError, match=message):
        load(entries=items)
    assert not any(i.edited_since_load for i in Instrument.objects.all())


def test_duplicate_codes_in_the_file_are_refused(tmp_path: Any) -> None:
    document = json.loads(catalogue.DATA_FILE.read_text(encoding="utf-8"))
    document["instruments"].append(document["instruments"][0])
    path = tmp_path / "instruments.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(catalogue.CatalogueError, match="duplicate"):
        catalogue.read_catalogue(path)
