"""`GET /api/effect-contracts/`: signed effect contracts, their outcomes and what is owed.

Every measurement is listed, corrections included, so that a reader can follow how each figure
came about; ``owed`` is computed from the terms and the measurements that stand today.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import generics, serializers

from kjopekraft.outcomes.models import EffectContract, Measurement, OutcomeIndicator


class ContractPartySerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    orgnr = serializers.CharField(allow_null=True, help_text="Organisation number")


class OutcomeMeasurementSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    corrects = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Measurement
        fields = ["id", "measured_for", "value", "reported_on", "evidence", "corrects", "reason"]


class OutcomeIndicatorSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    measurements = OutcomeMeasurementSerializer(many=True)

    class Meta:
        model = OutcomeIndicator
        fields = [
            "id",
            "name",
            "unit",
            "baseline",
            "target",
            "measurement_dates",
            "evidence_source",
            "weight",
            "measurements",
        ]


class OutcomePaymentSerializer(serializers.Serializer):  # type: ignore[type-arg]
    due = serializers.DateField()
    amount = serializers.IntegerField(help_text="NOK, whole kroner as the contract rounds")
    indicators = serializers.ListField(child=serializers.IntegerField())


class OutcomeSettlementSerializer(serializers.Serializer):  # type: ignore[type-arg]
    maximum = serializers.IntegerField(help_text="Repaid when every target is met (NOK)")
    owed = serializers.IntegerField(help_text="Owed so far (NOK)")
    final = serializers.BooleanField(help_text="Every indicator is decided")
    payments = OutcomePaymentSerializer(many=True)


class EffectContractSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    url = serializers.SerializerMethodField(help_text="The contract's public page")
    commissioner = ContractPartySerializer()
    investor = ContractPartySerializer()
    provider = ContractPartySerializer()
    indicators = OutcomeIndicatorSerializer(many=True)
    settlement = serializers.SerializerMethodField()

    class Meta:
        model = EffectContract
        fields = [
            "id",
            "url",
            "title",
            "measure",
            "commissioner",
            "investor",
            "provider",
            "funded_from",
            "funded_until",
            "investment",
            "repayment_percent",
            "partial",
            "rounding",
            "payment_days",
            "reporting_days",
            "late_evidence",
            "takeover",
            "signed_on",
            "indicators",
            "settlement",
        ]

    def get_url(self, contract: EffectContract) -> str:
        request = self.context.get("request")
        path = contract.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    @extend_schema_field(OutcomeSettlementSerializer(allow_null=True))
    def get_settlement(self, contract: EffectContract) -> dict[str, Any] | None:
        settlement = contract.settlement(timezone.localdate())
        if settlement is None:
            return None
        return {
            "maximum": int(settlement.maximum),
            "owed": int(settlement.owed),
            "final": settlement.final,
            "payments": [
                {"due": p.due, "amount": int(p.amount), "indicators": [int(t) for t in p.targets]}
                for p in settlement.payments
            ],
        }


class EffectContractList(generics.ListAPIView):  # type: ignore[type-arg]
    """Signed effect contracts, newest first; drafts are never shown."""

    serializer_class = EffectContractSerializer

    def get_queryset(self) -> Any:
        return (
            EffectContract.objects.signed()
            .select_related("commissioner", "investor", "provider")
            .prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=OutcomeIndicator.objects.prefetch_related("measurements"),
                )
            )
            .order_by("-signed_on", "-pk")
        )
