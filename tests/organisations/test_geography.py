"""The reference geography that migration 0002 loads into every database."""

from __future__ import annotations

from collections import defaultdict

import pytest
from django.db.models import Sum

from kjopekraft.organisations.geography import (
    county_2024,
    load_geography,
    municipality_2024,
    organisation_name,
    single_municipality_2024,
)
from kjopekraft.organisations.models import County, Municipality, MunicipalityCode, Organisation

OFFICIAL_COUNTY_NAMES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
}


def load() -> dict[str, int]:
    return load_geography(County, Municipality, MunicipalityCode, Organisation)


@pytest.mark.django_db
def test_the_2024_structure_is_loaded() -> None:
    assert County.objects.count() == 15
    assert Municipality.objects.count() == 357
    assert dict(County.objects.values_list("number", "name")) == OFFICIAL_COUNTY_NAMES
    counts = defaultdict(int)
    for municipality in Municipality.objects.select_related("county"):
        # The first two digits of a municipality number are its county's number.
        assert municipality.number[:2] == municipality.county.number
        counts[municipality.county.number] += 1
    assert counts["46"] == 43
    assert counts["03"] == 1


@pytest.mark.django_db
def test_population_is_the_newest_year_in_the_data() -> None:
    oslo = Municipality.objects.get(number="0301")
    assert (oslo.population, oslo.population_year) == (728_714, 2026)
    assert County.objects.get(number="03").population == 728_714
    assert set(Municipality.objects.values_list("population_year", flat=True)) == {2026}
    assert set(County.objects.values_list("population_year", flat=True)) == {2026}
    # The county figures and the municipality figures come from different tables; they agree.
    for county in County.objects.annotate(total=Sum("municipalities__population")):
        assert county.population == county.total, county


@pytest.mark.django_db
def test_display_names_drop_the_parallel_names_but_keep_real_hyphens() -> None:
    names = dict(Municipality.objects.values_list("number", "name"))
    assert names["0301"] == "Oslo"  # csdata: Oslo-Oslove
    assert names["5612"] == "Kautokeino"  # csdata: Guovdageaidnu-Kautokeino
    assert names["5041"] == "Snåsa"  # csdata: Snåase-Snåsa
    assert names["5538"] == "Storfjord"  # csdata: Storfjord-Omasvuotna-Omasvuono
    assert names["4621"] == "Voss"  # csdata: Voss herad
    assert names["3226"] == "Aurskog-Høland"
    assert names["3414"] == "Nord-Odal"
    assert names["5605"] == "Sør-Varanger"
    # Made by the 2024 split of Ålesund: named as in the 2024 data.
    assert names["1508"] == "Ålesund"
    assert names["1580"] == "Haram"


@pytest.mark.django_db
def test_older_numbers_map_to_2024() -> None:
    halden = MunicipalityCode.objects.get(old_number="3001", level="municipality")
    assert (halden.new_number, halden.weight) == ("3101", 1.0)
    # 2024 numbers map to themselves, so every number in use can be looked up the same way.
    oslo = MunicipalityCode.objects.get(old_number="0301", level="municipality")
    assert (oslo.new_number, oslo.weight) == ("0301", 1.0)
    # Ålesund 2020–2023 was split in 2024.
    alesund = MunicipalityCode.objects.filter(old_number="1507", level="municipality")
    assert sorted(alesund.values_list("new_number", "weight")) == [("1508", 0.5), ("1580", 0.5)]
    # Troms og Finnmark county was split in 2024; the weights follow the population.
    troms_finnmark = dict(
        MunicipalityCode.objects.filter(old_number="54", level="county").values_list(
            "new_number", "weight"
        )
    )
    assert set(troms_finnmark) == {"55", "56"}
    assert troms_finnmark["55"] == pytest.approx(0.69, abs=0.01)


@pytest.mark.django_db
def test_the_weights_of_every_old_number_add_up_to_one() -> None:
    totals = MunicipalityCode.objects.values("level", "old_number").annotate(total=Sum("weight"))
    assert len(totals) > 800
    assert all(row["total"] == pytest.approx(1.0) for row in totals)
    new_numbers = set(
        MunicipalityCode.objects.filter(level="municipality").values_list("new_number", flat=True)
    )
    assert new_numbers == set(Municipality.objects.values_list("number", flat=True))


