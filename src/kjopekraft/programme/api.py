"""The challenges API: `GET /api/challenges/`, every challenge but drafts, without login."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers

from kjopekraft.programme.models import Challenge, Criterion, Topic


class BuyerSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    orgnr = serializers.CharField(allow_null=True, help_text="Organisation number")


class CriterionSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    class Meta:
        model = Criterion
        fields = ["name", "description", "weight"]


class ChallengeSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    status = serializers.ChoiceField(
        choices=[c for c in Challenge.Status.values if c != Challenge.Status.DRAFT],
        help_text="published, closed, evaluation, pilot, decision, done or cancelled",
    )
    lead_buyer = BuyerSerializer()
    participating_buyers = BuyerSerializer(many=True)
    criteria = CriterionSerializer(many=True)
    url = serializers.SerializerMethodField(help_text="The challenge's public page")

    class Meta:
        model = Challenge
        fields = [
            "id",
            "url",
            "title",
            "status",
            "topic",
            "problem",
            "desired_effect",
            "effect_indicator",
            "offer",
            "pilot_budget",
            "pilot_months",
            "eligibility",
            "question_deadline",
            "proposal_deadline",
            "procurement_route",
            "doffin_notice_required",
            "doffin_reference",
            "lead_buyer",
            "participating_buyers",
            "criteria",
            "cancel_reason",
            "published_at",
        ]

    def get_url(self, challenge: Challenge) -> str:
        request = self.context.get("request")
        path = reverse("programme:challenge", args=[challenge.pk])
        return request.build_absolute_uri(path) if request else path


class ChallengeList(generics.ListAPIView):  # type: ignore[type-arg]
    """Every published challenge, whatever its phase since, newest first; never a draft."""

    serializer_class = ChallengeSerializer

    def get_queryset(self) -> Any:
        queryset = (
            Challenge.objects.public()
            .select_related("lead_buyer")
            .prefetch_related("participating_buyers", "criteria")
            .order_by("-published_at", "-pk")
        )
        status = self.request.query_params.get("status")
        if status:
            queryset = queryset.filter(status=status[:20])
        topic = self.request.query_params.get("topic")
        if topic:
            queryset = queryset.filter(topic=topic[:30])
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "status",
                str,
                enum=[c for c in Challenge.Status.values if c != Challenge.Status.DRAFT],
            ),
            OpenApiParameter("topic", str, enum=Topic.values),
        ]
    )
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)
