from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "kjopekraft.programme"
    label = "programme"
    verbose_name = _("Programme for innovation purchases")

    def ready(self) -> None:
        from kjopekraft.programme import signals  # noqa: F401 - connects the receivers

    def personal_data(self, user: Any) -> dict[str, Any]:
        """The person's needs, questions, proposals, evaluations and followed topics."""
        from kjopekraft.programme.models import (
            Evaluator,
            Need,
            Proposal,
            Question,
            TopicSubscription,
        )

        return {
            "needs": [
                {
                    "title": n.title,
                    "organisation": n.organisation.name,
                    "status": n.status,
                    "problem": n.problem,
                    "desired_effect": n.desired_effect,
                    "created": n.created.isoformat(),
                }
                for n in Need.objects.filter(author=user).select_related("organisation")
            ],
            "questions": [
                {
                    "challenge": q.challenge.title,
                    "question": q.text,
                    "asked": q.created.isoformat(),
                    "answer": q.answer.text if q.is_answered else None,
                }
                for q in Question.objects.filter(asker=user).select_related("challenge", "answer")
            ],
            "proposals": [
                {
                    "challenge": p.challenge.title,
                    "supplier": p.supplier.name,
                    "title": p.title,
                    "status": p.status,
                    "submitted": p.created.isoformat(),
                    "attachments": [a.original_name for a in p.attachments.all()],
                }
                for p in Proposal.objects.filter(submitted_by=user).select_related(
                    "challenge", "supplier"
                )
            ],
            "evaluations": [
                {
                    "challenge": e.challenge.title,
                    "declared": e.declared.isoformat() if e.declared else None,
                    "conflict": e.has_conflict,
                    "declaration": e.declaration,
                    "scores": [
                        {
                            "proposal": s.proposal.title,
                            "criterion": s.criterion.name,
                            "score": s.value,
                            "justification": s.justification,
                        }
                        for s in e.scores.select_related("proposal", "criterion")
                    ],
                }
                for e in Evaluator.objects.filter(user=user).select_related("challenge")
            ],
            "topics": list(
                TopicSubscription.objects.filter(user=user).values_list("topic", flat=True)
            ),
        }
