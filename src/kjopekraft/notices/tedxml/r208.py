"""The forms of TED schema R2.0.8, as TED still wrote them for defence and security (F16–F19).

R2.0.8 nests the same facts at depths that differ from form to form (the buyer of F17 sits in
CONTRACTING_AUTHORITY_INFORMATION_DEFENCE/NAME_ADDRESSES_CONTACT_CONTRACT, that of F18 in
CONTRACTING_AUTHORITY_INFORMATION_CONTRACT_AWARD_DEFENCE/NAME_ADDRESSES_CONTACT_CONTRACT_AWARD),
so each fact is found by its element name within the form. The older general forms of R2.0.8
(CONTRACT, CONTRACT_AWARD, ...) use the same names and are read the same way, though the sample
this parser was checked against holds only the defence forms.

What differs from R2.0.9:

- lots are the ANNEX_B / F17_ANNEX_B / LOT_PRIOR_INFORMATION annexes (LOT_NUMBER, LOT_TITLE,
  LOT_DESCRIPTION); an award notice (F18) has no lot descriptions, so its lots are the lot
  numbers its award sections give, titled by the contract title, or one lot ``1``;
- amounts are VALUE_COST in a COSTS_RANGE_AND_CURRENCY element; a range (LOW_VALUE, HIGH_VALUE)
  is not one amount and is left out; award values may include VAT (the form says so beside
  them) and are kept as written;
- award criteria are given for the procedure (LOWEST_PRICE, or CRITERIA_DEFINITION with a name
  and a weighting but no type) and apply to every lot;
- winners are named without their size (the forms do not ask for it) and with the number of
  offers received as their only count;
- an earlier notice in the slot for the prior information notice or buyer profile
  (PREVIOUS_PUBLICATION_NOTICE_F17, _F18) is a ``planning`` reference, any other a
  ``previous`` one.
"""

from __future__ import annotations

from lxml import etree

from kjopekraft.notices.model import AwardCriterion, Lot, LotResult, Notice, Organisation
from kjopekraft.notices.tedxml import codes
from kjopekraft.notices.tedxml.reader import Reader, Version
from kjopekraft.notices.tedxml.results import (
    LotMatcher,
    References,
    ResultBuilder,
    clean,
    unique_lot_ids,
)
from kjopekraft.notices.tedxml.terms import ProcedureTerms

WHOLE_NOTICE_LOT = "1"
_PLANNING_SLOT = "PREVIOUS_PUBLICATION_NOTICE"
_VARIANTS = {"YES": "allowed", "NO": "not-allowed"}


def read_form(notice: Notice, versions: list[Version], reader: Reader) -> None:
    p = reader.paths
    form = versions[0].form
    notice.buyers = _buyers(form, reader)
    if (element := p.r208_procedure_type.first(form)) is not None:
        notice.procedure_type = codes.procedure_type(etree.QName(element).localname)
    notice.title = reader.texts([(v.language, p.r208_title.first(v.form)) for v in versions])
    notice.description = reader.texts(
        [(v.language, p.r208_description.first(v.form)) for v in versions]
    )
    if (cpv := p.r208_cpv.first(form)) is not None:
        notice.main_cpv = p.main_cpv.text(cpv)
        notice.additional_cpv = p.additional_cpv.texts(cpv)
    awards = p.r208_awards.all(form)
    if awards:
        notice.total_value = reader.cost(p.r208_total.first(form), "TOTAL_FINAL_VALUE")
    else:
        notice.estimated_value = reader.cost(
            p.r208_estimated.first(form), "COSTS_RANGE_AND_CURRENCY"
        )
    dispatch, _ = reader.day_month_year(p.r208_dispatch.first(form))
    notice.issue_date = reader.date(dispatch, "NOTICE_DISPATCH_DATE")

    notice.lots = _lots(notice, versions, awards, reader)
    _procedure_terms(versions, reader).apply(notice)
    notice.results = _results(awards, notice.lots, reader)
    references = References(reader)
    for element in p.r208_notice_numbers.all(form):
        parent = element.getparent()
        in_planning_slot = parent is not None and etree.QName(parent).localname.startswith(
            _PLANNING_SLOT
        )
        if raw := (element.text or "").strip():
            references.add(raw, "planning" if in_planning_slot else "previous")
    notice.references = references.all


def _buyers(form: etree._Element, reader: Reader) -> list[Organisation]:
    p = reader.paths
    legal_type = reader.code(
        p.r208_buyer_type.text(form), codes.BUYER_LEGAL_TYPES, p.r208_buyer_type_other.first(form)
    )
    activity = reader.code(
        p.r208_activity.text(form), codes.ACTIVITIES, p.r208_activity_other.first(form)
    )
    buyers = [_organisation(element, reader) for element in p.r208_buyers.all(form)]
    # The type and activity describe the authority itself, not those it buys for.
    if buyers:
        buyers[0].legal_type, buyers[0].activity = legal_type, activity
    return reader.buyers(buyers)


def _organisation(element: etree._Element, reader: Reader) -> Organisation:
    p = reader.paths
    return Organisation(
        name=reader.text(p.r208_name.first(element)),
        identifier=p.r208_national_id.text(element),
        country=p.country_code.text(element),
        city=p.town.text(element),
    )


