"""`kjopekraft import-orgs`: the Central Coordinating Register's formats, on its own samples."""

from __future__ import annotations

import copy
import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from kjopekraft.organisations import orgnr
from kjopekraft.organisations.brreg import import_file, import_units, kind_for, website
from kjopekraft.organisations.models import Organisation

FIXTURES = Path(__file__).parent / "fixtures" / "brreg"
UNIT_FILES = [
    "enheter-details-response.json",
    "enheter-details-deleted-response.json",
    "enheter-search-response.json",
    "enheter-search-page1-response.json",
    "enheter-search-page2-response.json",
    "underenheter-details-response.json",
    "underenheter-details-deleted-response.json",
    "underenheter-search-response.json",
]
VALID = {"976030788", "971497017", "988879134"}
ROOT = Path(__file__).resolve().parents[2]


def valid_numbers(count: int) -> list[str]:
    numbers = []
    for first_eight in range(91_000_000, 92_000_000):
        digit = orgnr.check_digit(str(first_eight))
        if digit is not None:
            numbers.append(f"{first_eight}{digit}")
            if len(numbers) == count:
                return numbers
    raise AssertionError("not enough numbers")


# Valid numbers of no real organisation in the database.
FRESH = valid_numbers(5)


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # The rejection reasons are compared as written in the code.
    with translation.override("en"):
        yield


