"""The forms of TED schema R2.0.9: F01–F25 (the 2014 directives) and T01/T02 (MOVE, transport).

The form is read from its original-language version; the translations add their texts
(titles, descriptions, award criteria) under their own language.

Lots. Each OBJECT_DESCR is a lot named by its LOT_NO, as written. A notice with one OBJECT_DESCR
and no LOT_NO has one lot, ``1`` (or the lot number its award sections all give, when a result
notice describes one lot of a larger procedure); a notice without OBJECT_DESCR (F14) has one
lot ``1`` for its whole subject. A lot without its own title takes its subject's when it is the
only lot. Legacy TED gives the main CPV code for the subject only, so each lot has it as its
main code and its own codes as additional ones; the notice's additional codes are those of
its lots.

Several subjects. A prior information notice may announce several contracts, one
OBJECT_CONTRACT each. Their lots are told apart by the contract's number: ``2/1`` is lot 1 of
the second contract (``2/1`` also when the contract has no lots). The notice's title is the
titles of all the contracts, one to a line, and its description their descriptions; its main
CPV code is the first contract's, and its estimated value their sum when each gives one in the
same currency.

What applies to the whole procedure applies to every lot: the deadline (DATE_RECEIPT_TENDERS and
TIME_RECEIPT_TENDERS, "tenders or requests to participate", which in a two-stage procedure is
also the deadline for requests), the framework agreement and reserved participation.

Award criteria: AC_QUALITY, AC_COST and AC_PRICE become criteria of type quality, cost and
price with their weighting; the defence criteria of F15 (AC_CRITERIA) have no type; the criteria
of a concession (a lone AC_CRITERION, listed in descending order of importance) have no type
and their rank as weight (``ord-imp``). AC_PROCUREMENT_DOC, criteria given only in the
procurement documents, leaves the lot without criteria, as does a notice that says nothing.
Legacy forms have no fields for innovation, green or social objectives (BT-06, BT-774, BT-775,
BT-776, BT-805), so those lists stay empty: their absence is not "none".
"""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from kjopekraft.notices.model import (
    AwardCriterion,
    Lot,
    LotResult,
    Money,
    Notice,
    Organisation,
    Text,
)
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
ORDER_OF_IMPORTANCE = "ord-imp"
DEADLINE_SECTION = "IV.2.2"  # the deadline's place in the forms, named in F14 corrections

_CRITERION_TYPES = {"AC_QUALITY": "quality", "AC_COST": "cost", "AC_PRICE": "price"}


def read_form(notice: Notice, versions: list[Version], reader: Reader) -> None:
    p = reader.paths
    form = versions[0].form
    notice.legal_basis = _legal_basis(form, reader)
    notice.buyers = _buyers(form, reader)
    if (procedure_type := p.procedure_type.first(form)) is not None:
        notice.procedure_type = codes.procedure_type(etree.QName(procedure_type).localname)
    subjects = _subjects(versions, reader)
    titles = _read_subjects(notice, subjects, reader)
    awards = p.awards.all(form)
    several = len(subjects) > 1
    lots = [
        lot
        for number, (subject, title) in enumerate(zip(subjects, titles, strict=True), start=1)
        for lot in _lots(subject, title, f"{number}/" if several else "", awards, reader)
    ]
    notice.lots = unique_lot_ids(lots, reader) or [
        Lot(
            lot_id=WHOLE_NOTICE_LOT,
            title=dict(notice.title),
            description=dict(notice.description),
            main_cpv=notice.main_cpv,
        )
    ]
    notice.additional_cpv = list(
        dict.fromkeys(
            code
            for code in [
                *notice.additional_cpv,
                *(c for lot in notice.lots for c in lot.additional_cpv),
            ]
            if code != notice.main_cpv
        )
    )
    _procedure_terms(form, reader).apply(notice)
    notice.results = _results(form, awards, notice.lots, reader)
    references = References(reader)
    kind = "modification" if notice.form_type == "F20" else "previous"
    for raw in p.previous_notices.texts(form):
        references.add(raw, kind)
    for raw in p.corrected_notices.texts(form):
        references.add(raw, "change")
    notice.references = references.all


def _read_subjects(
    notice: Notice, subjects: list[list[tuple[str, etree._Element]]], reader: Reader
) -> list[Text]:
    """The notice's title, description, CPV codes and values from its subjects; their titles."""
    p = reader.paths
    titles = [reader.texts([(lang, p.title.first(e)) for lang, e in s]) for s in subjects]
    notice.title = _joined(titles, "\n")
    notice.description = _joined(
        [reader.texts([(lang, p.short_description.first(e)) for lang, e in s]) for s in subjects],
        "\n\n",
    )
    main_codes = [code for s in subjects if (code := p.main_cpv.text(s[0][1]))]
    if main_codes:
        notice.main_cpv, notice.additional_cpv = main_codes[0], main_codes[1:]
    notice.estimated_value = _estimated_total(subjects, reader)
    if len(subjects) == 1:
        notice.total_value = reader.money(p.total.first(subjects[0][0][1]), "VAL_TOTAL")
    return titles


