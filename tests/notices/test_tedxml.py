"""The legacy TED XML parser against the real notices of data/notices/ted-legacy-sample.tar.xz.

The parser is pure, so these tests need no database. Every expected value in the tests of single
notices was read by hand from the XML of the notice the test names.
"""

from __future__ import annotations

import csv
import datetime as dt
import tarfile
import zoneinfo
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from kjopekraft.notices.model import Money, Notice, NoticeFormat, NoticeRejected, RejectCode, Source
from kjopekraft.notices.parse import parse_notice, parser_for
from kjopekraft.notices.rawxml import load_xml
from kjopekraft.notices.tedxml import is_ted_xml, parse_ted_xml
from kjopekraft.notices.tedxml.codes import language
from kjopekraft.organisations import orgnr

NOTICES = Path(__file__).resolve().parents[2] / "data" / "notices"
ARCHIVE = NOTICES / "ted-legacy-sample.tar.xz"
INDEX = NOTICES / "ted-legacy-sample.index.csv"
FOLDER = "ted-legacy-sample/"
SAMPLE_SIZE = 3464
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
WARSAW = zoneinfo.ZoneInfo("Europe/Warsaw")

# The PT_* elements the index lists, and the BT-105 code each must become (written out here,
# not taken from the parser's table).
EXPECTED_PROCEDURE_TYPES = {
    "PT_OPEN": "open",
    "PT_RESTRICTED": "restricted",
    "PT_COMPETITIVE_NEGOTIATION": "neg-w-call",
    "PT_NEGOTIATED_WITH_PRIOR_CALL": "neg-w-call",
    "PT_INVOLVING_NEGOTIATION": "neg-w-call",
    "PT_AWARD_CONTRACT_WITH_PRIOR_PUBLICATION": "neg-w-call",
    "PT_COMPETITIVE_DIALOGUE": "comp-dial",
    "PT_INNOVATION_PARTNERSHIP": "innovation",
    "PT_AWARD_CONTRACT_WITHOUT_CALL": "neg-wo-call",
    "PT_AWARD_CONTRACT_WITHOUT_PUBLICATION": "neg-wo-call",
    "PT_COMPETITIVE_TENDERING": "comp-tend",
    "PT_REQUEST_EXPRESSION_INTEREST": "exp-int-rail",
    "PT_DA_RAILWAY_TRANSPORT": "neg-wo-call",
    "PT_DA_INTERNAL_OPERATOR": "neg-wo-call",
    "PT_DA_MEDIUM_ENTERPRISE": "neg-wo-call",
    "PT_DA_SMALL_CONTRACT": "neg-wo-call",
}


@pytest.fixture(scope="module")
def sample() -> dict[str, bytes]:
    """The notices of the archive by file name."""
    with tarfile.open(ARCHIVE, "r:xz") as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        assert all(m.name.startswith(FOLDER) for m in members)
        return {
            m.name.removeprefix(FOLDER): archive.extractfile(m).read()  # type: ignore[union-attr]
            for m in members
        }


@pytest.fixture(scope="module")
def parsed(sample: dict[str, bytes]) -> dict[str, Notice]:
    return {name: parse_notice(data, name=name) for name, data in sample.items()}


@pytest.fixture(scope="module")
def index() -> dict[str, dict[str, str]]:
    with INDEX.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


def edited(data: bytes, old: str, new: str) -> bytes:
    """The notice with a piece of its text replaced in every language version, to make a case
    the real data lacks."""
    text = data.decode("utf-8")
    assert old in text, f"{old!r} is not in the notice"
    return text.replace(old, new).encode("utf-8")


# The whole sample


def test_the_archive_holds_the_whole_indexed_sample(
    sample: dict[str, bytes], index: dict[str, dict[str, str]]
) -> None:
    assert len(sample) == SAMPLE_SIZE
    assert set(sample) == set(index)
    with tarfile.open(ARCHIVE, "r:xz") as archive:
        names = archive.getnames()
    assert names == sorted(names)


