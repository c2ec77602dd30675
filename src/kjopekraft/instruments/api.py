"""The advisor API: ``GET /api/advice/``, the same answer as ``kjopekraft advise --json``."""

from __future__ import annotations

from typing import Any

from django.utils import translation
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kjopekraft.instruments import advisor, answer

YES_NO = ["yes", "no"]


class AdviceQuerySerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The question, as query parameters. Only documents them: ``advisor.py`` checks them."""

    buyer_kind = serializers.ChoiceField(
        choices=[k.value for k in advisor.BuyerKind],
        help_text="state: central government; other: other public buyers; utility: utilities",
    )
    type = serializers.ChoiceField(choices=[p.value for p in advisor.Purchase])
    value = serializers.DecimalField(
        max_digits=16, decimal_places=2, min_value=0, help_text="Estimated value, NOK excl. VAT"
    )
    date = serializers.DateField(
        required=False, help_text="YYYY-MM-DD, default today; not before the first period"
    )
    exists_on_market = serializers.ChoiceField(choices=YES_NO, required=False)
    needs_development = serializers.ChoiceField(choices=YES_NO, required=False)
    can_specify = serializers.ChoiceField(choices=YES_NO, required=False)
    mainly_rnd = serializers.ChoiceField(choices=YES_NO, required=False)
    buyer_keeps_benefit = serializers.ChoiceField(choices=YES_NO, required=False)
    lang = serializers.ChoiceField(
        choices=list(answer.LANGUAGE_CODES),
        required=False,
        help_text="Language of the explanations (default nb)",
    )


class ProcedureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    code = serializers.ChoiceField(choices=[p.value for p in advisor.Procedure])
    status = serializers.ChoiceField(choices=[s.value for s in advisor.Status])
    basis = serializers.CharField(help_text="Legal basis, e.g. FOA § 13-2")
    why = serializers.CharField()


class AdviceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The advisor's answer."""

    question = inline_serializer(
        name="AdviceQuestion",
        fields={
            "buyer_kind": serializers.CharField(),
            "type": serializers.CharField(),
            "value": serializers.FloatField(),
            "date": serializers.DateField(),
            **{name: serializers.BooleanField(allow_null=True) for name in advisor.YES_NO_FIELDS},
        },
    )
    regulation = serializers.ChoiceField(choices=[r.value for r in advisor.Regulation])
    regime = serializers.ChoiceField(choices=[r.value for r in advisor.Regime])
    regime_why = serializers.CharField()
    threshold = inline_serializer(
        name="AdviceThreshold",
        fields={
            "period_start": serializers.DateField(),
            "source": serializers.CharField(),
            "values": serializers.DictField(child=serializers.IntegerField()),
            "applied": serializers.CharField(help_text="The EEA threshold for this purchase"),
        },
    )
    procedures = ProcedureSerializer(many=True)
    market_dialogue = inline_serializer(
        name="AdviceMarketDialogue",
        fields={"basis": serializers.CharField(), "advice": serializers.CharField()},
    )
    instruments = inline_serializer(
        name="AdviceInstrument",
        many=True,
        fields={
            "code": serializers.CharField(),
            "name": serializers.CharField(),
            "owner": serializers.CharField(),
            "url": serializers.CharField(),
        },
    )
    language = serializers.CharField()


ErrorsSerializer = inline_serializer(
    name="AdviceErrors",
    fields={
        name: serializers.ListField(child=serializers.CharField(), required=False)
        for name in (*advisor.FIELDS, "lang")
    },
)


class Advice(APIView):
    """Which regulation applies to a purchase, which procedures are open, and on what basis."""

    @extend_schema(
        parameters=[AdviceQuerySerializer],
        responses={200: AdviceSerializer, 400: ErrorsSerializer},
        examples=[
            OpenApiExample(
                "A municipality buys a service that does not exist yet",
                value={"buyer_kind": "other", "type": "services", "value": 3000000},
                request_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params: dict[str, Any] = {name: request.query_params.get(name) for name in advisor.FIELDS}
        language = request.query_params.get("lang") or "nb"
        if language not in answer.LANGUAGE_CODES:
            with translation.override("nb"):
                return Response({"lang": [gettext("Use nb, nn or en.")]}, status=400)
        try:
            question = answer.read_question(params)
        except advisor.InvalidQuestion as exc:
            return Response(answer.error_messages(exc, language), status=400)
        return Response(answer.advice_document(question, language))
