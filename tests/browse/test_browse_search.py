"""Full-text search and filters over real notices, on whichever database the suite runs on.

CI runs the suite on SQLite and on PostgreSQL, so each test here checks both backends.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from kjopekraft.browse import search
from kjopekraft.browse.filters import Filters
from kjopekraft.browse.models import BrowsableNotice, SearchEntry
from kjopekraft.insight.models import ProcedureAssessment
from kjopekraft.notices.ingest import ingest
from kjopekraft.notices.models import Notice, NoticeParty, Procedure
from kjopekraft.organisations.models import Organisation

pytestmark = pytest.mark.django_db

DOFFIN = Path(__file__).resolve().parents[2] / "data" / "notices" / "doffin-eforms"


def found(**filters: Any) -> set[str]:
    notices = BrowsableNotice.objects.search(Filters(**filters))
    return set(notices.values_list("notice_id", flat=True))


def words_of(notice: Notice) -> set[str]:
    texts = search.index_texts(notice.document)
    return set(f"{texts.nor} {texts.eng} {texts.other}".split())


def test_the_backend_is_the_databases_own(notices: Any) -> None:
    assert search.backend().vendor == connection.vendor
    assert SearchEntry.objects.count() == Notice.objects.count()


def test_anskaffelsene_finds_anskaffelse(eforms_notices: Any) -> None:
    # 2022-976327 says "Anskaffelse av frittstående oppvarmingsovner", never "anskaffelsene".
    notice = Notice.objects.get(doffin_id="2022-976327")
    assert "anskaffelse" in words_of(notice)
    assert "anskaffelsene" not in words_of(notice)
    hits = found(q="anskaffelsene")
    assert notice.notice_id in hits
    # No notice has the word as written: every hit comes from stemming.
    hit_notices = Notice.objects.filter(notice_id__in=hits)
    assert not any("anskaffelsene" in words_of(n) for n in hit_notices)
    assert hits == found(q="Anskaffelsen")


def test_an_inflected_english_word_finds_its_stem(eforms_notices: Any) -> None:
    # Lillestrøm's notice has an English text with "building", never "buildings".
    notice = Notice.objects.get(notice_id="a105cb09-ec7d-45d5-a364-ff2317e2231f")
    assert "building" in words_of(notice)
    assert "buildings" not in words_of(notice)
    assert notice.notice_id in found(q="buildings")


def test_every_word_must_match_and_stop_words_do_not_count(eforms_notices: Any) -> None:
    both = found(q="anskaffelse oppvarmingsovner")
    assert both == {Notice.objects.get(doffin_id="2022-976327").notice_id}
    assert found(q="anskaffelse av oppvarmingsovner") == both
    assert found(q="oppvarmingsovner zyxwvut") == set()
    # Only stop words: no narrowing at all.
    assert len(found(q="og av")) == Notice.objects.filter(is_latest=True).count()


def test_identifiers_names_and_codes_are_searchable(eforms_notices: Any) -> None:
    notice = Notice.objects.get(doffin_id="2023-673152")
    assert found(q="2023-673152") == {notice.notice_id}
    assert notice.notice_id in found(q="Viken fylkeskommune")
    assert notice.notice_id in found(q="73220000")


def test_results_come_best_match_first(eforms_notices: Any) -> None:
    ranked = list(
        BrowsableNotice.objects.search(Filters(q="anskaffelsene"))
        .by_relevance("anskaffelsene")
        .values_list("notice_id", "search_rank")
    )
    ranks = [rank for _, rank in ranked]
    assert ranks == sorted(ranks, reverse=True)
    assert all(rank > 0 for rank in ranks)


def test_the_index_follows_every_ingest(db: None, tmp_path: Any) -> None:
    source = (DOFFIN / "2022-976327.xml").read_text(encoding="utf-8")
    (tmp_path / "one.xml").write_text(source, encoding="utf-8")
    ingest([tmp_path])
    assert found(q="oppvarmingsovner")
    assert not found(q="varmepumpeanlegg")

    # A newer version of the notice (BT-757 02) with another title replaces the words.
    version = "<cbc:VersionID>{}</cbc:VersionID>"
    changed = source.replace(version.format("01"), version.format("02"))
    changed = re.sub("oppvarmingsovner", "varmepumpeanlegg", changed)
    assert changed != source
    (tmp_path / "two.xml").write_text(changed, encoding="utf-8")
    ingest([tmp_path])
    notice_id = Notice.objects.get(doffin_id="2022-976327", is_latest=True).notice_id
    assert found(q="varmepumpeanlegg") == {notice_id}
    assert found(q="oppvarmingsovner") == set()
    assert SearchEntry.objects.count() == Notice.objects.count() == 2


def test_reindex_rebuilds_a_lost_index(eforms_notices: Any, capsys: Any) -> None:
    expected = found(q="anskaffelsene")
    SearchEntry.objects.all().delete()
    assert found(q="anskaffelsene") == set()
    call_command("reindex", "--dry-run", "--json")
    assert json.loads(capsys.readouterr().out)["indexed"] == 0
    call_command("reindex", "--json")
    result = json.loads(capsys.readouterr().out)
    assert result == {
        "backend": connection.vendor,
        "notices": Notice.objects.count(),
        "indexed": Notice.objects.count(),
    }
    assert found(q="anskaffelsene") == expected


# -- filters ----------------------------------------------------------------------------------


def latest(**lookups: Any) -> set[str]:
    return set(Notice.objects.filter(is_latest=True, **lookups).values_list("notice_id", flat=True))


@pytest.mark.parametrize("dimension", ["innovation", "green", "social"])
def test_level_filters(notices: Any, dimension: str) -> None:
    levels = set(ProcedureAssessment.objects.values_list(dimension, flat=True)) - {"none"}
    assert levels, f"the notices have no {dimension} level but none"
    for level in levels:
        expected = latest(**{f"procedure__assessment__{dimension}": level})
        assert expected
        assert found(**{dimension: (level,)}) == expected
    assert found(**{dimension: tuple(levels)}) == latest(
        **{f"procedure__assessment__{dimension}__in": levels}
    )


def test_year_source_and_procedure_filters(notices: Any) -> None:
    assert found(year=(2023,)) == latest(publication_date__year=2023)
    assert found(year=(2022, 2023)) == latest(publication_date__year__in=[2022, 2023])
    assert found(source=("doffin",)) == latest(source="doffin")
    assert found(source=("ted",)) == latest(source="ted", format="eforms")
    assert found(source=("ted-legacy",)) == latest(format="ted-xml")
    assert len(found(source=("ted-legacy",))) == 55
    assert found(procedure=("open",)) == latest(procedure__procedure_type="open")
    innovation = found(procedure=("innovation", "comp-dial"))
    assert innovation
    assert innovation == latest(procedure__procedure_type__in=["innovation", "comp-dial"])


def test_buyer_filter_by_number_with_or_without_spaces_and_by_name(notices: Any) -> None:
    viken = latest(parties__role="buyer", parties__name__icontains="Viken fylkeskommune")
    assert viken
    assert found(buyer="921 693 230") == found(buyer="921693230")
    assert Notice.objects.get(doffin_id="2023-673152").notice_id in found(buyer="921693230")
    assert found(buyer="viken fylkeskommune") == viken


def test_county_filter_uses_the_buyers_municipality(notices: Any) -> None:
    party = (
        NoticeParty.objects.filter(role="buyer", organisation__municipality__isnull=False)
        .select_related("organisation__municipality__county")
        .first()
    )
    assert party is not None, "no buyer with a known municipality in the notices"
    county = party.organisation.municipality.county
    expected = latest(parties__role="buyer", parties__organisation__municipality__county=county)
    assert party.notice.notice_id in expected
    assert found(county=(county.number,)) == expected
    other = Organisation.objects.filter(municipality__county__number="03").exists()
    assert found(county=("03",)) == (
        latest(parties__role="buyer", parties__organisation__municipality__county__number="03")
        if other
        else set()
    )


def test_cpv_filter_matches_the_notice_or_a_lot_by_prefix(notices: Any) -> None:
    by_notice = latest(main_cpv__startswith="7322")
    by_lot = latest(lots__main_cpv__startswith="7322")
    assert by_notice
    assert found(cpv=("7322",)) == by_notice | by_lot
    assert found(cpv=("73220000",)) <= found(cpv=("73",))


def test_words_and_filters_together(notices: Any) -> None:
    combined = found(q="anskaffelsene", source=("doffin",), year=(2022,))
    assert combined
    expected = found(q="anskaffelsene") & latest(source="doffin", publication_date__year=2022)
    assert combined == expected


# -- the pages --------------------------------------------------------------------------------


def test_search_page_shows_hits_filters_and_paging(notices: Any, client: Client) -> None:
    response = client.get("/kunngjoringer/", {"q": "anskaffelsene", "source": "doffin"})
    assert response.status_code == 200
    page = response.context["page"]
    assert page.paginator.count == len(found(q="anskaffelsene", source=("doffin",)))
    assert "Oppvarmingsovner".lower() in response.content.decode().lower()
    assert response.context["legacy_note"] is False

    everything = client.get("/kunngjoringer/")
    assert everything.context["legacy_note"] is True
    assert everything.context["page"].paginator.num_pages > 1
    second = client.get("/kunngjoringer/", {"page": 2})
    first_ids = {n.pk for n in everything.context["page"]}
    assert first_ids.isdisjoint({n.pk for n in second.context["page"]})


def test_a_bad_filter_is_explained_not_ignored(eforms_notices: Any, client: Client) -> None:
    response = client.get("/kunngjoringer/", {"cpv": "IT-tjenester"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "cpv" in response.context["form"].errors


def test_notice_page_shows_the_notice_procedure_and_evidence(
    eforms_notices: Any, client: Client
) -> None:
    notice = Notice.objects.get(doffin_id="2023-673152")
    response = client.get(f"/kunngjoringer/{notice.notice_id}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Prosjektpartnere til Pilotprogrammet" in html
    assert "Viken fylkeskommune" in html
    assert "73220000" in html
    # The evidence in plain bokmål: R&D services as the procedure's innovation signal.
    sections = {s["dimension"]: s for s in response.context["assessment"]}
    assert sections["innovation"]["level"] == "procedural"
    explanation = sections["innovation"]["counted"][0]
    assert explanation in html
    assert "forskning" in explanation.lower()

    english = client.get(f"/en/kunngjoringer/{notice.notice_id}/")
    english_sections = {s["dimension"]: s for s in english.context["assessment"]}
    assert english_sections["innovation"]["level_label"] == "Procedure"
    assert "research" in english_sections["innovation"]["counted"][0].lower()


def test_notice_page_lists_winners_criteria_and_the_procedures_notices(
    notices: Any, client: Client
) -> None:
    winner = NoticeParty.objects.filter(role="winner", notice__source="doffin").first()
    response = client.get(f"/kunngjoringer/{winner.notice.notice_id}/")
    assert winner.name in response.content.decode()
    assert any(r["winners"] for r in response.context["plain"]["results"])

    criteria = next(
        n
        for n in Notice.objects.filter(is_latest=True, source="doffin")
        if any(c.get("weight") for lot in n.document["lots"] for c in lot["award_criteria"])
    )
    response = client.get(f"/kunngjoringer/{criteria.notice_id}/")
    weights = [c["weight"] for lot in response.context["plain"]["lots"] for c in lot["criteria"]]
    assert any(w.endswith("%") for w in weights)

    # The one procedure with two notices among them: both listed, oldest first.
    procedure = Procedure.objects.get(key="7e315dc5-76c1-4a66-9067-fb9bc00cb234")
    shown = client.get(f"/kunngjoringer/{procedure.notices.first().notice_id}/")
    in_order = shown.context["procedure_notices"]
    assert len(in_order) == 2
    dates = [n.published for n in in_order]
    assert None not in dates
    assert dates == sorted(dates)


def test_legacy_notice_page_says_the_sample_is_not_representative(
    notices: Any, client: Client
) -> None:
    legacy = Notice.objects.filter(format="ted-xml").first()
    response = client.get(f"/kunngjoringer/{legacy.ted_publication_number}/")
    assert response.status_code == 200
    assert response.context["legacy"] is True


def test_unknown_notice_is_404(db: None, client: Client) -> None:
    assert client.get("/kunngjoringer/finnes-ikke/").status_code == 404