def sample(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def sample_units() -> list[Any]:
    """Every unit in the samples, as the bulk download would list them."""
    units: list[Any] = []
    for name in UNIT_FILES:
        document = sample(name)
        embedded = document.get("_embedded")
        if embedded:
            units += embedded.get("enheter", []) + embedded.get("underenheter", [])
        else:
            units.append(document)
    return units


def write_json(path: Path, data: Any, *, compress: bool = False) -> Path:
    raw = json.dumps(data).encode()
    path.write_bytes(gzip.compress(raw) if compress else raw)
    return path


def unit(number: str, **changes: Any) -> dict[str, Any]:
    """The sample company with another number and any fields changed."""
    result = copy.deepcopy(sample("enheter-details-response.json"))
    result["organisasjonsnummer"] = number
    result.update(changes)
    return result


def run(*args: str) -> tuple[int, str]:
    """Run the command as a user would; the exit status and what it printed on stdout."""
    stdout = io.StringIO()
    try:
        call_command("import_orgs", *args, stdout=stdout, stderr=io.StringIO())
    except CommandError as exc:
        return exc.returncode, stdout.getvalue()
    return 0, stdout.getvalue()


@pytest.fixture
def bulk_file(tmp_path: Path) -> Path:
    return write_json(tmp_path / "enheter_alle.json.gz", sample_units(), compress=True)


@pytest.mark.django_db
def test_the_samples_import_the_valid_units_and_reject_the_rest_with_reasons(
    bulk_file: Path,
) -> None:
    result = import_file(bulk_file)

    assert (result.seen, result.created, result.updated, result.unchanged) == (9, 3, 0, 0)
    assert set(Organisation.objects.filter(orgnr__in=VALID).values_list("orgnr", flat=True)) == (
        VALID
    )
    reasons = {r.orgnr: r.reason for r in result.rejected}
    assert len(result.rejected) == 6
    assert reasons["123456789"] == "invalid organisation number: must start with 8 or 9"
    assert reasons["987123456"] == (
        "invalid organisation number: check digit does not match (MOD11)"
    )
    assert {r.name for r in result.rejected} >= {"SESAM STASJON", "TRYLLEBUTIKKEN SESAM"}
    assert not Organisation.objects.filter(name__startswith="SESAM STASJON").exists()


@pytest.mark.django_db
def test_register_fields_are_mapped(bulk_file: Path) -> None:
    before = dt.datetime.now(tz=dt.UTC)
    import_file(bulk_file)

    restaurant = Organisation.objects.get(orgnr="976030788")
    assert restaurant.name == "SESAM AS"
    assert restaurant.kind == Organisation.Kind.COMPANY
    assert restaurant.organisation_form == "AS"
    assert restaurant.municipality is not None and restaurant.municipality.number == "5001"
    assert restaurant.county is not None and restaurant.county.name == "Trøndelag"
    assert restaurant.founding_date == dt.date(1995, 12, 12)
    assert restaurant.nace_code == "56.101"
    assert restaurant.website == ""
    assert restaurant.country == "NO"
    assert restaurant.registry_updated is not None and restaurant.registry_updated >= before
    assert not restaurant.is_public

    kindergarten = Organisation.objects.get(orgnr="971497017")
    assert kindergarten.kind == Organisation.Kind.ASSOCIATION
    assert kindergarten.municipality.name == "Oslo"

    film_club = Organisation.objects.get(orgnr="988879134")
    assert film_club.website == "https://www.sesam.filmklubb.blogspot.com"
    assert film_club.municipality.number == "3101"  # Halden, numbered as in 2024


@pytest.mark.django_db
def test_a_second_import_changes_nothing(bulk_file: Path) -> None:
    import_file(bulk_file)
    stamps = dict(Organisation.objects.values_list("orgnr", "updated"))

    again = import_file(bulk_file)

    assert (again.seen, again.created, again.updated, again.unchanged) == (9, 0, 0, 3)
    assert len(again.rejected) == 6
    assert dict(Organisation.objects.values_list("orgnr", "updated")) == stamps


@pytest.mark.django_db
def test_a_changed_unit_is_updated(tmp_path: Path) -> None:
    path = write_json(tmp_path / "one.json", unit("974760673"))
    import_file(path)
    write_json(path, unit("974760673", navn="SESAM STASJON NY", hjemmeside="sesam.no"))

    result = import_file(path)

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    organisation = Organisation.objects.get(orgnr="974760673")
    assert (organisation.name, organisation.website) == ("SESAM STASJON NY", "https://sesam.no")


@pytest.mark.django_db
def test_the_register_completes_an_organisation_known_from_notices() -> None:
    known = Organisation.objects.create(orgnr="974760673", name="Sesam Stasjon")

    result = import_units([unit("974760673")])

    assert result.updated == 1
    known.refresh_from_db()
    assert (known.name, known.kind, known.organisation_form) == ("SESAM STASJON", "company", "AS")
    assert known.municipality.number == "0301"


@pytest.mark.django_db
def test_every_format_is_read(tmp_path: Path) -> None:
    # One unit (the API's /enheter/{orgnr}), a search page, and the bulk array.
    assert import_file(write_json(tmp_path / "a.json", unit("974760673"))).created == 1
    page = sample("enheter-search-page1-response.json")
    assert import_file(write_json(tmp_path / "b.json", page)).created == 2
    bulk = [unit(FRESH[0]), unit(FRESH[1])]
    assert import_file(write_json(tmp_path / "c.json.gz", bulk, compress=True)).seen == 2
    for empty in ("enheter-search-empty-response.json", "underenheter-search-empty-response.json"):
        result = import_file(FIXTURES / empty)
        assert (result.seen, result.error) == (0, None)
    assert import_file(write_json(tmp_path / "d.json", [])).seen == 0


@pytest.mark.django_db
def test_deleted_units_are_not_created_and_existing_ones_are_left_alone() -> None:
    deleted = sample("enheter-details-deleted-response.json")
    deleted["organisasjonsnummer"] = "974760673"
    Organisation.objects.create(orgnr="974760673", name="Sesam i notices")

    result = import_units([deleted, {**deleted, "organisasjonsnummer": "964965226"}])

    assert [r.reason for r in result.rejected] == ["deleted from the register on 2017-10-20"] * 2
    assert Organisation.objects.get(orgnr="974760673").name == "Sesam i notices"
    assert Organisation.objects.get(orgnr="964965226").name == "Stavanger kommune"


@pytest.mark.django_db
def test_bankrupt_units_are_imported() -> None:
    result = import_units([unit("974760673", konkurs=True, konkursdato="2020-01-01")])
    assert result.created == 1


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        ("KOMM", "municipality"),
        ("FYLK", "county"),
        ("STAT", "state"),
        ("ORGL", "state"),
        ("SF", "public-enterprise"),
        ("HF", "public-enterprise"),
        ("KF", "public-enterprise"),
        ("FKF", "public-enterprise"),
        ("IKS", "public-enterprise"),
        ("AS", "company"),
        ("ASA", "company"),
        ("ENK", "company"),
        ("NUF", "company"),
        ("SA", "company"),
        ("STI", "foundation"),
        ("FLI", "association"),
        ("BEDR", "other"),
        ("UTBG", "other"),
        ("", "other"),
    ],
)
def test_organisation_forms_decide_the_kind(form: str, kind: str) -> None:
    assert kind_for(form) == kind


