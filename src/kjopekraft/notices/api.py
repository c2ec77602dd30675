"""The notices API: `GET /api/notices/` (paged) and `GET /api/notices/<ID>`."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from kjopekraft.notices.models import Notice, NoticeAlias

Text = serializers.DictField(child=serializers.CharField(), help_text="Text per language code")


def _money(name: str) -> serializers.Serializer:  # type: ignore[type-arg]
    return inline_serializer(
        name=name,
        fields={
            "amount": serializers.FloatField(),
            "currency": serializers.CharField(allow_null=True),
        },
        allow_null=True,
    )


class OrganisationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    identifier = serializers.CharField(allow_null=True, help_text="Organisation number (BT-501)")
    country = serializers.CharField(allow_null=True)
    nuts = serializers.CharField(allow_null=True)
    city = serializers.CharField(allow_null=True)
    legal_type = serializers.CharField(allow_null=True, help_text="BT-11")
    activity = serializers.CharField(allow_null=True, help_text="BT-10")
    size = serializers.CharField(allow_null=True, help_text="BT-165")


class ReferenceSerializer(serializers.Serializer):  # type: ignore[type-arg]
    notice_id = serializers.CharField()
    part_id = serializers.CharField(allow_null=True)
    scope = serializers.CharField(allow_null=True)
    kind = serializers.CharField(allow_null=True)


class AwardCriterionSerializer(serializers.Serializer):  # type: ignore[type-arg]
    type = serializers.CharField(allow_null=True, help_text="BT-539")
    name = serializers.DictField(child=serializers.CharField())
    description = serializers.DictField(child=serializers.CharField())
    weight = serializers.FloatField(allow_null=True, help_text="BT-541")
    weight_type = serializers.CharField(allow_null=True, help_text="BT-5421")


class LotSerializer(serializers.Serializer):  # type: ignore[type-arg]
    id = serializers.CharField()
    title = serializers.DictField(child=serializers.CharField())
    description = serializers.DictField(child=serializers.CharField())
    main_cpv = serializers.CharField(allow_null=True)
    additional_cpv = serializers.ListField(child=serializers.CharField())
    estimated_value = _money("LotMoney")
    deadline = serializers.DateTimeField(allow_null=True)
    strategic_procurement = serializers.ListField(child=serializers.CharField(), help_text="BT-06")
    innovative_acquisition = serializers.ListField(
        child=serializers.CharField(), help_text="BT-776"
    )
    environmental_impact = serializers.ListField(child=serializers.CharField(), help_text="BT-774")
    green_criteria = serializers.ListField(child=serializers.CharField(), help_text="BT-805")
    social_objective = serializers.ListField(child=serializers.CharField(), help_text="BT-775")
    reserved_participation = serializers.ListField(child=serializers.CharField(), help_text="BT-71")
    variants = serializers.CharField(allow_null=True, help_text="BT-63")
    award_criteria = AwardCriterionSerializer(many=True)
    framework_agreement = serializers.CharField(allow_null=True, help_text="BT-765")
    references = ReferenceSerializer(many=True)


class ResultSerializer(serializers.Serializer):  # type: ignore[type-arg]
    lot_id = serializers.CharField()
    result_id = serializers.CharField(allow_null=True)
    status = serializers.CharField(allow_null=True, help_text="BT-142")
    winners = OrganisationSerializer(many=True)
    tender_value = _money("TenderMoney")
    received = serializers.DictField(child=serializers.IntegerField(), help_text="BT-760 → BT-759")


class NoticeSerializer(serializers.Serializer):  # type: ignore[type-arg]
    """The notice document, as `kjopekraft notice show --json` prints it."""

    id = serializers.CharField(help_text="Notice identifier (BT-701)")
    version = serializers.CharField(help_text="Notice version (BT-757)")
    aliases = serializers.ListField(
        child=serializers.CharField(), help_text="Doffin ID, TED number"
    )
    versions = serializers.ListField(child=serializers.CharField())
    source = serializers.ChoiceField(choices=["doffin", "ted"])
    format = serializers.CharField()
    customization = serializers.CharField(allow_null=True)
    notice_type = serializers.CharField(allow_null=True, help_text="BT-02")
    form_type = serializers.CharField(allow_null=True, help_text="BT-03")
    notice_subtype = serializers.CharField(allow_null=True, help_text="OPP-070")
    language = serializers.CharField(allow_null=True)
    issue_date = serializers.CharField(allow_null=True)
    publication_date = serializers.DateField(allow_null=True)
    doffin_id = serializers.CharField(allow_null=True)
    ted_publication_number = serializers.CharField(allow_null=True)
    procedure = inline_serializer(
        name="NoticeProcedure",
        fields={
            "id": serializers.CharField(allow_null=True, help_text="BT-04"),
            "type": serializers.CharField(allow_null=True, help_text="BT-105"),
        },
    )
    legal_basis = serializers.CharField(allow_null=True, help_text="BT-01")
    title = serializers.DictField(child=serializers.CharField())
    description = serializers.DictField(child=serializers.CharField())
    buyers = OrganisationSerializer(many=True)
    main_cpv = serializers.CharField(allow_null=True)
    additional_cpv = serializers.ListField(child=serializers.CharField())
    estimated_value = _money("NoticeMoney")
    deadline = serializers.DateTimeField(allow_null=True)
    references = ReferenceSerializer(many=True)
    lots = LotSerializer(many=True)
    results = ResultSerializer(many=True)
    total_value = _money("TotalMoney")
    warnings = serializers.ListField(child=serializers.CharField())
    assessment = inline_serializer(
        name="ProcedureAssessment",
        allow_null=True,
        help_text="The assessment of the notice's procedure; null until it is assessed.",
        fields={
            "rule_set": serializers.CharField(),
            **{
                dimension: inline_serializer(
                    name=f"{dimension.title()}Assessment",
                    fields={
                        "level": serializers.CharField(),
                        "evidence": serializers.ListField(child=serializers.DictField()),
                    },
                )
                for dimension in ("innovation", "green", "social")
            },
        },
    )


def notice_detail_document(notice: Notice) -> dict[str, Any]:
    """The stored document with what only the database knows: every alias, every version, and
    the assessment of the notice's procedure."""
    # Insight builds on notices; the import is here so that notices can be used without it.
    from kjopekraft.insight.documents import assessment_document

    doc = dict(notice.document)
    doc["assessment"] = assessment_document(notice.procedure_id)
    aliases = NoticeAlias.objects.filter(notice_id=notice.notice_id).values_list("alias", flat=True)
    doc["aliases"] = sorted(set(aliases) | set(doc.get("aliases", [])))
    doc["versions"] = sorted(
        Notice.objects.filter(notice_id=notice.notice_id).values_list("version", flat=True)
    )
    return doc