def test_every_sample_notice_parses_into_the_same_model(
    parsed: dict[str, Notice], index: dict[str, dict[str, str]]
) -> None:
    for name, notice in parsed.items():
        row = index[name]
        assert (notice.format, notice.source, notice.version) == (
            NoticeFormat.TED_XML,
            Source.TED,
            "01",
        )
        # DOC_ID without its leading zeros: 028362-2017 is 28362-2017.
        number, year = row["doc_id"].split("-")
        assert notice.notice_id == f"{int(number)}-{year}" == notice.ted_publication_number
        assert notice.publication_date is not None
        assert notice.publication_date.strftime("%Y%m%d") == row["date_pub"] or not row["date_pub"]
        assert notice.notice_type is not None, name
        assert notice.lots, name
        assert len({lot.lot_id for lot in notice.lots}) == len(notice.lots), name
        assert len({r.lot_id for r in notice.results}) == len(notice.results), name
        texts = [notice.title, notice.description] + [lot.title for lot in notice.lots]
        assert all(len(key) == 3 and key.islower() for text in texts for key in text), name
        for lot in notice.lots:
            assert lot.deadline is None or lot.deadline.utcoffset() is not None
            # Legacy forms cannot declare these; absence is not "none".
            assert lot.innovative_acquisition == lot.green_criteria == []
            assert lot.environmental_impact == lot.social_objective == []


def test_few_sample_notices_carry_warnings(parsed: dict[str, Notice]) -> None:
    warned = [notice for notice in parsed.values() if notice.warnings]
    # 53 of 3,464 at the time of writing: free-text weightings ("Pass/Fail"), award sections
    # for lots the notice does not describe, buyers outside the known time zones.
    assert len(warned) <= 60
    kinds = Counter(w.split(":")[0].split(" ")[0] for n in warned for w in n.warnings)
    assert set(kinds) <= {"AC_WEIGHTING", "Award", "The", "Lot"}


def test_forms_procedures_and_legal_bases_agree_with_the_index(
    parsed: dict[str, Notice], index: dict[str, dict[str, str]]
) -> None:
    for name, notice in parsed.items():
        row = index[name]
        form = row["form"]
        if form:
            assert notice.form_type == (f"F{int(form):02d}" if form.isdigit() else form), name
        if row["procedure_type"]:
            assert notice.procedure_type == EXPECTED_PROCEDURE_TYPES[row["procedure_type"]], name
        if row["legal_basis"]:
            assert notice.legal_basis == row["legal_basis"], name


def test_the_rare_procedures_are_all_found(parsed: dict[str, Notice]) -> None:
    # The sample over-represents them: 45 innovation partnerships and 43 competitive dialogues
    # in R2.0.9, and 3 more dialogues in the R2.0.8 defence forms.
    counts = Counter(notice.procedure_type for notice in parsed.values())
    assert counts["innovation"] == 45
    assert counts["comp-dial"] == 43 + 3


def test_notice_types_follow_the_form_and_its_kind(parsed: dict[str, Notice]) -> None:
    # Counted in the XML: the FORM of the original and its NOTICE/@TYPE.
    types = Counter((n.form_type, n.notice_type) for n in parsed.values())
    assert types[("F01", "pin-only")] == 66
    assert types[("F01", "pin-rtl")] == 131
    assert types[("F01", "pin-cfc-standard")] == 106
    assert types[("F02", "cn-standard")] == 159
    assert types[("F03", "can-standard")] == 279
    assert types[("F14", "corr")] == 12
    assert types[("F15", "veat")] == 421
    assert types[("F21", "can-social")] == 146
    assert types[("F23", "cn-social")] == 68
    assert types[("T01", "pin-tran")] == 40
    assert types[("T02", "can-tran")] == 23
    assert types[("F16", "pin-only")] == 11
    assert types[("F17", "cn-standard")] == 43
    assert types[("F18", "can-standard")] == 36


def test_the_ted_parser_takes_the_notice_bytes(sample: dict[str, bytes]) -> None:
    data = sample["187948-2022.xml"]

    assert parser_for(load_xml(data)) is parse_ted_xml
    assert is_ted_xml(load_xml(data))
    assert parse_notice(data) == parse_ted_xml(load_xml(data))


# Single notices, checked by hand


