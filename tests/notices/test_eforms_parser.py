"""The eForms parser against the real Doffin and TED notices in data/notices.

Every expected value below was read by hand from the XML file named in the test.
"""

from __future__ import annotations

import datetime as dt
import pickle
from decimal import Decimal
from pathlib import Path

import pytest

from kjopekraft.notices.model import Notice, NoticeRejected, RejectCode, Source
from kjopekraft.notices.parse import parse_notice

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"
DOFFIN = NOTICES / "doffin-eforms"
TED = NOTICES / "ted-eforms"
UTC = dt.UTC
CEST = dt.timezone(dt.timedelta(hours=2))


def parse_file(path: Path) -> Notice:
    return parse_notice(path.read_bytes(), name=str(path))


def doffin(doffin_id: str) -> Notice:
    return parse_file(DOFFIN / f"{doffin_id}.xml")


def ted(name: str) -> Notice:
    return parse_file(TED / f"{name}.xml")


def edited(path: Path, old: str, new: str, *, count: int = 1) -> bytes:
    """The notice with a piece of its text replaced, to make a case the real data lacks."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} is not in {path.name}"
    return text.replace(old, new, count).encode("utf-8")


# All notices


def test_every_real_notice_parses_with_its_identity() -> None:
    files = sorted(NOTICES.glob("*/*.xml"))
    notices = {path: parse_file(path) for path in files}

    assert len(files) == 138
    # Counted by hand from cbc:ID[@schemeName='notice-id'] and cbc:VersionID: the 108 Doffin
    # notices are all different, and two of the 30 TED files (2024-OJS072-00215550 and its
    # "-modif" copy) are the same notice version.
    assert len({notice.key for notice in notices.values()}) == 137
    assert len({n.key for p, n in notices.items() if p.parent == DOFFIN}) == 108
    assert len({n.key for p, n in notices.items() if p.parent == TED}) == 29
    for path, notice in notices.items():
        assert notice.lots, path.name
        assert notice.notice_type and notice.notice_subtype, path.name
        if path.parent == DOFFIN:
            assert notice.source is Source.DOFFIN
            assert notice.doffin_id == path.stem
        else:
            assert notice.source is Source.TED
            assert notice.ted_publication_number is not None


def test_the_edited_ted_copy_names_the_same_winner_through_another_party() -> None:
    original = ted("2024-OJS072-00215550")
    copy = ted("2024-OJS072-00215550-modif")

    assert original.key == copy.key == ("0027419f-f482-427c-9dc9-439f0f835eb3", "01")
    for notice in (original, copy):
        lot1 = notice.results[0]
        assert lot1.lot_id == "LOT-0001"
        # TEN-0033 -> TPA-0004 (TPA-0088 in the copy) -> ORG-0003; ORG-0004, NEUCA S.A., is
        # that party's subcontractor and did not win.
        assert [(w.local_id, w.name, w.country) for w in lot1.winners] == [
            ("ORG-0003", "Astrazeneca Kft.", "HUN")
        ]
        assert lot1.tender_value is not None
        assert lot1.tender_value.amount == Decimal("5797.2")


# Doffin, EU customisation


def test_doffin_result_with_weights_winner_and_received_counts() -> None:
    notice = doffin("2023-335407")

    assert notice.key == ("2023-335407", "01")
    assert notice.national is False
    assert notice.sdk_version == "eforms-sdk-1.7"
    assert (notice.notice_type, notice.form_type, notice.notice_subtype) == (
        "can-standard",
        "result",
        "29",
    )
    assert notice.language == "nob"
    assert notice.issue_date == dt.datetime(2023, 9, 28, 12, 0, tzinfo=CEST)
    assert notice.publication_date == dt.date(2023, 9, 28)
    assert notice.doffin_id == "2023-335407"
    assert notice.procedure_type == "restricted"
    assert notice.title == {"nob": "Utarbeidelse av felles kommunale sikkerhetskrav"}
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.legal_type, buyer.activity) == (
        "KS  (Kommunesektorens organisasjon)",
        "971 032 146",
        "body-pl",
        "gen-pub",
    )
    [lot] = notice.lots
    assert lot.lot_id == "LOT-0000"
    assert (lot.main_cpv, lot.additional_cpv) == ("79410000", ["79417000"])
    quality, price = lot.award_criteria
    assert (quality.type, quality.weight, quality.weight_type) == (
        "quality",
        Decimal(80),
        "per-exa",
    )
    assert quality.description == {"nob": "Kvalitet"}
    assert (price.type, price.weight, price.description) == ("price", Decimal(20), {})
    [result] = notice.results
    assert (result.lot_id, result.result_id, result.status) == ("LOT-0000", "RES-0001", "selec-w")
    [winner] = result.winners
    assert (winner.local_id, winner.name, winner.size) == ("ORG-0002", "Kons  AS", "sme")
    assert result.received == {
        "tenders": 6,
        "t-sme": 2,
        "t-oth-eea": 6,
        "t-no-eea": 0,
        "t-esubm": 6,
    }
    assert result.tender_value is not None
    assert (result.tender_value.amount, result.tender_value.currency) == (
        Decimal("2700000.00"),
        "NOK",
    )
    assert notice.total_value is not None and notice.total_value.amount == Decimal("2700000.00")
    assert [o.local_id for o in notice.organisations] == ["ORG-0001", "ORG-0002", "ORG-0003"]
    # OPP-010 holds the OJ S number of the earlier TED notice, not this notice's number.
    assert notice.ted_publication_number is None
    assert any("2021/S 124-329785" in warning for warning in notice.warnings)
    assert [(r.notice_id, r.kind) for r in notice.references] == [("2021/S 124-329785", "previous")]


def test_doffin_competition_with_norwegian_climate_criterion() -> None:
    notice = doffin("2024-104667")

    assert notice.notice_id == "cc6641dc-81f4-4acc-8878-61ef3f4272a4"
    assert notice.procedure_id == "489a6b31-47a0-46b8-9ccd-30627b7de80b"
    assert (notice.notice_type, notice.notice_subtype, notice.procedure_type) == (
        "cn-standard",
        "16",
        "open",
    )
    assert notice.issue_date == dt.datetime(2024, 3, 26, 12, 22, 48, tzinfo=UTC)
    assert notice.publication_date is None
    assert notice.title["nor"].startswith("2024/1229 Konsulentbistand innen energirådgivning")
    assert set(notice.title) == {"nor", "eng"}
    assert notice.main_cpv == "71314000"
    assert notice.additional_cpv == ["71313000", "71315210"]
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.country, buyer.legal_type) == (
        "STATSBYGG",
        "971278374",
        "NOR",
        "pub-undert-cga",
    )
    [lot] = notice.lots
    assert lot.deadline == dt.datetime(2024, 5, 6, 10, 0, tzinfo=UTC)
    assert notice.deadline == lot.deadline
    assert lot.variants == "not-allowed"
    assert lot.reserved_participation == ["none"]
    assert lot.framework_agreement == "none"
    [criterion] = lot.award_criteria
    assert criterion.type == "quality-nor-env-spec"
    assert criterion.weight is None
    assert criterion.description["nor"].startswith("Anskaffelsens ivaretagelse av FOA § 7-9:")
    assert set(criterion.description) == {"nor", "eng"}
    assert notice.warnings == []


def test_doffin_change_notice_without_lots() -> None:
    notice = doffin("2022-963627")

    # Subtype 99 is outside the eForms codelist and is kept as written.
    assert (notice.notice_subtype, notice.notice_type) == ("99", "cn-standard")
    assert notice.procedure_id == "2022-919032"
    assert [(r.notice_id, r.kind) for r in notice.references] == [("2022-919032", "change")]
    # "n.a." in OPP-010 means no publication number, and is not a warning.
    assert notice.ted_publication_number is None and notice.warnings == []
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.legal_type) == ("Tolletaten", "880 455 702", None)
    # No cac:ProcurementProjectLot: the notice gets one lot for the procedure's own subject.
    [lot] = notice.lots
    assert (lot.lot_id, lot.main_cpv) == ("LOT-0000", "73220000")
    assert lot.title == {"nob": "Konsulentoppdrag - evaluering av Tolletatens organisering"}


def test_doffin_contract_modification() -> None:
    notice = doffin("2023-101032")

    assert (notice.notice_type, notice.form_type, notice.notice_subtype) == (
        "can-modif",
        "cont-modif",
        "38",
    )
    assert notice.notice_id == "be2cd071-e143-4fc8-bc3b-7f1ec1b4141f"
    assert notice.doffin_id == "2023-101032"  # from the file name: the XML has a UUID
    assert notice.language == "nor"
    assert notice.title == {
        "nor": "Endringskunngjøring - Programvare for flyktning og voksenopplæring",
        "eng": "Amendment notice - Software for refugee and adult education.",
    }
    assert [(r.notice_id, r.kind) for r in notice.references] == [("403922-2019", "modification")]
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier) == ("Ålesund kommune", "920415288")
    [result] = notice.results
    assert result.status is None
    assert result.received == {}
    [winner] = result.winners
    assert (winner.name, winner.identifier, winner.city) == (
        "Visma Enterprise AS",
        "982 410 339",
        "Oslo",
    )
    assert result.tender_value is not None
    assert (result.tender_value.amount, result.tender_value.currency) == (Decimal(305250), "NOK")
    assert result.contract_ids == ["CON-0001"]


def test_doffin_direct_award_with_planning_reference_and_two_buyers() -> None:
    notice = doffin("2024-113575")

    assert (notice.notice_type, notice.notice_subtype, notice.procedure_type) == (
        "veat",
        "25",
        "neg-wo-call",
    )
    assert [(b.local_id, b.name, b.legal_type, b.activity) for b in notice.buyers] == [
        ("ORG-0001", "SYKEHUSINNKJØP HF", None, None),
        ("ORG-0002", "Helse Nord RHF", "body-pl", "health"),
    ]
    [lot] = notice.lots
    [reference] = lot.references
    assert (reference.notice_id, reference.part_id, reference.scope, reference.kind) == (
        "633991-2023",
        None,
        "LOT-0000",
        "planning",
    )
    assert notice.references == [reference]
    [result] = notice.results
    assert [(w.name, w.identifier) for w in result.winners] == [("Sectra Norge AS", "975 353 265")]
    assert result.tender_value is not None and result.tender_value.amount == Decimal(12_000_000)
    assert notice.total_value is not None and notice.total_value.amount == Decimal(16_000_000)


CONTRACT_LINK_111341 = """<efac:LotTender>
                <cbc:ID schemeName="tender">TEN-0001</cbc:ID>
              </efac:LotTender>
            </efac:SettledContract>"""


def test_doffin_result_names_only_the_tender_with_a_contract() -> None:
    # RES-0001 lists TEN-0001 (Iss Facility Services) and TEN-0002 (Toma AS); the settled
    # contract CON-0001 points at TEN-0001 only.
    [result] = doffin("2024-111341").results

    assert [(w.name, w.identifier) for w in result.winners] == [
        ("Iss Facility Services AS", "914791723")
    ]
    assert result.received == {"tenders": 2}


def test_result_without_any_contract_link_names_all_its_tenders() -> None:
    data = edited(DOFFIN / "2024-111341.xml", CONTRACT_LINK_111341, "</efac:SettledContract>")
    [result] = parse_notice(data).results

    assert [w.name for w in result.winners] == ["Iss Facility Services AS", "Toma AS"]


def test_result_whose_tenders_no_contract_names_has_no_winner() -> None:
    data = edited(
        DOFFIN / "2024-111341.xml",
        CONTRACT_LINK_111341,
        CONTRACT_LINK_111341.replace("TEN-0001", "TEN-0009"),
    )
    notice = parse_notice(data)

    assert notice.results[0].winners == []
    assert any("TEN-0001, TEN-0002" in warning for warning in notice.warnings)


def test_doffin_buyer_profile_notice_without_lots() -> None:
    notice = doffin("2023-100372")

    assert (notice.notice_type, notice.form_type, notice.notice_subtype) == (
        "pin-buyer",
        "planning",
        "1",
    )
    assert notice.procedure_id is None
    assert notice.procedure_key == "notice:37bbf05d-0f70-4afe-87fb-0b5b0f3e9cd6"
    assert notice.title == {
        "nor": "Digitale betalingsløsninger - straksbetaling",
        "eng": "Digital payment systems - immediate payment",
    }
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.city, buyer.legal_type, buyer.activity) == (
        "SYKEHUSINNKJØP HF",
        "916879067",
        "VADSØ",
        "pub-undert",
        "health",
    )
    [lot] = notice.lots
    assert (lot.lot_id, lot.main_cpv, lot.additional_cpv) == (
        "LOT-0000",
        "66115000",
        ["30144400", "66110000"],
    )


def test_doffin_social_objective_under_its_nonstandard_list_name() -> None:
    # Doffin wrote BT-775 with listName "social-procurement" in this notice.
    [lot] = doffin("2024-101636").lots

    assert lot.social_objective == ["other"]
    assert lot.environmental_impact == ["other"]
    assert lot.green_criteria == ["none"]


# Doffin, national customisation


def test_doffin_national_competition() -> None:
    notice = doffin("2024-104394")

    assert notice.national is True
    assert notice.customization == (
        "eforms-sdk-1.7#extended#urn:fdc:anskaffelser.no:2023:eforms:national"
    )
    assert (notice.notice_subtype, notice.legal_basis) == ("N16", "other")
    assert notice.estimated_value is not None
    assert (notice.estimated_value.amount, notice.estimated_value.currency) == (
        Decimal("5000000.00"),
        "NOK",
    )
    assert notice.deadline == dt.datetime(2024, 4, 29, 10, 0, tzinfo=UTC)
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier) == ("Øksnes Kommune", "845152012")
    [lot] = notice.lots
    assert lot.award_criteria == []
    assert lot.description == {"nor": "Carport Elvelund"}


def test_doffin_national_planning_notice_with_a_part() -> None:
    notice = doffin("2022-947105")

    assert (notice.notice_subtype, notice.notice_type, notice.national) == ("N4", "pin-only", True)
    assert notice.legal_basis == "OTHER"
    [part] = notice.lots
    assert part.lot_id == "PAR-0000"
    assert part.main_cpv == "72212451"
    assert part.additional_cpv == ["48326000", "48450000", "48451000", "72212326"]
    assert [buyer.name for buyer in notice.buyers] == ["Randaberg kommune"]


# TED


def test_ted_result_winners_come_from_contracts() -> None:
    notice = ted("2024-OJS065-00191534")

    assert notice.version == "02"
    assert notice.ted_publication_number == "191534-2024"
    assert notice.ojs_number == "65/2024"
    assert notice.publication_date == dt.date(2024, 4, 2)
    assert notice.language == "fra"
    assert notice.title["nld"].startswith("OPENBARE PROCEDURE VOOR HET SCHOONMAKEN")
    by_lot = {result.lot_id: result for result in notice.results}
    assert len(by_lot) == 5
    # LOT-0001 lists tenders TEN-0001 (Belgo Facility Services) and TEN-0006 (M&G Cleaning);
    # only TEN-0001 is in a settled contract, so only its value counts.
    lot1 = by_lot["LOT-0001"]
    assert [w.name for w in lot1.winners] == ["Belgo Facility Services"]
    assert lot1.tender_value is not None
    assert (lot1.tender_value.amount, lot1.tender_value.currency) == (Decimal("8819.09"), "EUR")
    assert [w.name for w in by_lot["LOT-0002"].winners] == ["M&G CLEANING"]
    # The counts have no BT-760 type; they are kept as tenders received, with a warning.
    assert lot1.received == {"tenders": 6}
    assert any("RES-0001" in warning and "BT-760" in warning for warning in notice.warnings)
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.nuts, buyer.legal_type) == (
        "SPF Intérieur",
        "0308356862_4661",
        "BE100",
        "cga",
    )


def test_ted_planning_with_green_fields_and_group_award_criteria() -> None:
    notice = ted("2024-OJS047-00137599")

    assert (notice.notice_type, notice.notice_subtype) == ("pin-cfc-standard", "11")
    assert (notice.procedure_type, notice.legal_basis) == ("comp-dial", "other")
    assert notice.issue_date == dt.datetime(2024, 3, 4, 15, 30, 55, tzinfo=UTC)
    [buyer] = notice.buyers
    assert (buyer.name, buyer.activity, buyer.country) == ("Fountain Fuel B.V.", "gas-heat", "NLD")
    # The group GLO-0001 is not a lot.
    [lot] = notice.lots
    assert lot.lot_id == "LOT-0001"
    assert lot.environmental_impact == ["other"]
    assert lot.green_criteria == ["none"]
    assert lot.strategic_procurement == []
    # The criteria are given for GLO-0001 only; LOT-0001 is in that group.
    assert [criterion.type for criterion in lot.award_criteria] == ["price", "quality"]


def test_ted_competition_with_lots_and_weights() -> None:
    notice = ted("573534-2025")

    assert (notice.ted_publication_number, notice.ojs_number) == ("573534-2025", "168/2025")
    assert notice.language == "pol"
    assert [lot.lot_id for lot in notice.lots] == ["LOT-0001", "LOT-0002", "LOT-0003"]
    deadline = dt.datetime(2025, 10, 6, 11, 0, tzinfo=CEST)
    assert [lot.deadline for lot in notice.lots] == [deadline] * 3
    assert notice.deadline == deadline
    for lot in notice.lots:
        [criterion] = lot.award_criteria
        assert criterion.type == "price"
        assert criterion.name == {"pol": "Cena ofertowa brutto zamówienia podstawowego"}
        assert criterion.description == {"pol": "Cena 100 pkt"}
        assert (criterion.weight, criterion.weight_type) == (Decimal(100), None)
    assert [o.name for o in notice.organisations][-1] == "Publications Office of the European Union"


def test_ted_result_closed_without_winner_and_lot_planning_reference() -> None:
    notice = ted("2023-OJS167-00524889")

    assert notice.legal_basis == "32018R1046"
    assert notice.estimated_value is not None
    assert notice.estimated_value.amount == Decimal(439000)
    assert len(notice.title) == 24 and notice.title["eng"].startswith("Framework service")
    [lot] = notice.lots
    assert lot.lot_id == "LOT-0004"
    assert lot.estimated_value is not None and lot.estimated_value.amount == Decimal(76000)
    assert lot.framework_agreement == "fa-wo-rc"
    assert [(r.notice_id, r.scope, r.kind) for r in notice.references] == [
        ("290207-2023", None, "previous"),
        ("290207-2023", "LOT-0004", "planning"),
    ]
    [result] = notice.results
    assert (result.status, result.winners, result.tender_value) == ("clos-nw", [], None)


def test_ted_preliminary_market_consultation() -> None:
    notice = ted("00210184_2025")

    assert (notice.notice_type, notice.form_type, notice.notice_subtype) == (
        "pmc",
        "consultation",
        "E1",
    )
    assert notice.ted_publication_number == "210184-2025"
    assert notice.procedure_id is None
    assert notice.deadline is None
    [lot] = notice.lots
    assert lot.title == {
        "pol": "Wstępne Konsultacje Rynkowe – adaptacja budynku kotłowni na potrzeby parkingu"
    }


# Cases the real data lacks, made by editing a real notice


def test_strategic_and_innovation_codes() -> None:
    path = DOFFIN / "2024-104667.xml"
    data = edited(
        path,
        "<cac:MainCommodityClassification>",
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">'
        "inn-pur</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="strategic-procurement">'
        "env-imp</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="innovative-acquisition">'
        "mar-nov</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
        '<cac:ProcurementAdditionalType><cbc:ProcurementTypeCode listName="gpp-criteria">'
        "eu</cbc:ProcurementTypeCode></cac:ProcurementAdditionalType>"
        "<cac:MainCommodityClassification>",
        count=2,
    )
    notice = parse_notice(data)

    # The first replacement is in the procedure's project, the second in the lot's.
    [lot] = notice.lots
    assert lot.strategic_procurement == ["inn-pur", "env-imp"]
    assert lot.innovative_acquisition == ["mar-nov"]
    assert lot.green_criteria == ["eu"]


def test_notice_deadline_is_the_earliest_lot_deadline() -> None:
    data = edited(
        TED / "573534-2025.xml",
        "<cbc:EndDate>2025-10-06+02:00</cbc:EndDate>\n            <cbc:EndTime>11:00:00+02:00",
        "<cbc:EndDate>2025-09-30+02:00</cbc:EndDate>\n            <cbc:EndTime>09:30:00+01:00",
    )
    notice = parse_notice(data)

    assert notice.lots[0].deadline == dt.datetime(
        2025, 9, 30, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))
    )
    assert notice.deadline == notice.lots[0].deadline
    assert notice.lots[1].deadline == dt.datetime(2025, 10, 6, 11, 0, tzinfo=CEST)


def test_deadline_without_time_is_the_start_of_its_day() -> None:
    data = edited(TED / "573534-2025.xml", "<cbc:EndTime>11:00:00+02:00</cbc:EndTime>", "")

    assert parse_notice(data).lots[0].deadline == dt.datetime(2025, 10, 6, 0, 0, tzinfo=CEST)


def test_bad_values_become_warnings_not_failures() -> None:
    path = DOFFIN / "2023-335407.xml"
    data = edited(path, "2700000.00</cbc:TotalAmount>", "2.700.000 kr</cbc:TotalAmount>")
    data = data.replace(b"<cbc:IssueDate>2023-09-28+02:00", b"<cbc:IssueDate>28.09.2023")
    data = data.replace(b"<efbc:StatisticsNumeric>6<", b"<efbc:StatisticsNumeric>six<", 1)
    notice = parse_notice(data)

    assert notice.total_value is None
    assert notice.issue_date is None
    assert "tenders" not in notice.results[0].received
    assert notice.results[0].received["t-sme"] == 2
    assert any("BT-161" in w and "2.700.000 kr" in w for w in notice.warnings)
    assert any("BT-05" in w and "28.09.2023" in w for w in notice.warnings)
    assert any("BT-759" in w and "six" in w for w in notice.warnings)


def test_notice_without_identifier_is_refused() -> None:
    data = edited(
        DOFFIN / "2023-335407.xml",
        '<cbc:ID schemeName="notice-id">2023-335407</cbc:ID>',
        "",
    )

    with pytest.raises(NoticeRejected) as raised:
        parse_notice(data)
    assert raised.value.code is RejectCode.UNKNOWN_FORMAT
    assert "BT-701" in raised.value.reason


def test_parsed_notice_survives_pickling() -> None:
    # Notices are parsed in worker processes and sent back to the one that stores them.
    notice = doffin("2023-335407")

    assert pickle.loads(pickle.dumps(notice)) == notice  # noqa: S301 (our own bytes)


# Identity from the file name


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("2024-104394.xml", "2024-104394"),
        ("data/notices/2024-104394.XML", "2024-104394"),
        ("batch.zip!2024/2024-104394.xml", "2024-104394"),
        ("2024-104394", "2024-104394"),
        ("2024-104394 (1).xml", None),
        ("notice-2024-104394.xml", None),
        (None, None),
    ],
)
def test_doffin_id_from_file_name(name: str | None, expected: str | None) -> None:
    data = (DOFFIN / "2024-104394.xml").read_bytes()

    assert parse_notice(data, name=name).doffin_id == expected


def test_doffin_id_in_the_notice_wins_over_the_file_name() -> None:
    data = (DOFFIN / "2023-335407.xml").read_bytes()
    notice = parse_notice(data, name="2023-999999.xml")

    assert notice.doffin_id == "2023-335407"
    assert any("2023-999999" in warning for warning in notice.warnings)


def test_ted_publication_number_from_file_name_when_the_notice_has_none() -> None:
    path = TED / "537513-2025.xml"
    data = edited(path, ">00537513-2025</efbc:NoticePublicationID>", "></efbc:NoticePublicationID>")

    assert parse_notice(data).ted_publication_number is None
    assert parse_notice(data, name=str(path)).ted_publication_number == "537513-2025"
    assert parse_notice(path.read_bytes(), name="999-2024.xml").ted_publication_number == (
        "537513-2025"
    )