@pytest.mark.django_db
def test_sub_units_take_the_kind_of_the_unit_above_them() -> None:
    school = copy.deepcopy(sample("underenheter-details-response.json"))
    school.update(organisasjonsnummer="974760673", overordnetEnhet="958935420")  # Oslo kommune
    agency = unit(FRESH[0], organisasjonsform={"kode": "ORGL"})
    orphan = {**school, "organisasjonsnummer": "971497017", "overordnetEnhet": "999999999"}
    # The parent of this one comes earlier in the same file.
    shop = {**school, "organisasjonsnummer": "988879134", "overordnetEnhet": "976030788"}
    company = unit("976030788")

    import_units([school, orphan, company, shop, agency])

    kinds = dict(Organisation.objects.values_list("orgnr", "kind"))
    assert kinds["974760673"] == "municipality"
    assert kinds["971497017"] == "other"
    assert kinds["988879134"] == "company"
    # An organisational unit with no unit above it is taken to be part of the state.
    assert kinds[FRESH[0]] == "state"
    assert Organisation.objects.get(orgnr="974760673").organisation_form == "BEDR"


@pytest.mark.django_db
def test_addresses_with_old_municipality_numbers() -> None:
    nord_odal = unit("974760673")
    nord_odal["forretningsadresse"]["kommunenummer"] = "0418"
    alesund = unit(FRESH[0])
    alesund["forretningsadresse"]["kommunenummer"] = "1507"
    abroad = unit("971497017", forretningsadresse={"landkode": "se", "land": "Sverige"})
    del abroad["postadresse"]
    location = sample("underenheter-search-response.json")["_embedded"]["underenheter"][0]
    location = {**location, "organisasjonsnummer": "988879134"}

    import_units([nord_odal, alesund, abroad, location])

    by_number = {o.orgnr: o for o in Organisation.objects.select_related("municipality")}
    assert by_number["974760673"].municipality.name == "Nord-Odal"
    # Ålesund was split in 2024: which part the address is in cannot be told from the number.
    assert by_number[FRESH[0]].municipality is None
    assert (by_number["971497017"].country, by_number["971497017"].municipality) == ("SE", None)
    # A sub-unit is placed by its location address.
    assert by_number["988879134"].municipality.number == "3414"


@pytest.mark.parametrize(
    ("register", "url"),
    [
        ("www.sesam.no", "https://www.sesam.no"),
        ("http://sesam.no/om", "http://sesam.no/om"),
        ("HTTPS://SESAM.NO", "HTTPS://SESAM.NO"),
        ("  sesam.no ", "https://sesam.no"),
        ("ikke en adresse", ""),
        ("ftp://sesam.no", ""),
        ("", ""),
        (None, ""),
        ("www." + "a" * 250 + ".no", ""),
    ],
)
def test_websites(register: Any, url: str) -> None:
    assert website(register) == url


@pytest.mark.django_db
def test_a_bad_unit_does_not_cost_the_good_ones(tmp_path: Path) -> None:
    units = [
        unit("974760673"),
        42,
        unit(FRESH[0], navn="X" * 301),
        unit("971497017", navn="   "),
        {"navn": "UTEN NUMMER"},
        unit("988879134", stiftelsesdato="1995-13-45"),
    ]
    result = import_file(write_json(tmp_path / "mixed.json", units), batch_size=2)

    assert (result.seen, result.created) == (6, 2)
    assert [r.reason for r in result.rejected] == [
        "not a register unit (a JSON object was expected)",
        "the name is longer than 300 characters",
        "no name",
        "invalid organisation number: empty",
    ]
    assert result.rejected[3].name == "UTEN NUMMER"
    # A malformed founding date is left out rather than losing the organisation.
    assert Organisation.objects.get(orgnr="988879134").founding_date is None


@pytest.mark.django_db
def test_a_truncated_file_keeps_what_came_before_the_break(tmp_path: Path) -> None:
    raw = json.dumps([unit("974760673"), unit("971497017"), unit("988879134")]).encode()
    path = tmp_path / "cut.json"
    path.write_bytes(raw[: raw.rindex(b"988879134") + 5])

    result = import_file(path, batch_size=1)

    assert result.error is not None and "cut short" in result.error
    assert result.seen == 2
    assert set(Organisation.objects.filter(orgnr__in=VALID).values_list("orgnr", flat=True)) == {
        "971497017"
    }
    assert Organisation.objects.filter(orgnr="974760673").exists()