def test_norwegian_innovation_partnership(parsed: dict[str, Notice]) -> None:
    notice = parsed["187948-2022.xml"]

    assert notice.key == ("187948-2022", "01")
    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F02",
        "cn-standard",
        "innovation",
    )
    assert (notice.ojs_number, notice.publication_date, notice.issue_date) == (
        "70/2022",
        dt.date(2022, 4, 8),
        dt.date(2022, 4, 5),
    )
    assert (notice.language, notice.legal_basis, notice.customization) == (
        "eng",
        "32014L0024",
        "R2.0.9.S05.E01",
    )
    assert notice.title == {"eng": "Contest for the innovation partnership NAV Human"}
    # Five paragraphs, one to a line
    assert notice.description["eng"].startswith("NAV Vestland, hereafter called the contracting")
    assert notice.description["eng"].count("\n") == 4
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.country, buyer.nuts, buyer.city) == (
        "ARBEIDS- OG VELFERDSETATEN",
        "889640782",
        "NO",
        "NO0A",
        "Mo i Rana",
    )
    assert orgnr.is_valid(buyer.identifier or "")
    assert (buyer.legal_type, buyer.activity) == ("cga", "gen-pub")  # MINISTRY, GENERAL_PUBLIC_...
    assert (notice.main_cpv, notice.additional_cpv) == (
        "73000000",
        ["48000000", "72000000", "85000000"],
    )
    # 23:59 in Oslo, summer time
    deadline = dt.datetime(2022, 5, 10, 23, 59, tzinfo=OSLO)
    assert notice.deadline == deadline
    assert notice.deadline.utcoffset() == dt.timedelta(hours=2)
    [lot] = notice.lots
    assert (lot.lot_id, lot.title, lot.main_cpv) == ("1", notice.title, "73000000")
    assert lot.description["eng"].startswith("Young outsiderness is currently a big social")
    assert (lot.deadline, lot.participation_deadline) == (deadline, deadline)
    assert (lot.variants, lot.framework_agreement, lot.reserved_participation) == (
        "not-allowed",
        None,
        [],
    )
    # AC_PROCUREMENT_DOC: the criteria are in the procurement documents only.
    assert lot.award_criteria == []
    assert notice.results == notice.references == notice.warnings == []


def test_norwegian_competitive_dialogue_in_winter_time(parsed: dict[str, Notice]) -> None:
    notice = parsed["665394-2021.xml"]

    assert (notice.notice_type, notice.procedure_type) == ("cn-standard", "comp-dial")
    assert notice.title == {
        "eng": "Qualification: Procurement of a process platform for Helse Sør-Øst"
    }
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.city, buyer.legal_type, buyer.activity) == (
        "SYKEHUSINNKJØP HF",
        "916879067",
        "VADSØ",
        "body-pl",
        "health",
    )
    assert notice.deadline == dt.datetime(2022, 1, 28, 12, 0, tzinfo=OSLO)
    assert notice.deadline.utcoffset() == dt.timedelta(hours=1)
    [lot] = notice.lots
    assert lot.participation_deadline == notice.deadline  # requests to take part in the dialogue
    assert lot.reserved_participation == ["res-ws"]  # RESTRICTED_SHELTERED_WORKSHOP
    assert len(notice.additional_cpv) == 9


