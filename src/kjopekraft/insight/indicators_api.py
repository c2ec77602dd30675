"""The indicators API: ``GET /api/indicators/``, the same figures as `kjopekraft indicators`."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from kjopekraft.insight.indicators import (
    INDICATORS,
    SOURCES,
    GroupKey,
    InvalidQuery,
    make_query,
)
from kjopekraft.insight.models import IndicatorRollup


class FigureSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.ChoiceField(choices=[indicator.id for indicator in INDICATORS])
    group = serializers.DictField(
        help_text="The value of each requested key; empty without `by`. `year` is a number or "
        "null; the other keys are codes, `unknown` when not known and `abroad` for buyers "
        "outside Norway."
    )
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    value = serializers.FloatField(
        allow_null=True,
        help_text="A share from 0 to 1 (for an average: numerator ÷ denominator); null when the "
        "denominator is 0.",
    )


class IndicatorsSerializer(serializers.Serializer):  # type: ignore[type-arg]
    indicators = FigureSerializer(many=True)


# One list of messages per bad parameter.
ErrorsSerializer = inline_serializer(
    name="IndicatorErrors",
    fields={
        name: serializers.ListField(child=serializers.CharField(), required=False)
        for name in ("by", "from", "to", "source")
    },
)


class Indicators(APIView):
    """Indicators of innovative, green and social procurement, as defined in
    docs/indicators.md: each indicator once per group of the requested keys."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "by",
                str,
                many=True,
                enum=[key.value for key in GroupKey],
                description="Group by these keys, in this order: repeat the parameter "
                "(`by=year&by=level`) or separate with commas (`by=year,level`).",
            ),
            OpenApiParameter("from", int, description="First year (inclusive)."),
            OpenApiParameter("to", int, description="Last year (inclusive)."),
            OpenApiParameter("source", str, enum=list(SOURCES)),
        ],
        responses={200: IndicatorsSerializer, 400: ErrorsSerializer},
        examples=[
            OpenApiExample(
                "Innovation procedures in 2021",
                value={
                    "indicators": [
                        {
                            "id": "innovation_procedure_share",
                            "group": {"year": 2021},
                            "numerator": 18,
                            "denominator": 348,
                            "value": 0.0517,
                        }
                    ]
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        params = request.query_params
        by = [key for value in params.getlist("by") for key in value.split(",")]
        try:
            query = make_query(by, params.get("from"), params.get("to"), params.get("source"))
        except InvalidQuery as exc:
            return Response({exc.field: [exc.message]}, status=400)
        return Response({"indicators": IndicatorRollup.objects.figures(query)})