def _legal_basis(form: etree._Element, reader: Reader) -> str | None:
    p = reader.paths
    if (value := p.legal_basis.text(form)) is not None:
        return value
    if (directive := p.directive.text(form)) is not None:
        return codes.DIRECTIVES.get(directive, directive)
    if p.legal_basis_other.first(form) is not None:
        return codes.OTHER_LEGAL_BASIS
    return None


def _buyers(form: etree._Element, reader: Reader) -> list[Organisation]:
    p = reader.paths
    legal_type = reader.code(
        p.buyer_type.text(form), codes.BUYER_LEGAL_TYPES, p.buyer_type_other.first(form)
    )
    activity = reader.code(
        p.buyer_activity.text(form), codes.ACTIVITIES, p.buyer_activity_other.first(form)
    )
    buyers = []
    for address in p.buyer_addresses.all(form):
        buyer = reader.organisation(address)
        buyer.legal_type, buyer.activity = legal_type, activity
        buyers.append(buyer)
    return reader.buyers(buyers)


def _subjects(versions: list[Version], reader: Reader) -> list[list[tuple[str, etree._Element]]]:
    """Each OBJECT_CONTRACT of the form, in every language version that has them all."""
    p = reader.paths
    found = [(v.language, p.objects.all(v.form)) for v in versions]
    language, subjects = found[0]
    translated = [(lang, other) for lang, other in found[1:] if len(other) == len(subjects)]
    return [
        [(language, subject)] + [(lang, other[index]) for lang, other in translated]
        for index, subject in enumerate(subjects)
    ]


def _joined(texts: list[Text], separator: str) -> Text:
    """The texts of several subjects as one text per language."""
    if len(texts) == 1:
        return texts[0]
    joined: dict[str, list[str]] = {}
    for text in texts:
        for language, value in text.items():
            joined.setdefault(language, []).append(value)
    return {language: separator.join(values) for language, values in joined.items()}


def _estimated_total(
    subjects: list[list[tuple[str, etree._Element]]], reader: Reader
) -> Money | None:
    """VAL_ESTIMATED_TOTAL; for several subjects their sum, when each gives one, in one currency."""
    p = reader.paths
    values = [
        reader.money(p.estimated_total.first(s[0][1]), "VAL_ESTIMATED_TOTAL") for s in subjects
    ]
    if len(values) == 1:
        return values[0]
    known = [value for value in values if value is not None]
    if not known or len(known) < len(values) or len({v.currency for v in known}) > 1:
        return None
    return Money(sum((v.amount for v in known), Decimal(0)), known[0].currency)


def _lots(
    subject: list[tuple[str, etree._Element]],
    subject_title: Text,
    prefix: str,
    awards: list[etree._Element],
    reader: Reader,
) -> list[Lot]:
    """The lots (OBJECT_DESCR) of one subject; ``prefix`` tells apart those of several subjects."""
    p = reader.paths
    language, element = subject[0]
    descriptions = p.lots.all(element)
    translated = [
        (lang, found)
        for lang, other in subject[1:]
        if len(found := p.lots.all(other)) == len(descriptions)
    ]
    main_cpv = p.main_cpv.text(element)
    lots: list[Lot] = []
    for index, description in enumerate(descriptions):
        versions = [(language, description)] + [(lang, found[index]) for lang, found in translated]
        lot_id = clean(p.lot_number.text(description))
        if lot_id is None:
            lot_id = _unnamed_lot_id(index, len(descriptions), awards, reader)
        lot_id = prefix + lot_id
        lot = Lot(
            lot_id=lot_id,
            title=reader.texts([(lang, p.title.first(e)) for lang, e in versions]),
            description=reader.texts(
                [(lang, p.short_description.first(e)) for lang, e in versions]
            ),
            main_cpv=p.main_cpv.text(description) or main_cpv,
            additional_cpv=p.additional_cpv.texts(description),
            estimated_value=reader.money(
                p.lot_value.first(description), f"VAL_OBJECT lot {lot_id}"
            ),
        )
        if not lot.title and len(descriptions) == 1:
            lot.title = dict(subject_title)
        if p.variants_allowed.first(description) is not None:
            lot.variants = "allowed"
        elif p.variants_not_allowed.first(description) is not None:
            lot.variants = "not-allowed"
        lot.award_criteria = _criteria(versions, lot_id, reader)
        lots.append(lot)
    return lots


def _unnamed_lot_id(index: int, count: int, awards: list[etree._Element], reader: Reader) -> str:
    if count == 1:
        named = {clean(reader.paths.lot_number.text(award)) for award in awards}
        if len(named) == 1 and (only := named.pop()) is not None:
            return only
        return WHOLE_NOTICE_LOT
    lot_id = str(index + 1)
    reader.warn(f"Lot description {lot_id} of {count} has no LOT_NO; it is called {lot_id!r}.")
    return lot_id