def test_award_with_winners_counts_and_translations(parsed: dict[str, Notice]) -> None:
    notice = parsed["000002-2019.xml"]

    assert notice.notice_id == "2-2019"
    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F03",
        "can-standard",
        "open",
    )
    assert (notice.ojs_number, notice.issue_date) == ("1/2019", dt.date(2018, 12, 21))
    # The English original first, then the 23 translations
    assert notice.language == "eng" and len(notice.title) == 24
    assert next(iter(notice.title)) == "eng"
    assert notice.title["eng"] == "Bathymetry — High Resolution Seabed Mapping"
    assert notice.title["deu"] == "Tiefseemessung — Hochauflösende Kartierung des Meeresbodens"
    [buyer] = notice.buyers
    assert (buyer.name, buyer.legal_type, buyer.activity) == (
        "The Executive Agency for Small and Medium-sized Enterprises (EASME)",
        "eu-ins-bod-ag",
        "gen-pub",
    )
    [lot] = notice.lots
    assert len(lot.award_criteria) == 12
    first = lot.award_criteria[0]
    assert (first.type, first.weight, first.weight_type) == (
        "quality",
        Decimal(6),
        None,
    )  # "6 points"
    assert (
        first.name["eng"] == "Appropriate approach for unrestricted and fast access to survey data"
    )
    # Line breaks and indentation inside the German text are one space.
    assert first.name["deu"] == (
        "Geeigneter Ansatz für den uneingeschränkten und schnellen Zugang zu Erhebungsdaten"
    )
    price = lot.award_criteria[-1]
    assert (price.type, price.weight, price.weight_type, price.name) == (
        "price",
        Decimal(30),
        "per-exa",
        {},
    )
    [result] = notice.results
    assert (result.lot_id, result.status, result.contract_ids) == (
        "1",
        "selec-w",
        ["EASME/EMFF/2017/1.3.1.2/01/SI2.791269"],
    )
    assert result.received == {
        "tenders": 2,
        "t-sme": 0,
        "t-oth-eea": 2,
        "t-no-eea": 0,
        "t-esubm": 2,
    }
    assert result.tender_value == Money(Decimal("7439450.70"), "EUR")
    assert notice.total_value == Money(Decimal("7439450.70"), "EUR")
    # A group of 29, 4 of them SMEs
    assert len(result.winners) == 29
    assert Counter(w.size for w in result.winners) == {"large": 25, "sme": 4}
    maris = result.winners[1]
    assert (maris.name, maris.identifier, maris.country, maris.size) == (
        "Mariene Informatie Service “MARIS” BV",
        "NL804595859B01",
        "NL",
        "sme",
    )
    assert [(r.notice_id, r.kind) for r in notice.references] == [("245177-2018", "previous")]
    assert notice.organisations == [buyer, *result.winners]


def test_prior_information_to_shorten_time_limits(parsed: dict[str, Notice]) -> None:
    notice = parsed["251992-2018.xml"]

    assert (notice.form_type, notice.notice_type) == ("F01", "pin-rtl")
    # No LEGAL_BASIS in the form: the directive of the coded section says it.
    assert notice.legal_basis == "32014L0024"
    assert notice.estimated_value == Money(Decimal("5000000.00"), "NOK")
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.legal_type, buyer.activity) == (
        "Forsvarsmateriell",
        "916 075 855",
        "cga",
        "defence",
    )
    [lot] = notice.lots
    assert lot.estimated_value == Money(Decimal("5000000.00"), "NOK")
    assert lot.framework_agreement == "fa-wo-rc"  # FRAMEWORK/SINGLE_OPERATOR
    assert lot.deadline is None and notice.results == []


def test_prior_information_on_several_contracts(parsed: dict[str, Notice]) -> None:
    notice = parsed["158721-2021.xml"]

    assert notice.notice_type == "pin-only"
    # Seven OBJECT_CONTRACTs: the lots of each are told apart by its number.
    assert [lot.lot_id for lot in notice.lots] == [
        "1/1",
        "2/1",
        "2/2",
        "2/3",
        "3/1",
        "3/2",
        "4/1",
        "4/2",
        "5/1",
        "6/1",
        "7/1",
        "7/2",
    ]
    assert notice.lots[4].title["eng"] == "Mobile Communications and Services (Including Helpdesk)"
    assert notice.lots[4].main_cpv == "64200000"
    assert notice.title["eng"].count("\n") == 6  # the seven titles, one to a line
    assert notice.main_cpv == "72000000"


def test_correction_with_a_new_deadline(parsed: dict[str, Notice]) -> None:
    notice = parsed["005844-2021.xml"]

    assert (notice.form_type, notice.notice_type, notice.language) == ("F14", "corr", "pol")
    assert [(r.notice_id, r.kind) for r in notice.references] == [("606782-2020", "change")]
    [buyer] = notice.buyers
    assert buyer.identifier == "006472651"
    # CHANGE in section IV.2.2 moves the deadline from 18 to 21 January 2021, 09:00 in Warsaw.
    assert notice.deadline == dt.datetime(2021, 1, 21, 9, 0, tzinfo=WARSAW)
    [lot] = notice.lots
    assert (lot.lot_id, lot.main_cpv, lot.deadline) == ("1", "33183100", notice.deadline)