@pytest.mark.django_db
def test_a_cut_gzipped_bulk_file_keeps_the_units_before_the_break(tmp_path: Path) -> None:
    numbers = valid_numbers(2000)
    raw = gzip.compress(json.dumps([unit(number) for number in numbers]).encode())
    path = tmp_path / "enheter_alle.json.gz"
    path.write_bytes(raw[: len(raw) * 3 // 4])

    result = import_file(path, batch_size=100)

    assert result.error is not None and "cut short" in result.error
    assert 0 < result.created < 2000
    assert result.created == result.seen
    saved = Organisation.objects.filter(orgnr__in=numbers)
    assert set(saved.values_list("orgnr", flat=True)) == set(numbers[: result.created])


@pytest.mark.django_db
def test_the_command_prints_a_summary_and_exits_1_when_units_were_rejected(
    bulk_file: Path,
) -> None:
    status, output = run(str(bulk_file))
    assert status == 1
    assert "9 units read: 3 created, 0 updated, 0 unchanged, 6 rejected." in output
    assert "rejected 987123456 SLETTET UNDERENHET AS: invalid organisation number" in output

    status, output = run(str(FIXTURES / "enheter-search-page1-response.json"))
    assert status == 0
    assert "2 units read: 0 created, 0 updated, 2 unchanged, 0 rejected." in output


@pytest.mark.django_db
def test_the_command_prints_json(bulk_file: Path) -> None:
    status, output = run(str(bulk_file), "--json")

    assert status == 1
    data = json.loads(output)
    assert set(data) == {"seen", "created", "updated", "unchanged", "rejected"}
    assert (data["seen"], data["created"], data["updated"], data["unchanged"]) == (9, 3, 0, 0)
    assert len(data["rejected"]) == 6
    assert all(set(item) == {"orgnr", "name", "reason"} for item in data["rejected"])
    assert {"orgnr": "334455660", "name": "TRYLLEBUTIKKEN SESAM"}.items() <= (
        data["rejected"][-1].items()
    )

    status, output = run(str(bulk_file), "--json")
    assert json.loads(output)["unchanged"] == 3


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(bulk_file: Path) -> None:
    count = Organisation.objects.count()

    status, output = run(str(bulk_file), "--dry-run", "--json")

    assert status == 1
    assert json.loads(output)["created"] == 3
    assert Organisation.objects.count() == count
    assert "Dry run: nothing was saved." in run(str(bulk_file), "--dry-run")[1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b'[{"organisasjonsnummer": "974760673", "navn": "SESAM AS"}, {"organ', "cut short"),
        (b"organisasjonsnummer;navn\n974760673;SESAM AS\n", "not valid JSON"),
        (b"", "not valid JSON"),
        (b"42", "single JSON value"),
        (gzip.compress(b'[{"organisasjonsnummer": "974760673"}]')[:-10], "damaged or cut short"),
    ],
)
def test_a_broken_file_exits_3_with_a_clear_message(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "broken.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as excinfo:
        call_command("import_orgs", str(path), stdout=io.StringIO())
    assert excinfo.value.returncode == 3
    assert message in str(excinfo.value)


@pytest.mark.django_db
def test_a_file_of_another_kind_exits_3() -> None:
    status, _output = run(str(FIXTURES / "enheter-roller-enhet-response.json"))
    assert status == 3


@pytest.mark.django_db
def test_the_units_before_a_break_are_kept_by_the_command(tmp_path: Path) -> None:
    path = tmp_path / "cut.json"
    path.write_bytes(b'[{"organisasjonsnummer": "974760673", "navn": "SESAM AS"}, {"orga')
    status, output = run(str(path), "--json")
    assert status == 3
    assert json.loads(output)["created"] == 1
    assert Organisation.objects.get(orgnr="974760673").name == "SESAM AS"


@pytest.mark.django_db
def test_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    assert run(str(tmp_path / "nowhere.json"))[0] == 2
    assert run(str(tmp_path))[0] == 2


def test_the_console_script(tmp_path: Path) -> None:
    """Once through `kjopekraft import-orgs`, on a database of its own."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"}
    script = Path(sys.executable).parent / "kjopekraft"
    subprocess.run([script, "migrate", "-v", "0"], env=env, cwd=ROOT, check=True, timeout=120)
    path = write_json(tmp_path / "enheter.json", sample_units())

    done = subprocess.run(
        [script, "import-orgs", path, "--json"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert (data["seen"], data["created"], len(data["rejected"])) == (9, 3, 6)

    helped = subprocess.run(
        [script, "import-orgs", "--help"], env=env, capture_output=True, text=True, timeout=120
    )
    assert helped.returncode == 0, helped.stderr
    assert "--dry-run" in helped.stdout
    without_file = subprocess.run(
        [script, "import-orgs"], env=env, capture_output=True, text=True, timeout=120
    )
    assert without_file.returncode == 2