def test_municipality_2024_follows_renumbering_merges_and_splits() -> None:
    assert municipality_2024("3001") == [("3101", 1.0)]  # Halden, 2020–2023
    assert municipality_2024("0418") == [("3414", 1.0)]  # Nord-Odal, before 2020
    assert municipality_2024("1507") == [("1508", 0.5), ("1580", 0.5)]
    assert municipality_2024("5012") == [("5055", 0.35), ("5056", 0.35), ("5059", 0.3)]
    assert municipality_2024("301") == [("0301", 1.0)]  # a lost leading zero
    assert municipality_2024("9999") == []
    assert municipality_2024("03a1") == []
    assert municipality_2024("03011") == []
    assert single_municipality_2024("5430") == "5612"  # Kautokeino
    assert single_municipality_2024("1507") is None  # split: which one is unknown
    assert single_municipality_2024("") is None


def test_county_2024_weights_depend_on_the_year() -> None:
    # Møre og Romsdal lost part of a municipality to Trøndelag in 2020.
    in_2010 = dict(county_2024("15", 2010))
    assert set(in_2010) == {"15", "50"}
    assert in_2010["15"] == pytest.approx(0.9853, abs=1e-4)
    assert county_2024("15") == [("15", 1.0)]
    assert county_2024("15", 2024) == [("15", 1.0)]
    # A year when the number was not in use falls back on the nearest year it was.
    assert county_2024("54", 2030) == county_2024("54", 2023)
    assert dict(county_2024("54", 2030)).keys() == {"55", "56"}
    assert county_2024("3") == [("03", 1.0)]


@pytest.mark.django_db
def test_municipalities_are_organisations_except_where_the_number_is_ambiguous() -> None:
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    assert municipalities.count() == 355
    oslo = Organisation.objects.get(orgnr="958935420")
    assert (oslo.name, oslo.kind, oslo.organisation_form) == (
        "Oslo kommune",
        "municipality",
        "KOMM",
    )
    assert oslo.municipality is not None and oslo.municipality.number == "0301"
    assert oslo.county is not None and oslo.county.name == "Oslo"
    assert Organisation.objects.get(orgnr="960510542").name == "Voss herad"
    # Kautokeino was renumbered 5430 → 5612 in 2024: the organisation follows.
    assert Organisation.objects.get(orgnr="945475056").municipality.number == "5612"
    # Ålesund 2020–2023 was split into Ålesund and Haram: its number is left out.
    assert not Organisation.objects.filter(orgnr="920415288").exists()
    assert not municipalities.filter(municipality__number__in=["1508", "1580"]).exists()
    assert all(o.is_public for o in municipalities)


def test_organisation_names_use_the_registers_word_for_municipality() -> None:
    assert organisation_name("Evenes", "EVENES KOMMUNE/EVENÁ??I SUOHKAN") == "Evenes kommune"
    assert organisation_name("Ulvik", "ULVIK HERAD") == "Ulvik herad"
    assert organisation_name("Kvinnherad", "KVINNHERAD KOMMUNE") == "Kvinnherad kommune"


@pytest.mark.django_db
def test_loading_again_writes_nothing() -> None:
    counts = load()
    assert counts == {
        "counties": 15,
        "municipalities": 357,
        "codes": MunicipalityCode.objects.count(),
        "population_year": 2026,
        "organisations": 355,
        "organisations_skipped": 1,
        "written": 0,
    }


@pytest.mark.django_db
def test_loading_repairs_what_differs_and_keeps_register_names() -> None:
    Municipality.objects.filter(number="0301").update(population=1, name="Christiania")
    MunicipalityCode.objects.filter(old_number="3001").delete()
    MunicipalityCode.objects.create(old_number="0000", new_number="0301", level="municipality")
    Organisation.objects.filter(orgnr="958935420").update(name="OSLO KOMMUNE", municipality=None)

    counts = load()

    assert counts["written"] == 4
    oslo = Municipality.objects.get(number="0301")
    assert (oslo.name, oslo.population) == ("Oslo", 728_714)
    assert MunicipalityCode.objects.filter(old_number="3001", new_number="3101").exists()
    assert not MunicipalityCode.objects.filter(old_number="0000").exists()
    organisation = Organisation.objects.get(orgnr="958935420")
    assert organisation.name == "OSLO KOMMUNE"
    assert organisation.municipality == oslo