def test_voluntary_ex_ante_notice_whose_award_names_its_lot_by_title(
    parsed: dict[str, Notice],
) -> None:
    notice = parsed["336782-2022.xml"]

    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F15",
        "veat",
        "neg-wo-call",  # PT_NEGOTIATED_WITHOUT_PUBLICATION inside DIRECTIVE_2014_24_EU
    )
    [buyer] = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.legal_type) == (
        "Vestland fylkeskommune",
        "821 311 632",
        "body-pl-ra",  # REGIONAL_AGENCY
    )
    assert [(lot.lot_id, lot.title["eng"]) for lot in notice.lots] == [
        ("4", "Transport to work - Fedje municipality"),
        ("2", "Transport to work - Alver municipality"),
    ]
    # The award has no LOT_NO but repeats the title of lot 2.
    [result] = notice.results
    assert (result.lot_id, result.status, result.contract_ids) == ("2", "selec-w", ["VLFK-21-418"])
    [winner] = result.winners
    assert (winner.name, winner.identifier, winner.city, winner.size) == (
        "Nordhordland taxi",
        "887 056 862",
        "5914 Isdalstø",
        "sme",
    )
    assert result.tender_value == Money(Decimal(3500000), "NOK")
    assert [(r.notice_id, r.kind) for r in notice.references] == [("99567-2022", "previous")]
    assert notice.warnings == []


def test_public_transport_forms(parsed: dict[str, Notice]) -> None:
    award = parsed["636596-2021.xml"]
    assert (award.form_type, award.notice_type, award.legal_basis) == (
        "T02",
        "can-tran",
        "32007R1370",
    )
    [buyer] = award.buyers
    assert (buyer.name, buyer.identifier) == (
        "Jernbanedirektoratet (The Norwegian Railway directorate)",
        "916 810 962",
    )
    [result] = award.results
    # ADDRESS_PARTY (the party that controls an operator) is not a winner.
    assert [(w.name, w.identifier, w.country) for w in result.winners] == [
        ("SJ AB", "556196-1599", "SE"),
        ("Jernbanedirektoratet", "916 810 962", "NO"),
    ]
    assert result.tender_value == Money(Decimal("1.00"), "NOK")

    planned = parsed["005268-2022.xml"]
    assert (planned.form_type, planned.notice_type, planned.procedure_type) == (
        "T01",
        "pin-tran",
        "comp-tend",
    )
    assert planned.buyers[0].legal_type == "gminna jednostka budżetowa"  # CA_TYPE_OTHER


def test_defence_contract_notice_in_r208(parsed: dict[str, Notice]) -> None:
    notice = parsed["460098-2021.xml"]

    assert (notice.form_type, notice.notice_type, notice.customization) == (
        "F17",
        "cn-standard",
        "R2.0.8.S05.E01",
    )
    assert (notice.legal_basis, notice.procedure_type) == ("32009L0081", "neg-w-call")
    assert (notice.ojs_number, notice.issue_date) == ("176/2021", dt.date(2021, 9, 6))
    assert notice.title == {"eng": "Firefighting & Damage Control Equipment - Pre-Qualification"}
    main, on_behalf = notice.buyers
    assert (main.city, main.country, main.legal_type, main.activity) == (
        "BERGEN",
        "NO",
        "cga",
        "defence",
    )
    assert (on_behalf.name, on_behalf.identifier, on_behalf.legal_type) == (
        "Politiets fellestjenester [The Norwegian Police Shared Services]",
        "974761157",
        None,
    )
    assert (notice.main_cpv, notice.additional_cpv) == ("35110000", ["35111000"])
    assert notice.estimated_value == Money(Decimal("90000000.00"), "NOK")
    assert notice.deadline == dt.datetime(2021, 10, 11, 12, 0, tzinfo=OSLO)
    [lot] = notice.lots
    assert (lot.variants, lot.framework_agreement, lot.award_criteria) == (
        "not-allowed",
        "fa-wo-rc",
        [],
    )
    assert notice.references == notice.warnings == []


