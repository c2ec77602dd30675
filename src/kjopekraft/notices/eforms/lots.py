"""Lots and parts (cac:ProcurementProjectLot) with their strategic fields and award criteria.

A lot (``LOT-0001``) and a part of a prior information notice (``PAR-0000``) both become a
:class:`Lot`. A group of lots (``GLO-0001``, BT-330) is not bought on its own and is not a lot,
but award criteria may be given for the group alone: a lot of the group that has no criteria
of its own then gets the group's.
"""

from __future__ import annotations

from dataclasses import replace

from lxml import etree

from kjopekraft.notices.eforms import values
from kjopekraft.notices.eforms import xpaths as xp
from kjopekraft.notices.eforms.context import NoticeContext
from kjopekraft.notices.model import AwardCriterion, Lot, NoticeReference

LOTS_GROUP_SCHEME = "LotsGroup"
# The lot id given to the one lot of a notice that has no lot or part element (a buyer
# profile notice, for example), so that every notice has at least one lot.
WHOLE_NOTICE_LOT = "LOT-0000"

# cac:ProcurementAdditionalType codes by @listName. Doffin has also written the social
# objective under "social-procurement", so both names are read.
_STRATEGIC = "strategic-procurement"  # BT-06
_INNOVATION = "innovative-acquisition"  # BT-776
_ENVIRONMENT = "environmental-impact"  # BT-774
_GREEN = "gpp-criteria"  # BT-805
_SOCIAL = ("social-objective", "social-procurement")  # BT-775
_WEIGHT_LIST = "number-weight"  # BT-5421, preferred over number-fixed and number-threshold


def read_lots(root: etree._Element, context: NoticeContext) -> list[Lot]:
    lots: list[Lot] = []
    group_criteria: dict[str, list[AwardCriterion]] = {}
    for position, element in enumerate(xp.LOTS.all(root), start=1):
        id_element = xp.LOT_ID.first(element)
        lot_id = xp.LOT_ID.text(element)
        if id_element is not None and id_element.get("schemeName") == LOTS_GROUP_SCHEME:
            if lot_id is not None:
                group_criteria[lot_id] = _read_criteria(element, lot_id, context)
            continue
        if lot_id is None:
            lot_id = f"#{position}"
            context.warn(f"Lot {position} has no identifier (BT-137); it is called {lot_id!r}.")
        lots.append(_read_lot(element, lot_id, context))
    if any(group_criteria.values()):
        _share_group_criteria(root, lots, group_criteria, context)
    return lots


def whole_notice_lot(project: etree._Element | None, context: NoticeContext) -> Lot:
    """The one lot of a notice without lots: the procedure's own subject."""
    lot = Lot(lot_id=WHOLE_NOTICE_LOT)
    if project is not None:
        _read_project(lot, project, context)
    return lot


def read_references(element: etree._Element, kind: str, scope: str | None) -> list[NoticeReference]:
    """The cac:NoticeDocumentReference of a lot (BT-125(i), BT-1251) or of the procedure."""
    references = []
    for reference in xp.NOTICE_REFERENCES.all(element):
        notice_id = xp.REFERENCE_ID.text(reference)
        if notice_id is None or values.is_not_available(notice_id):
            continue
        part_id = xp.REFERENCE_PART.text(reference)
        references.append(NoticeReference(notice_id, part_id=part_id, scope=scope, kind=kind))
    return references


def _share_group_criteria(
    root: etree._Element,
    lots: list[Lot],
    group_criteria: dict[str, list[AwardCriterion]],
    context: NoticeContext,
) -> None:
    by_id = {lot.lot_id: lot for lot in lots}
    members = {
        group_id: xp.GROUP_LOTS.texts(group)
        for group in xp.LOTS_GROUPS.all(root)
        if (group_id := xp.GROUP_ID.text(group)) is not None
    }
    for group_id, criteria in group_criteria.items():
        lot_ids = [lot_id for lot_id in members.get(group_id, []) if lot_id in by_id]
        if criteria and not lot_ids:
            context.warn(f"{group_id} has award criteria but no lots; they were left out.")
        for lot_id in dict.fromkeys(lot_ids):
            lot = by_id[lot_id]
            if not lot.award_criteria:
                lot.award_criteria = [replace(criterion) for criterion in criteria]


def _read_lot(element: etree._Element, lot_id: str, context: NoticeContext) -> Lot:
    lot = Lot(lot_id=lot_id)
    project = xp.LOT_PROJECT.first(element)
    if project is not None:
        _read_project(lot, project, context)
    lot.deadline = context.moment(
        xp.DEADLINE_DATE.text(element), xp.DEADLINE_TIME.text(element), f"BT-131 {lot_id}"
    )
    lot.participation_deadline = context.moment(
        xp.REQUESTS_DATE.text(element), xp.REQUESTS_TIME.text(element), f"BT-1311 {lot_id}"
    )
    lot.reserved_participation = xp.RESERVED.texts(element)
    lot.variants = xp.VARIANTS.text(element)
    lot.framework_agreement = xp.FRAMEWORK.text(element)
    lot.award_criteria = _read_criteria(element, lot_id, context)
    lot.references = read_references(element, "planning", lot_id)
    return lot


def _read_project(lot: Lot, project: etree._Element, context: NoticeContext) -> None:
    lot.title = context.text(xp.NAME.all(project))
    lot.description = context.text(xp.DESCRIPTION.all(project))
    lot.main_cpv = xp.MAIN_CPV.text(project)
    lot.additional_cpv = xp.ADDITIONAL_CPV.texts(project)
    lot.estimated_value = context.money(xp.ESTIMATED_VALUE.first(project), f"BT-27 {lot.lot_id}")
    codes: dict[str, list[str]] = {}
    for code in xp.ADDITIONAL_TYPES.all(project):
        if code.text and (text := code.text.strip()):
            codes.setdefault(code.get("listName") or "", []).append(text)
    lot.strategic_procurement = codes.get(_STRATEGIC, [])
    lot.innovative_acquisition = codes.get(_INNOVATION, [])
    lot.environmental_impact = codes.get(_ENVIRONMENT, [])
    lot.green_criteria = codes.get(_GREEN, [])
    lot.social_objective = [code for name in _SOCIAL for code in codes.get(name, [])]


def _read_criteria(
    element: etree._Element, lot_id: str, context: NoticeContext
) -> list[AwardCriterion]:
    return [_read_criterion(criterion, lot_id, context) for criterion in xp.CRITERIA.all(element)]


def _read_criterion(element: etree._Element, lot_id: str, context: NoticeContext) -> AwardCriterion:
    criterion = AwardCriterion(
        type=xp.CRITERION_TYPE.text(element),
        name=context.text(xp.CRITERION_NAME.all(element)),
        description=context.text(xp.CRITERION_DESCRIPTION.all(element)),
    )
    parameters = xp.CRITERION_PARAMETERS.all(element)
    # A criterion has one number in practice; a weight is preferred if several are given.
    parameters.sort(key=lambda p: _parameter_list(p) != _WEIGHT_LIST)
    for parameter in parameters:
        number = xp.PARAMETER_NUMBER.text(parameter)
        if number is None:
            continue
        criterion.weight = context.decimal(number, f"BT-541 {lot_id}")
        criterion.weight_type = xp.PARAMETER_CODE.text(parameter)
        break
    return criterion


def _parameter_list(parameter: etree._Element) -> str | None:
    code = xp.PARAMETER_CODE.first(parameter)
    return code.get("listName") if code is not None else None