def _lots(
    notice: Notice, versions: list[Version], awards: list[etree._Element], reader: Reader
) -> list[Lot]:
    p = reader.paths
    annexes = p.r208_lots.all(versions[0].form)
    if not annexes:
        return _lots_from_awards(notice, awards, reader)
    translated = [
        (v.language, found)
        for v in versions[1:]
        if len(found := p.r208_lots.all(v.form)) == len(annexes)
    ]
    lots: list[Lot] = []
    for index, annex in enumerate(annexes):
        lot_versions = [(versions[0].language, annex)] + [
            (language, found[index]) for language, found in translated
        ]
        lot_id = clean(p.r208_lot_number.text(annex)) or str(index + 1)
        lots.append(
            Lot(
                lot_id=lot_id,
                title=reader.texts([(lang, p.r208_lot_title.first(e)) for lang, e in lot_versions]),
                description=reader.texts(
                    [(lang, p.r208_lot_description.first(e)) for lang, e in lot_versions]
                ),
                main_cpv=p.r208_cpv_main.text(annex) or notice.main_cpv,
                additional_cpv=p.r208_cpv_additional.texts(annex),
                estimated_value=reader.cost(p.r208_lot_value.first(annex), f"lot {lot_id}"),
            )
        )
    return unique_lot_ids(lots, reader)


def _lots_from_awards(notice: Notice, awards: list[etree._Element], reader: Reader) -> list[Lot]:
    p = reader.paths
    lots: dict[str, Lot] = {}
    for award in awards:
        lot_id = clean(p.r208_lot_number.text(award))
        if lot_id is not None and lot_id not in lots:
            title = reader.text(p.r208_contract_title.first(award))
            lots[lot_id] = Lot(
                lot_id=lot_id,
                title={notice.language: title} if title and notice.language else {},
                main_cpv=notice.main_cpv,
            )
    if lots:
        return list(lots.values())
    return [
        Lot(
            lot_id=WHOLE_NOTICE_LOT,
            title=dict(notice.title),
            description=dict(notice.description),
            main_cpv=notice.main_cpv,
            additional_cpv=list(notice.additional_cpv),
        )
    ]


def _procedure_terms(versions: list[Version], reader: Reader) -> ProcedureTerms:
    p = reader.paths
    form = versions[0].form
    operators = p.r208_operators.first(form)
    variants = p.r208_variants.text(form)
    return ProcedureTerms(
        deadline=reader.moment(
            *reader.day_month_year(p.r208_deadline.first(form)), "RECEIPT_LIMIT_DATE"
        ),
        framework_agreement=codes.framework_agreement(
            etree.QName(operators).localname if operators is not None else None,
            declared=p.r208_framework.first(form) is not None,
        ),
        reserved_participation=codes.reserved_participation(
            etree.QName(element).localname for element in p.r208_reserved.all(form)
        ),
        variants=_VARIANTS.get(variants, variants) if variants is not None else None,
        award_criteria=_criteria(versions, reader),
    )


def _criteria(versions: list[Version], reader: Reader) -> list[AwardCriterion]:
    p = reader.paths
    form = versions[0].form
    if p.r208_lowest_price.first(form) is not None:
        return [AwardCriterion(type="price")]
    found = p.r208_criteria.all(form)
    translated = [
        (v.language, other)
        for v in versions[1:]
        if len(other := p.r208_criteria.all(v.form)) == len(found)
    ]
    criteria = []
    for index, element in enumerate(found):
        names = [(versions[0].language, p.r208_criterion_name.first(element))] + [
            (language, p.r208_criterion_name.first(other[index])) for language, other in translated
        ]
        weight, weight_type = reader.weight(
            p.r208_criterion_weight.text(element), f"WEIGHTING criterion {index + 1}"
        )
        criteria.append(
            AwardCriterion(name=reader.texts(names), weight=weight, weight_type=weight_type)
        )
    return criteria


def _results(awards: list[etree._Element], lots: list[Lot], reader: Reader) -> list[LotResult]:
    p = reader.paths
    builder = ResultBuilder(reader)
    matcher = LotMatcher(lots, reader)
    for position, award in enumerate(awards, start=1):
        number = clean(p.r208_lot_number.text(award))
        title = reader.text(p.r208_contract_title.first(award)) if number is None else ""
        lot_id = matcher.lot_for(number, position, title)
        result = builder.section(lot_id, clean(p.r208_contract_number.text(award)))
        winners = [
            reader.parties.add(_organisation(element, reader))
            for element in p.r208_operators_awarded.all(award)
        ]
        offers = reader.count(p.r208_offers.text(award), f"OFFERS_RECEIVED_NUMBER lot {lot_id}")
        received = {codes.TENDERS: offers} if offers is not None else {}
        value = reader.cost(p.r208_contract_value.first(award), f"CONTRACT_VALUE lot {lot_id}")
        if winners or value is not None:
            builder.awarded(result, winners, received, value)
        elif received:
            result.received.update(received)
    matcher.report()
    return builder.results()