def test_defence_award_in_r208(parsed: dict[str, Notice]) -> None:
    notice = parsed["003424-2021.xml"]

    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F18",
        "can-standard",
        "restricted",  # PT_ACCELERATED_RESTRICTED
    )
    [buyer] = notice.buyers
    assert buyer.legal_type == "jednostka organizacyjna MON"  # TYPE_OF_CONTRACTING_AUTHORITY_OTHER
    # "4 789 000,00" with FMTVAL="4789000.00"
    assert notice.total_value == Money(Decimal("4789000.00"), "PLN")
    [lot] = notice.lots
    assert [(c.type, c.name["pol"], c.weight) for c in lot.award_criteria] == [
        (None, "Cena", Decimal(50)),
        (None, "Termin wykonania zamówienia", Decimal(30)),
        (
            None,
            "Kwalifikacje zawodowe i doświadczenie projektantów nabyte w okresie ostatnich "
            "pięciu lat (od daty składania ofert)",
            Decimal(20),
        ),
    ]
    [result] = notice.results
    assert [w.name for w in result.winners] == [
        "Projmors Biuro projektów Budownictwa Morskiego Sp. z o.o."
    ]
    assert (result.status, result.received) == ("selec-w", {"tenders": 2})
    assert result.tender_value is None  # only the lowest and highest offers are given
    assert [(r.notice_id, r.kind) for r in notice.references] == [
        ("317845-2020", "previous"),
        ("209163-2020", "previous"),
    ]


def test_defence_notice_refers_to_its_prior_information_as_planning(
    parsed: dict[str, Notice],
) -> None:
    notice = parsed["560367-2021.xml"]

    assert [(r.notice_id, r.kind) for r in notice.references] == [
        ("427860-2021", "planning"),  # PREVIOUS_PUBLICATION_NOTICE_F17 (a buyer profile notice)
        ("498354-2021", "previous"),  # OTHER_PREVIOUS_PUBLICATION
    ]
    [lot] = notice.lots
    assert [c.weight for c in lot.award_criteria] == [Decimal(60), Decimal(40)]


def test_design_contest_results(parsed: dict[str, Notice]) -> None:
    notice = parsed["578496-2018.xml"]

    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F13",
        "can-desg",
        "restricted",
    )
    assert notice.buyers[0].activity == "urttb"  # CE_ACTIVITY: urban railway, tramway, bus
    [result] = notice.results
    assert result.received == {"tenders": 18}  # NB_PARTICIPANTS
    assert len(result.winners) == 4
    assert all(w.size == "sme" for w in result.winners)
    assert result.winners[1].identifier == "910209205"


def test_contract_modification(parsed: dict[str, Notice]) -> None:
    notice = parsed["125129-2018.xml"]

    assert (notice.form_type, notice.notice_type) == ("F20", "can-modif")
    assert [(r.notice_id, r.kind) for r in notice.references] == [("265351-2014", "modification")]
    [result] = notice.results
    assert result.contract_ids == ["2014"]
    assert result.tender_value == Money(Decimal(1620000), "NOK")
    assert result.winners[0].size == "large"  # NO_SME


def test_concession_criteria_in_order_of_importance(parsed: dict[str, Notice]) -> None:
    notice = parsed["002712-2020.xml"]

    assert (notice.form_type, notice.legal_basis) == ("F25", "32014L0023")
    [lot] = notice.lots
    [criterion] = lot.award_criteria
    assert (criterion.type, criterion.weight, criterion.weight_type) == (
        None,
        Decimal(1),
        "ord-imp",
    )
    assert criterion.name["fra"].startswith("La concession est attribuée sur la base des critères")


def test_award_sections_find_their_lots_by_number(parsed: dict[str, Notice]) -> None:
    # LOT_NO "02" in the award for lot "2"; "Lotto 1" for lot "1"
    assert [r.lot_id for r in parsed["025554-2020.xml"].results] == ["2", "14", "18"]
    assert [r.lot_id for r in parsed["096721-2017.xml"].results] == ["1", "2", "3", "4", "5"]
    # An award for lot "0" of a notice with lots 1 to 11 is kept, and said.
    notice = parsed["091009-2022.xml"]
    assert [r.lot_id for r in notice.results] == ["0"]
    assert notice.warnings == ["Award sections are for lots the notice does not describe: '0'."]


def test_a_repeated_lot_number_is_told_apart(parsed: dict[str, Notice]) -> None:
    notice = parsed["247676-2017.xml"]

    assert [lot.lot_id for lot in notice.lots] == ["1", "1#2", "3"]
    assert notice.warnings == ["Lot number '1' is given twice; lot 2 is '1#2'."]


