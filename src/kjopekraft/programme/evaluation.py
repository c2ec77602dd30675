"""The ranking of proposals by weighted score, and where the evaluators disagree.

A proposal's score on a criterion is the mean of the evaluators' scores (0–10); its total is
the sum of those means weighted by the criteria's weights (per cent), so the total is on the
same 0–10 scale. Disagreement is shown as the spread (highest minus lowest score) per
criterion: a spread of ``DISAGREEMENT_SPREAD`` points or more is flagged for discussion, since
the ranking then depends on whose view prevails.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from kjopekraft.programme.models import Challenge, Criterion, Proposal, Score

DISAGREEMENT_SPREAD = 4


@dataclass
class CriterionResult:
    criterion: Criterion
    scores: list[int]
    mean: float | None
    spread: int | None

    @property
    def disagreement(self) -> bool:
        return self.spread is not None and self.spread >= DISAGREEMENT_SPREAD


@dataclass
class RankedProposal:
    proposal: Proposal
    total: float | None
    criteria: list[CriterionResult] = field(default_factory=list)
    complete: bool = False
    rank: int | None = None

    @property
    def disagreements(self) -> list[CriterionResult]:
        return [c for c in self.criteria if c.disagreement]


def ranking(challenge: Challenge) -> list[RankedProposal]:
    """Every submitted or decided proposal, best weighted score first; unscored ones last."""
    criteria = list(challenge.criteria.all())
    proposals = list(challenge.proposals.active().select_related("supplier"))
    cleared = [e.pk for e in challenge.evaluators.all() if e.is_cleared]
    by_cell: dict[tuple[int, int], list[int]] = {}
    for score in Score.objects.filter(proposal__in=proposals, evaluator_id__in=cleared):
        by_cell.setdefault((score.proposal_id, score.criterion_id), []).append(score.value)
    rows = []
    for proposal in proposals:
        results = []
        for criterion in criteria:
            values = sorted(by_cell.get((proposal.pk, criterion.pk), []))
            results.append(
                CriterionResult(
                    criterion,
                    values,
                    mean(values) if values else None,
                    (values[-1] - values[0]) if values else None,
                )
            )
        complete = bool(results) and all(r.mean is not None for r in results)
        total = (
            sum(r.mean * r.criterion.weight / 100 for r in results if r.mean is not None)
            if complete
            else None
        )
        rows.append(RankedProposal(proposal, total, results, complete))
    rows.sort(key=lambda r: (r.total is None, -(r.total or 0), r.proposal.pk))
    for position, row in enumerate(rows, start=1):
        row.rank = position if row.total is not None else None
    return rows


def progress(challenge: Challenge) -> dict[str, Any]:
    """How far the evaluation has come: scores given out of scores expected."""
    cleared = [e for e in challenge.evaluators.all() if e.is_cleared]
    proposals = challenge.proposals.active().count()
    criteria = challenge.criteria.count()
    expected = len(cleared) * proposals * criteria
    given = Score.objects.filter(evaluator__in=cleared, proposal__challenge=challenge).count()
    return {"expected": expected, "given": given}
