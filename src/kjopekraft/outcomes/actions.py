"""Every change to an effect contract, each one atomic and written to its change log.

There is no other way to change a contract than through these functions (the admin shows the
contracts read-only), so the log is complete: each entry says who, when, which fields changed
from what to what, and, for a correction, why.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kjopekraft.accounts.models import User
from kjopekraft.organisations.models import Organisation
from kjopekraft.outcomes.models import (
    ChangeLog,
    ContractError,
    EffectContract,
    Measurement,
    OutcomeIndicator,
    difference,
    snapshot,
)
from kjopekraft.solutions.actions import CatalogueError, organisation_for


def party(number: str, name: str = "", kind: str = Organisation.Kind.COMPANY) -> Organisation:
    """The investor or provider by organisasjonsnummer (MOD11-checked), registered if new."""
    try:
        return organisation_for(number, name, kind)
    except CatalogueError as exc:
        raise ContractError(str(exc)) from exc


def _require_draft(contract: EffectContract) -> None:
    if not contract.is_draft:
        raise ContractError(_("A signed contract's terms cannot be changed."))


@transaction.atomic
def save_contract(
    contract: EffectContract,
    *,
    by: User,
    investor: tuple[str, str] | None = None,
    provider: tuple[str, str] | None = None,
) -> EffectContract:
    """Create a draft contract or change its terms; the log records each changed field.

    ``investor`` and ``provider`` are (organisasjonsnummer, name) of parties that may be new;
    they are registered in the same transaction, so a refused contract leaves nothing behind.
    """
    if investor is not None:
        contract.investor = party(*investor)
    if provider is not None:
        contract.provider = party(*provider)
    contract.full_clean()
    if not contract.commissioner.is_public:
        raise ContractError(_("The commissioning buyer must be a public body."))
    if contract.pk is None:
        contract.created_by = by
        contract.save()
        after = snapshot(contract, EffectContract.LOGGED)
        ChangeLog.record(
            contract,
            by,
            ChangeLog.Action.CREATED,
            contract,
            {k: [None, v] for k, v in after.items()},
        )
        return contract
    stored = EffectContract.objects.select_for_update().get(pk=contract.pk)
    _require_draft(stored)
    before = snapshot(stored, EffectContract.LOGGED)
    contract.save()
    changes = difference(before, snapshot(contract, EffectContract.LOGGED))
    if changes:
        ChangeLog.record(contract, by, ChangeLog.Action.CHANGED, contract, changes)
    return contract


@transaction.atomic
def save_indicator(indicator: OutcomeIndicator, *, by: User) -> OutcomeIndicator:
    contract = EffectContract.objects.select_for_update().get(pk=indicator.contract_id)
    _require_draft(contract)
    indicator.full_clean()
    if indicator.pk is None:
        indicator.order = contract.indicators.count()
        indicator.save()
        after = snapshot(indicator, OutcomeIndicator.LOGGED)
        ChangeLog.record(
            contract,
            by,
            ChangeLog.Action.INDICATOR_ADDED,
            indicator,
            {k: [None, v] for k, v in after.items()},
        )
        return indicator
    before = snapshot(OutcomeIndicator.objects.get(pk=indicator.pk), OutcomeIndicator.LOGGED)
    indicator.save()
    changes = difference(before, snapshot(indicator, OutcomeIndicator.LOGGED))
    if changes:
        ChangeLog.record(contract, by, ChangeLog.Action.INDICATOR_CHANGED, indicator, changes)
    return indicator


@transaction.atomic
def remove_indicator(indicator: OutcomeIndicator, *, by: User) -> None:
    contract = EffectContract.objects.select_for_update().get(pk=indicator.contract_id)
    _require_draft(contract)
    before = snapshot(indicator, OutcomeIndicator.LOGGED)
    ChangeLog.record(
        contract,
        by,
        ChangeLog.Action.INDICATOR_REMOVED,
        indicator,
        {k: [v, None] for k, v in before.items()},
    )
    indicator.delete()


@transaction.atomic
def sign_contract(contract: EffectContract, *, by: User, signed_on: date) -> None:
    """The parties have signed: the terms are fixed and outcomes can be measured."""
    contract = EffectContract.objects.select_for_update().get(pk=contract.pk)
    _require_draft(contract)
    problems = contract.problems()
    if problems:
        raise ContractError(" ".join(problems))
    contract.status = EffectContract.Status.SIGNED
    contract.signed_on = signed_on
    contract.save(update_fields=["status", "signed_on", "updated"])
    ChangeLog.record(
        contract,
        by,
        ChangeLog.Action.SIGNED,
        contract,
        {"status": ["draft", "signed"], "signed_on": [None, signed_on.isoformat()]},
    )


def _measured(measurement: Measurement) -> dict[str, Any]:
    return {
        "measured_for": measurement.measured_for.isoformat(),
        "value": format(Decimal(measurement.value).normalize(), "f"),
        "reported_on": measurement.reported_on.isoformat(),
        "evidence": measurement.evidence,
    }


def _check_reported(reported_on: date) -> None:
    if reported_on > timezone.localdate():
        raise ContractError(_("The evidence cannot have arrived in the future."))


@transaction.atomic
def record_measurement(
    indicator: OutcomeIndicator,
    *,
    by: User,
    measured_for: date,
    value: Decimal,
    reported_on: date,
    evidence: str,
) -> Measurement:
    """A value for one of the indicator's measurement dates, with the evidence behind it."""
    contract = EffectContract.objects.select_for_update().get(pk=indicator.contract_id)
    if contract.is_draft:
        raise ContractError(_("Outcomes are measured once the contract is signed."))
    if measured_for not in indicator.dates():
        raise ContractError(_("That is not one of the indicator's measurement dates."))
    if indicator.measurements.filter(measured_for=measured_for, corrects=None).exists():
        raise ContractError(
            _("A value for that date is already recorded: correct it, giving the reason.")
        )
    _check_reported(reported_on)
    if not evidence.strip():
        raise ContractError(_("Say what the value is based on."))
    measurement = Measurement.objects.create(
        indicator=indicator,
        measured_for=measured_for,
        value=value,
        reported_on=reported_on,
        evidence=evidence.strip(),
        recorded_by=by,
    )
    ChangeLog.record(
        contract,
        by,
        ChangeLog.Action.MEASURED,
        measurement,
        {k: [None, v] for k, v in _measured(measurement).items()},
    )
    return measurement


@transaction.atomic
def correct_measurement(
    measurement: Measurement,
    *,
    by: User,
    value: Decimal,
    reported_on: date,
    evidence: str,
    reason: str,
) -> Measurement:
    """Replace a measurement by a corrected one; the old one stays, marked as corrected."""
    contract = EffectContract.objects.select_for_update().get(pk=measurement.indicator.contract_id)
    if Measurement.objects.filter(corrects=measurement).exists():
        raise ContractError(_("This value is already corrected: correct the newest one."))
    if not reason.strip():
        raise ContractError(_("Give the reason for the correction."))
    _check_reported(reported_on)
    correction = Measurement.objects.create(
        indicator=measurement.indicator,
        measured_for=measurement.measured_for,
        value=value,
        reported_on=reported_on,
        evidence=evidence.strip() or measurement.evidence,
        corrects=measurement,
        reason=reason.strip(),
        recorded_by=by,
    )
    ChangeLog.record(
        contract,
        by,
        ChangeLog.Action.CORRECTED,
        correction,
        difference(_measured(measurement), _measured(correction)),
        reason=reason.strip(),
    )
    return correction