def test_a_copy_without_namespace_or_original(parsed: dict[str, Notice]) -> None:
    # An example OP-TED edited: no default namespace, and only the Danish translation.
    notice = parsed["057196-2021_f843cd0e.xml"]

    assert (notice.notice_id, notice.language, notice.form_type) == ("57196-2021", "dan", "F03")
    assert notice.warnings == [
        "The notice has no original-language form (CATEGORY ORIGINAL); the DA version is read "
        "instead."
    ]
    assert [r.status for r in notice.results] == ["selec-w"]


# Bad values and bad notices


def test_bad_values_become_none_with_warnings(sample: dict[str, bytes]) -> None:
    data = sample["000002-2019.xml"]
    data = edited(data, "<NB_TENDERS_RECEIVED>2<", "<NB_TENDERS_RECEIVED>two<")
    data = edited(
        data, '<VAL_TOTAL CURRENCY="EUR">7439450.70', '<VAL_TOTAL CURRENCY="EUR">7.439.450,70'
    )
    data = edited(data, "<DATE_PUB>20190102", "<DATE_PUB>20191302")
    data = edited(data, "<AC_WEIGHTING>6 points", "<AC_WEIGHTING>Pass/Fail")

    notice = parse_notice(data)

    assert notice.publication_date is None
    assert notice.total_value is None
    [result] = notice.results
    assert "tenders" not in result.received and result.received["t-esubm"] == 2
    assert notice.lots[0].award_criteria[0].weight is None
    assert Counter(w.split(":")[0] for w in notice.warnings) == {
        "DATE_PUB": 1,
        "VAL_TOTAL": 1,
        "NB_TENDERS_RECEIVED lot 1": 1,
        "VAL_TOTAL lot 1": 1,
        "AC_WEIGHTING lot 1": 7,  # seven criteria weighed "6 points"
    }
    assert "NB_TENDERS_RECEIVED lot 1: 'two' is not a number; the count was left out." in (
        notice.warnings
    )


def test_a_deadline_outside_the_known_time_zones_is_utc_and_said(sample: dict[str, bytes]) -> None:
    data = edited(sample["187948-2022.xml"], '<COUNTRY VALUE="NO"/>', '<COUNTRY VALUE="ZZ"/>')
    data = edited(data, '<ISO_COUNTRY VALUE="NO"/>', '<ISO_COUNTRY VALUE="ZZ"/>')

    notice = parse_notice(data)

    assert notice.deadline == dt.datetime(2022, 5, 10, 23, 59, tzinfo=dt.UTC)
    assert notice.warnings == [
        "The time zone of country 'ZZ' is not known, so the times in the notice are taken as UTC."
    ]


def test_doc_id_and_oj_reference_that_disagree(sample: dict[str, bytes]) -> None:
    data = edited(sample["187948-2022.xml"], "2022/S 070-187948", "2022/S 070-187949")

    notice = parse_notice(data)

    assert notice.notice_id == "187948-2022"
    assert notice.warnings == [
        "DOC_ID '187948-2022' and NO_DOC_OJS '2022/S 070-187949' name different notices; "
        "DOC_ID is taken."
    ]


def test_the_number_is_taken_from_the_oj_reference_without_doc_id(
    sample: dict[str, bytes],
) -> None:
    data = edited(sample["187948-2022.xml"], ' DOC_ID="187948-2022"', "")

    assert parse_notice(data).notice_id == "187948-2022"


def test_a_notice_without_any_number_is_refused(sample: dict[str, bytes]) -> None:
    data = edited(sample["187948-2022.xml"], ' DOC_ID="187948-2022"', "")
    data = edited(data, "<NO_DOC_OJS>2022/S 070-187948</NO_DOC_OJS>", "")

    with pytest.raises(NoticeRejected) as raised:
        parse_notice(data)

    assert raised.value.code is RejectCode.UNKNOWN_FORMAT
    assert "TED document number" in raised.value.reason