class NoticeList(generics.ListAPIView):  # type: ignore[type-arg]
    """The newest version of every notice, newest publication first."""

    def get_queryset(self) -> Any:
        queryset = Notice.objects.latest_versions().order_by("-publication_date", "notice_id")
        params = self.request.query_params
        if params.get("source") in {"doffin", "ted"}:
            queryset = queryset.filter(source=params["source"])
        if params.get("notice_type"):
            queryset = queryset.filter(notice_type=params["notice_type"][:20])
        if params.get("procedure"):
            queryset = queryset.filter(procedure__key=params["procedure"][:200])
        return queryset

    @extend_schema(
        responses=NoticeSerializer(many=True),
        parameters=[
            OpenApiParameter("source", str, enum=["doffin", "ted"]),
            OpenApiParameter("notice_type", str, description="BT-02, for example cn-standard"),
            OpenApiParameter("procedure", str, description="Procedure identifier (BT-04)"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        documents = [notice_detail_document(n) for n in page or []]
        return self.get_paginated_response(documents)


class NoticeDetail(generics.GenericAPIView):  # type: ignore[type-arg]
    """One notice by identifier, `identifier@version`, Doffin ID or TED publication number."""

    @extend_schema(responses={200: NoticeSerializer, 404: None})
    def get(self, request: Request, ident: str) -> Response:
        notice = Notice.objects.lookup(ident)
        if notice is None:
            raise Http404
        return Response(notice_detail_document(notice))
