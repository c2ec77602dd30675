"""Lots and parts (cac:ProcurementProjectLot) with their strategic fields and award criteria.

A lot (``LOT-0001``) and a part of a prior information notice (``PAR-0000``) both become a
:class:`Lot`. A group of lots (``GLO-0001``, BT-330) is not bought on its own and is not a lot,
but award criteria may be given for the group alone: a lot of the group that has no criteria
of its own then gets the group's.
"""

from __future__ import annotations

from dataclasses import replace

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


def read_lots(notice: xp.Found, context: NoticeContext) -> list[Lot]:
    """The lots and parts of the notice, from what :data:`xp.NOTICE` found in its root."""
    lots: list[Lot] = []
    group_criteria: dict[str, list[AwardCriterion]] = {}
    for position, element in enumerate(notice.all(xp.LOTS), start=1):
        found = xp.LOT.read(element)
        id_element = found.first(xp.LOT_ID)
        lot_id = found.text(xp.LOT_ID)
        if id_element is not None and id_element.get("schemeName") == LOTS_GROUP_SCHEME:
            if lot_id is not None:
                group_criteria[lot_id] = _read_criteria(found, lot_id, context)
            continue
        if lot_id is None:
            lot_id = f"#{position}"
            context.warn(f"Lot {position} has no identifier (BT-137); it is called {lot_id!r}.")
        lots.append(_read_lot(found, lot_id, context))
    if any(group_criteria.values()):
        _share_group_criteria(notice, lots, group_criteria, context)
    return lots


def whole_notice_lot(project: xp.Found | None, context: NoticeContext) -> Lot:
    """The one lot of a notice without lots: the procedure's own subject."""
    lot = Lot(lot_id=WHOLE_NOTICE_LOT)
    if project is not None:
        _read_project(lot, project, context)
    return lot


def read_references(found: xp.Found, kind: str, scope: str | None) -> list[NoticeReference]:
    """The cac:NoticeDocumentReference of a lot (BT-125(i), BT-1251) or of the procedure."""
    references = []
    for reference in found.all(xp.NOTICE_REFERENCES):
        notice_id = xp.REFERENCE_ID.text(reference)
        if notice_id is None or values.is_not_available(notice_id):
            continue
        part_id = xp.REFERENCE_PART.text(reference)
        references.append(NoticeReference(notice_id, part_id=part_id, scope=scope, kind=kind))
    return references


def _share_group_criteria(
    notice: xp.Found,
    lots: list[Lot],
    group_criteria: dict[str, list[AwardCriterion]],
    context: NoticeContext,
) -> None:
    by_id = {lot.lot_id: lot for lot in lots}
    members = {
        group_id: xp.GROUP_LOTS.texts(group)
        for group in notice.all(xp.LOTS_GROUPS)
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


def _read_lot(found: xp.Found, lot_id: str, context: NoticeContext) -> Lot:
    lot = Lot(lot_id=lot_id)
    project = found.read_first(xp.LOT_PROJECT)
    if project is not None:
        _read_project(lot, project, context)
    lot.deadline = context.moment(
        found.text(xp.DEADLINE_DATE), found.text(xp.DEADLINE_TIME), f"BT-131 {lot_id}"
    )
    lot.participation_deadline = context.moment(
        found.text(xp.REQUESTS_DATE), found.text(xp.REQUESTS_TIME), f"BT-1311 {lot_id}"
    )
    lot.reserved_participation = found.texts(xp.RESERVED)
    lot.variants = found.text(xp.VARIANTS)
    lot.framework_agreement = found.text(xp.FRAMEWORK)
    lot.award_criteria = _read_criteria(found, lot_id, context)
    lot.references = read_references(found, "planning", lot_id)
    return lot


def _read_project(lot: Lot, project: xp.Found, context: NoticeContext) -> None:
    lot.title = context.text(project.all(xp.NAME))
    lot.description = context.text(project.all(xp.DESCRIPTION))
    lot.main_cpv = project.text(xp.MAIN_CPV)
    lot.additional_cpv = project.texts(xp.ADDITIONAL_CPV)
    lot.estimated_value = context.money(project.first(xp.ESTIMATED_VALUE), f"BT-27 {lot.lot_id}")
    codes: dict[str, list[str]] = {}
    for code in project.all(xp.ADDITIONAL_TYPES):
        if code.text and (text := code.text.strip()):
            codes.setdefault(code.get("listName") or "", []).append(text)
    lot.strategic_procurement = codes.get(_STRATEGIC, [])
    lot.innovative_acquisition = codes.get(_INNOVATION, [])
    lot.environmental_impact = codes.get(_ENVIRONMENT, [])
    lot.green_criteria = codes.get(_GREEN, [])
    lot.social_objective = [code for name in _SOCIAL for code in codes.get(name, [])]


def _read_criteria(found: xp.Found, lot_id: str, context: NoticeContext) -> list[AwardCriterion]:
    return [
        _read_criterion(xp.CRITERION.read(criterion), lot_id, context)
        for criterion in found.all(xp.CRITERIA)
    ]


def _read_criterion(found: xp.Found, lot_id: str, context: NoticeContext) -> AwardCriterion:
    criterion = AwardCriterion(
        type=found.text(xp.CRITERION_TYPE),
        name=context.text(found.all(xp.CRITERION_NAME)),
        description=context.text(found.all(xp.CRITERION_DESCRIPTION)),
    )
    parameters = [xp.PARAMETER.read(element) for element in found.all(xp.CRITERION_PARAMETERS)]
    if len(parameters) > 1:
        # A criterion has one number in practice; a weight is preferred if several are given.
        parameters.sort(key=lambda parameter: _parameter_list(parameter) != _WEIGHT_LIST)
    for parameter in parameters:
        number = parameter.text(xp.PARAMETER_NUMBER)
        if number is None:
            continue
        criterion.weight = context.decimal(number, f"BT-541 {lot_id}")
        criterion.weight_type = parameter.text(xp.PARAMETER_CODE)
        break
    return criterion


def _parameter_list(parameter: xp.Found) -> str | None:
    code = parameter.first(xp.PARAMETER_CODE)
    return code.get("listName") if code is not None else None
