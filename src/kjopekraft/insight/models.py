"""What Insight stores: the assessment of every procedure."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from kjopekraft.insight.assessment import GreenLevel, InnovationLevel, SocialLevel
from kjopekraft.notices.models import Procedure


def _choices(
    levels: type[InnovationLevel] | type[GreenLevel] | type[SocialLevel],
) -> list[tuple[str, str]]:
    return [(level.value, level.value) for level in levels]


class ProcedureAssessment(models.Model):
    """The innovation, green and social assessment of one procedure, with its evidence.

    Rebuilt whenever the procedure's notices change, and for every procedure when the rule set
    (``version``) changes: `kjopekraft assess --all`.
    """

    procedure = models.OneToOneField(
        Procedure, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("procedure")
    )
    version = models.CharField(_("rule set"), max_length=20)
    innovation = models.CharField(_("innovation"), max_length=20, choices=_choices(InnovationLevel))
    green = models.CharField(_("green"), max_length=20, choices=_choices(GreenLevel))
    social = models.CharField(_("social"), max_length=20, choices=_choices(SocialLevel))
    keyword_hit = models.BooleanField(
        _("innovation keyword"),
        default=False,
        help_text=_("The naive keyword count, for contrast."),
    )
    market_dialogue = models.BooleanField(_("market dialogue"), default=False)
    document = models.JSONField(help_text="The whole assessment with its evidence")
    assessed = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        indexes = [
            models.Index(fields=["innovation"], name="assessment_innovation_idx"),
            models.Index(fields=["version"], name="assessment_version_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.procedure}: {self.innovation}/{self.green}/{self.social}"
