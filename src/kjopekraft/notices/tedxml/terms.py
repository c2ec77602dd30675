"""What a legacy notice says once for the whole procedure, and eForms says for each lot."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from kjopekraft.notices.model import AwardCriterion, Notice
from kjopekraft.notices.tedxml import codes


@dataclass(slots=True)
class ProcedureTerms:
    """Terms of the procedure that every lot of the notice gets.

    The one deadline of a legacy form is for "tenders or requests to participate"; in a
    two-stage procedure (restricted, negotiated with a call, competitive dialogue, innovation
    partnership) it is the deadline for requests, so the lots get it as that deadline too.
    """

    deadline: dt.datetime | None = None
    framework_agreement: str | None = None
    reserved_participation: list[str] = field(default_factory=list)
    # None leaves what the lots say of their own.
    variants: str | None = None
    award_criteria: list[AwardCriterion] | None = None

    def apply(self, notice: Notice) -> None:
        two_stage = notice.procedure_type in codes.TWO_STAGE_PROCEDURES
        for lot in notice.lots:
            lot.deadline = self.deadline
            lot.participation_deadline = self.deadline if two_stage else None
            lot.framework_agreement = self.framework_agreement
            lot.reserved_participation = list(self.reserved_participation)
            if self.variants is not None:
                lot.variants = self.variants
            if self.award_criteria is not None:
                lot.award_criteria = [
                    replace(c, name=dict(c.name), description=dict(c.description))
                    for c in self.award_criteria
                ]
        notice.deadline = self.deadline