def _criteria(
    versions: list[tuple[str, etree._Element]], lot_id: str, reader: Reader
) -> list[AwardCriterion]:
    p = reader.paths
    language, element = versions[0]
    found = p.criteria.all(element)
    translated = [
        (lang, other) for lang, e in versions[1:] if len(other := p.criteria.all(e)) == len(found)
    ]
    criteria: list[AwardCriterion] = []
    rank = 0
    for index, criterion in enumerate(found):
        name = etree.QName(criterion).localname
        # A lone AC_CRITERION is its own name; the others hold one.
        lone = name == "AC_CRITERION"
        names: list[tuple[str, etree._Element | None]] = [
            (language, criterion if lone else p.criterion_name.first(criterion))
        ] + [
            (lang, other[index] if lone else p.criterion_name.first(other[index]))
            for lang, other in translated
        ]
        if lone:
            rank += 1
            criteria.append(
                AwardCriterion(
                    name=reader.texts(names), weight=Decimal(rank), weight_type=ORDER_OF_IMPORTANCE
                )
            )
            continue
        weight, weight_type = reader.weight(
            p.criterion_weight.text(criterion), f"AC_WEIGHTING lot {lot_id}"
        )
        criteria.append(
            AwardCriterion(
                type=_CRITERION_TYPES.get(name),
                name=reader.texts(names),
                weight=weight,
                weight_type=weight_type,
            )
        )
    return criteria


def _procedure_terms(form: etree._Element, reader: Reader) -> ProcedureTerms:
    p = reader.paths
    deadline = reader.moment(
        p.deadline_date.text(form), p.deadline_time.text(form), "DATE_RECEIPT_TENDERS"
    )
    for change in p.changes.all(form):
        if p.change_section.text(change) == DEADLINE_SECTION:
            changed = reader.moment(
                p.change_date.text(change), p.change_time.text(change), "CHANGE IV.2.2"
            )
            deadline = changed or deadline
    operators = p.framework_operators.first(form)
    return ProcedureTerms(
        deadline=deadline,
        framework_agreement=codes.framework_agreement(
            etree.QName(operators).localname if operators is not None else None,
            declared=p.framework.first(form) is not None,
        ),
        reserved_participation=codes.reserved_participation(
            etree.QName(element).localname for element in p.reserved.all(form)
        ),
    )


def _results(
    form: etree._Element, awards: list[etree._Element], lots: list[Lot], reader: Reader
) -> list[LotResult]:
    p = reader.paths
    builder = ResultBuilder(reader)
    matcher = LotMatcher(lots, reader)
    for position, award in enumerate(awards, start=1):
        number = clean(p.lot_number.text(award))
        title = reader.text(p.title.first(award)) if number is None else ""
        lot_id = matcher.lot_for(number, position, title)
        result = builder.section(lot_id, clean(p.contract_number.text(award)))
        if (awarded := p.awarded.first(award)) is not None:
            winners = [
                winner
                for contractor in p.contractors.all(awarded)
                if (winner := _party(contractor, p.contractor_address.first(contractor), reader))
            ]
            received = _received(p.tender_counts.all(awarded), lot_id, reader)
            value = reader.money(p.contract_value.first(awarded), f"VAL_TOTAL lot {lot_id}")
            builder.awarded(result, winners, received, value)
        elif p.not_awarded.first(award) is not None:
            builder.not_awarded(result)
    matcher.report()
    prizes = p.prizes.all(form)
    if prizes or p.no_prize.first(form) is not None:
        # A design contest (F13) has no lots: its prizes are the results of its one subject.
        lot_id = lots[0].lot_id
        result = builder.section(lot_id)
        for prize in prizes:
            winners = [
                winner
                for element in p.winners.all(prize)
                if (winner := _party(element, p.winner_address.first(element), reader))
            ]
            received = _received(p.participant_counts.all(prize), lot_id, reader)
            builder.awarded(result, winners, received, None)
        if not prizes:
            builder.not_awarded(result)
    return builder.results()


def _party(
    contractor: etree._Element, address: etree._Element | None, reader: Reader
) -> Organisation | None:
    if address is None:
        return None
    p = reader.paths
    organisation = reader.organisation(address)
    if p.sme.first(contractor) is not None:
        organisation.size = codes.SME
    elif p.not_sme.first(contractor) is not None:
        organisation.size = codes.NOT_SME
    return reader.parties.add(organisation)


def _received(elements: list[etree._Element], lot_id: str, reader: Reader) -> dict[str, int]:
    received: dict[str, int] = {}
    for element in elements:
        name = etree.QName(element).localname
        kind = codes.RECEIVED.get(name)
        count = reader.count((element.text or "").strip() or None, f"{name} lot {lot_id}")
        if kind is not None and count is not None:
            received[kind] = count
    return received
