"""Six small procedures whose indicators are computed by hand in test_indicators.py.

The notices are built as parsed notices and stored through the ingest's own writer; their
assessments are set by hand, so every figure can be worked out on paper:

    P1  Doffin  2023  competition (a PIN in 2022 first)  innovation  Stavanger kommune (linked)
    P2  Doffin  2023  competition                        open        Utsira kommune (linked)
    P3  TED     2024  competition                        restricted  Stockholms stad (abroad)
    P4  Doffin  2023  direct award (veat)                neg-wo-call Statens vegvesen (NUTS + town)
    P5  Doffin  2022  competition, changed in 2023       comp-dial   Vestland fylkeskommune (NUTS)
    P6  TED     2022  award only (and a modification)    open        a French buyer (abroad)
        in the legacy TED XML format
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from decimal import Decimal
from typing import Any

from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.insight.procedure_facts import all_procedures, build_facts
from kjopekraft.notices import model
from kjopekraft.notices.models import Procedure
from kjopekraft.notices.store import Item, Writer
from kjopekraft.organisations import orgnr
from kjopekraft.organisations.models import Organisation

STAVANGER = "964965226"  # Stavanger kommune: municipality 1103, 151 669 people, Rogaland (11)
UTSIRA = "964979901"  # Utsira kommune: municipality 1151, 219 people, Rogaland (11)


def valid_orgnr(start: int) -> str:
    return next(str(n) for n in range(start, start + 1000) if orgnr.is_valid(str(n)))


YOUNG_COMPANY = valid_orgnr(921_000_000)


def buyer(name: str, **fields: Any) -> model.Organisation:
    return model.Organisation(name=name, **fields)


def winner(name: str, size: str | None, identifier: str | None = None) -> model.Organisation:
    return model.Organisation(name=name, size=size, identifier=identifier, country="NOR")


def result(
    lot_id: str,
    tenders: int,
    winners: list[model.Organisation],
    value: model.Money | None = None,
) -> model.LotResult:
    return model.LotResult(
        lot_id=lot_id,
        status="selec-w",
        winners=winners,
        received={"tenders": tenders},
        tender_value=value,
    )


def notice(
    notice_id: str,
    notice_type: str,
    date: dt.date,
    *,
    procedure: str,
    source: str = "doffin",
    version: str = "01",
    legacy: bool = False,
    **fields: Any,
) -> model.Notice:
    return model.Notice(
        format=model.NoticeFormat.TED_XML if legacy else model.NoticeFormat.EFORMS,
        source=model.Source(source),
        notice_id=notice_id,
        version=version,
        notice_type=notice_type,
        publication_date=date,
        procedure_id=procedure,
        **fields,
    )


def notices() -> list[model.Notice]:
    stavanger = buyer("Stavanger kommune", identifier=STAVANGER, country="NOR", legal_type="la")
    utsira = buyer("Utsira kommune", identifier=UTSIRA, country="NOR", legal_type="la")
    stockholm = buyer("Stockholms stad", country="SWE", nuts="SE110", legal_type="la")
    vegvesen = buyer("Statens vegvesen", country="NOR", nuts="NO081", city="OSLO", legal_type="cga")
    vestland = buyer(
        "Vestland fylkeskommune", country="NOR", nuts="NO0A2", city="Lysaker", legal_type="ra"
    )
    lyon = buyer("Métropole de Lyon", country="FRA", nuts="FRK26", legal_type="body-pl")
    nok = "NOK"
    return [
        # P1: the PIN comes first, but the competition counts in the year of its contract notice.
        notice("p1-pin", "pin-only", dt.date(2022, 11, 1), procedure="P1", buyers=[stavanger]),
        notice(
            "p1-cn",
            "cn-standard",
            dt.date(2023, 3, 1),
            procedure="P1",
            procedure_type="innovation",
            buyers=[stavanger],
            main_cpv="72000000",
            estimated_value=model.Money(Decimal(1_000_000), nok),
            lots=[model.Lot("LOT-0001"), model.Lot("LOT-0002")],
        ),
        notice(
            "p1-can",
            "can-standard",
            dt.date(2023, 9, 1),
            procedure="P1",
            procedure_type="innovation",
            buyers=[stavanger],
            results=[
                result("LOT-0001", 3, [winner("Ung Robotikk AS", "small", YOUNG_COMPANY)]),
                result("LOT-0002", 1, [winner("Stor Bygg AS", "large")]),
            ],
        ),
        # P2: 1 000 000 EUR at the 2023 rate (11.4248) is 11.4 M NOK.
        notice(
            "p2-cn",
            "cn-standard",
            dt.date(2023, 5, 10),
            procedure="P2",
            procedure_type="open",
            buyers=[utsira],
            main_cpv="45000000",
            estimated_value=model.Money(Decimal(1_000_000), "EUR"),
        ),
        notice(
            "p3-cn",
            "cn-standard",
            dt.date(2024, 2, 1),
            procedure="P3",
            source="ted",
            procedure_type="restricted",
            buyers=[stockholm],
            main_cpv="33000000",
        ),
        notice(
            "p3-can",
            "can-standard",
            dt.date(2024, 6, 1),
            procedure="P3",
            source="ted",
            procedure_type="restricted",
            buyers=[stockholm],
            results=[result("LOT-0001", 5, [winner("Medicinsk AB", "medium")])],
        ),
        # P4: a direct award: its one tender is not counted, its winner is.
        notice(
            "p4-veat",
            "veat",
            dt.date(2023, 6, 1),
            procedure="P4",
            procedure_type="neg-wo-call",
            buyers=[vegvesen],
            main_cpv="60000000",
            results=[result("LOT-0001", 1, [winner("Buss AS", "large")])],
        ),
        # P5: version 02 changes the notice in 2023; the competition stays in 2022. No CPV for the
        # procedure: the lot's decides. No value for the procedure: the lots' add up to 1.3 M.
        notice(
            "p5-cn",
            "cn-standard",
            dt.date(2022, 12, 15),
            procedure="P5",
            procedure_type="comp-dial",
            buyers=[vestland],
            lots=[
                model.Lot("LOT-0001", main_cpv="79000000"),
                model.Lot("LOT-0002", main_cpv="79000000"),
            ],
        ),
        notice(
            "p5-cn",
            "cn-standard",
            dt.date(2023, 1, 10),
            procedure="P5",
            version="02",
            procedure_type="comp-dial",
            buyers=[vestland],
            lots=[
                model.Lot(
                    "LOT-0001",
                    main_cpv="79000000",
                    estimated_value=model.Money(Decimal(600_000), nok),
                ),
                model.Lot(
                    "LOT-0002",
                    main_cpv="79000000",
                    estimated_value=model.Money(Decimal(700_000), nok),
                ),
            ],
        ),
        # P6: the value is what was awarded: 50 000 EUR at the 2022 rate (10.1026), 505 130 NOK.
        notice(
            "p6-can",
            "can-standard",
            dt.date(2022, 3, 1),
            procedure="P6",
            source="ted",
            legacy=True,
            procedure_type="open",
            buyers=[lyon],
            main_cpv="50000000",
            results=[
                result(
                    "1",
                    2,
                    [winner("PME SARL", "sme"), winner("Inconnu SA", None)],
                    model.Money(Decimal(50_000), "EUR"),
                )
            ],
        ),
        # A modification repeats the award with other figures: it is not read.
        notice(
            "p6-modif",
            "can-modif",
            dt.date(2022, 8, 1),
            procedure="P6",
            source="ted",
            legacy=True,
            procedure_type="open",
            buyers=[lyon],
            results=[result("1", 9, [winner("PME SARL", "large")])],
        ),
    ]


# innovation, green, social, keyword hit, market dialogue
ASSESSMENTS = {
    "P1": ("procedural", "criteria", "none", True, True),
    "P2": ("indicative", "none", "reserved", False, False),
    "P3": ("none", "text", "none", True, False),
    "P4": ("none", "none", "none", False, False),
    "P5": ("procedural", "declared", "declared", False, True),
    "P6": ("none", "none", "none", False, False),
}


def store(parsed: list[model.Notice]) -> None:
    writer = Writer()
    for item in parsed:
        raw = f"{item.notice_id}@{item.version}".encode()
        sha = hashlib.sha256(raw).hexdigest()
        writer.write([Item(item, sha, zlib.compress(raw), len(raw), f"fixture/{sha[:8]}.xml")])


def assess(levels: dict[str, tuple[str, str, str, bool, bool]]) -> None:
    for key, (innovation, green, social, keyword, dialogue) in levels.items():
        ProcedureAssessment.objects.update_or_create(
            procedure=Procedure.objects.get(key=key),
            defaults={
                "version": "fixture",
                "innovation": innovation,
                "green": green,
                "social": social,
                "keyword_hit": keyword,
                "market_dialogue": dialogue,
                "document": {},
            },
        )


def load() -> None:
    """Store the six procedures, assess them, found the young winner, build the facts."""
    store(notices())
    assess(ASSESSMENTS)
    # Founded 1 January 2020: 3 years and 8 months old at the award on 1 September 2023.
    Organisation.objects.filter(orgnr=YOUNG_COMPANY).update(founding_date=dt.date(2020, 1, 1))
    build_facts(all_procedures())