def test_a_notice_without_a_form_is_refused() -> None:
    data = (
        b'<TED_EXPORT xmlns="http://publications.europa.eu/resource/schema/ted/R2.0.9/publication"'
        b' DOC_ID="000001-2020"><FORM_SECTION/></TED_EXPORT>'
    )

    with pytest.raises(NoticeRejected) as raised:
        parse_notice(data)

    assert raised.value.code is RejectCode.UNKNOWN_FORMAT
    assert "no form" in raised.value.reason


@pytest.mark.parametrize(
    ("ted", "eforms"),
    [("NO", "nor"), ("EN", "eng"), ("DE", "deu"), ("EL", "ell"), ("GA", "gle"), ("sv", "swe")],
)
def test_language_codes(ted: str, eforms: str) -> None:
    assert language(ted) == eforms


def test_utilities_contract_notice_f05_for_a_dynamic_purchasing_system(
    parsed: dict[str, Notice],
) -> None:
    # 199065-2018.xml: Ruter AS (991 609 407, Oslo), restricted procedure, digital signs.
    notice = parsed["199065-2018.xml"]
    assert (notice.notice_id, notice.form_type, notice.notice_type) == (
        "199065-2018",
        "F05",
        "cn-standard",
    )
    assert notice.procedure_type == "restricted"
    assert (notice.ojs_number, notice.publication_date) == ("88/2018", dt.date(2018, 5, 8))
    assert notice.title == {
        "eng": "The Delivery and Operation of Digital Signs; a Dynamic Purchasing System"
    }
    (buyer,) = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.city) == ("Ruter As", "991 609 407", "Oslo")
    assert notice.main_cpv == "48813100"
    assert notice.additional_cpv[:3] == ["34928470", "34992000", "39174000"]
    assert notice.estimated_value is not None
    assert (notice.estimated_value.amount, notice.estimated_value.currency) == (
        Decimal("50000000.00"),
        "NOK",
    )
    # DATE_RECEIPT_TENDERS 2025-06-10 and TIME_RECEIPT_TENDERS 12:00, Norwegian summer time.
    assert notice.deadline is not None
    assert notice.deadline.isoformat() == "2025-06-10T12:00:00+02:00"


def test_utilities_award_f06_after_a_competitive_dialogue(parsed: dict[str, Notice]) -> None:
    # 360090-2022.xml: Avinor AS awards a prediction platform; the award gives only the date
    # of the contract, no contractor, and refers to the contract notice 2021/S 232-612467.
    notice = parsed["360090-2022.xml"]
    assert (notice.form_type, notice.notice_type, notice.procedure_type) == (
        "F06",
        "can-standard",
        "comp-dial",
    )
    assert notice.publication_date == dt.date(2022, 7, 4)
    assert [b.identifier for b in notice.buyers] == ["985 198 292"]
    assert notice.main_cpv == "72200000"
    assert [(r.notice_id, r.kind) for r in notice.references] == [("612467-2021", "previous")]
    (result,) = notice.results
    assert (result.status, result.winners, result.tender_value) == ("selec-w", [], None)


def test_social_services_award_f21_with_one_tender(parsed: dict[str, Notice]) -> None:
    # 008441-2018.xml: NAV Sør-Trøndelag (974 652 234) awards driver training, class D, to
    # Heimdal Trafikkskole AS for NOK 12,000,000 after one tender.
    notice = parsed["008441-2018.xml"]
    assert (notice.notice_id, notice.form_type, notice.notice_type) == (
        "8441-2018",
        "F21",
        "can-social",
    )
    assert notice.procedure_type == "neg-w-call"
    assert notice.title == {"eng": "Professional driver training, classification D"}
    (buyer,) = notice.buyers
    assert (buyer.name, buyer.identifier, buyer.city) == (
        "NAV Sør-Trøndelag",
        "974 652 234",
        "Trondheim",
    )
    assert notice.main_cpv == "80000000"
    assert [(r.notice_id, r.kind) for r in notice.references] == [("397321-2017", "previous")]
    (result,) = notice.results
    assert result.status == "selec-w"
    assert [(w.name, w.identifier) for w in result.winners] == [
        ("Heimdal Trafikkskole AS", "9758225254")
    ]
    assert result.received == {"tenders": 1}
    assert result.tender_value is not None
    assert result.tender_value.amount == Decimal("12000000.00")
    assert notice.total_value is not None and notice.total_value.currency == "NOK"
