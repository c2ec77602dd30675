"""Where a buyer is: its county and municipality in the 2024 structure, and the size band.

Pure Python. The indicators break figures down by the buyer's county and by the population of
its municipality; this module holds the rules that do not need the database:

- a NUTS 3 code names a Norwegian county in one of the NUTS versions that notices use (2013,
  2016, 2021 and 2024); :data:`NUTS3_COUNTY` gives the 2024 county that holds the region. A
  region that was split between several 2024 counties (Viken, Vestfold og Telemark, Troms og
  Finnmark in NUTS 2021) says nothing certain and gives no county. A NUTS 3 code never names a
  municipality;
- a municipality falls in a size band by its population on 1 January of the newest year in the
  reference data, on 2024 borders (:func:`municipality_size`).
"""

from __future__ import annotations

UNKNOWN = "unknown"
ABROAD = "abroad"

NORWAY = frozenset({"NO", "NOR"})

# NUTS 3 code → 2024 county number. Codes from every NUTS version seen in notices; where a region
# lost or gained a few municipalities at a later reform, the county that holds most of it wins
# (Oppland's Jevnaker and Lunner went to Akershus, the rest to Innlandet).
NUTS3_COUNTY: dict[str, str | None] = {
    # NUTS 2013 and 2016 (the 19 counties before 2020; Trøndelag merged in 2018)
    "NO011": "03",  # Oslo
    "NO012": "32",  # Akershus
    "NO021": "34",  # Hedmark
    "NO022": "34",  # Oppland
    "NO031": "31",  # Østfold
    "NO032": "33",  # Buskerud
    "NO033": "39",  # Vestfold
    "NO034": "40",  # Telemark
    "NO041": "42",  # Aust-Agder
    "NO042": "42",  # Vest-Agder
    "NO043": "11",  # Rogaland
    "NO051": "46",  # Hordaland
    "NO052": "46",  # Sogn og Fjordane
    "NO053": "15",  # Møre og Romsdal
    "NO060": "50",  # Trøndelag
    "NO061": "50",  # Sør-Trøndelag
    "NO062": "50",  # Nord-Trøndelag
    "NO071": "18",  # Nordland
    "NO072": "55",  # Troms (2013, 2016 and again 2024)
    "NO073": "56",  # Finnmark (2013, 2016 and again 2024)
    # NUTS 2021 (the 11 counties of 2020–2023)
    "NO020": "34",  # Innlandet
    "NO074": None,  # Troms og Finnmark: split in 2024
    "NO081": "03",  # Oslo
    "NO082": None,  # Viken: split in 2024 into Østfold, Akershus and Buskerud
    "NO091": None,  # Vestfold og Telemark: split in 2024
    "NO092": "42",  # Agder
    "NO0A1": "11",  # Rogaland
    "NO0A2": "46",  # Vestland
    "NO0A3": "15",  # Møre og Romsdal
    # NUTS 2024 (the 15 counties from 2024)
    "NO083": "31",  # Østfold
    "NO084": "32",  # Akershus
    "NO085": "33",  # Buskerud
    "NO093": "39",  # Vestfold
    "NO094": "40",  # Telemark
    # Svalbard and Jan Mayen belong to no county.
    "NO0B1": None,
    "NO0B2": None,
}

# Municipality size bands by population (2024 borders), lower bound included. The two lowest
# edges are those of SSB's KOSTRA groups (small under 5 000, medium under 20 000); the largest
# band holds the big cities.
MUNICIPALITY_SIZE_BANDS: tuple[tuple[str, int], ...] = (
    ("under-5k", 0),
    ("5k-20k", 5_000),
    ("20k-100k", 20_000),
    ("100k-plus", 100_000),
)


def is_norwegian(country: str | None, nuts: str | None) -> bool:
    """A party in Norway: by its country code, or by a Norwegian NUTS code when the country is
    missing."""
    code = (country or "").strip().upper()
    if code:
        return code in NORWAY
    return (nuts or "").strip().upper().startswith("NO")


def county_from_nuts(nuts: str | None) -> str | None:
    """The 2024 county number of a Norwegian NUTS 3 code, or ``None`` when it says nothing."""
    return NUTS3_COUNTY.get((nuts or "").strip().upper())


def municipality_size(population: int | None) -> str:
    """The size band of a municipality with this population; ``unknown`` without one."""
    if population is None or population < 0:
        return UNKNOWN
    band = MUNICIPALITY_SIZE_BANDS[0][0]
    for name, lower in MUNICIPALITY_SIZE_BANDS:
        if population >= lower:
            band = name
    return band


def place_key(name: str | None) -> str:
    """A place name as compared with municipality names: case and spacing do not matter."""
    return " ".join((name or "").split()).casefold()
