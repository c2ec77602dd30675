"""The catalogue's API: `GET /api/solutions/` and `GET /api/cloud-services/`, without login.

Open data: only verified entries, and never a field the supplier marked as visible to
signed-in buyers only. Such a field is left out of the entry altogether, whoever asks, so
the API gives the same answer to everyone and can be cached and mirrored.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from kjopekraft.programme.models import Topic
from kjopekraft.solutions.models import (
    Adoption,
    CatalogueEntry,
    CloudService,
    Solution,
)


class CatalogueOrganisationSerializer(serializers.Serializer):  # type: ignore[type-arg]
    name = serializers.CharField()
    orgnr = serializers.CharField(allow_null=True, help_text="Organisation number")


class CatalogueAdopterSerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    organisation = CatalogueOrganisationSerializer()

    class Meta:
        model = Adoption
        fields = ["organisation", "adopted_on", "scope", "route"]


class EntrySerializer(serializers.ModelSerializer):  # type: ignore[type-arg]
    """Drops the buyer-only fields of each entry: they are absent, not empty."""

    url = serializers.SerializerMethodField(help_text="The entry's public page")
    supplier = CatalogueOrganisationSerializer()
    adopters = CatalogueAdopterSerializer(many=True, source="adoptions")

    def get_url(self, entry: CatalogueEntry) -> str:
        request = self.context.get("request")
        path = entry.get_absolute_url()
        return request.build_absolute_uri(path) if request else path

    def to_representation(self, entry: CatalogueEntry) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(entry)
        for name in entry.RESTRICTABLE:
            if entry.is_buyer_only(name):
                data.pop(name, None)
        return data


def _optional(model: type[CatalogueEntry]) -> dict[str, dict[str, Any]]:
    """The restrictable fields are documented as optional: an entry may leave them out."""
    return {
        name: {"required": False, "help_text": "Left out when it is for signed-in buyers only"}
        for name in model.RESTRICTABLE
    }


class SolutionSerializer(EntrySerializer):
    cpv_codes = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    pilot_buyer = CatalogueOrganisationSerializer(allow_null=True)

    class Meta:
        model = Solution
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "problem",
            "topic",
            "origin",
            "maturity",
            "evidence",
            "supplier",
            "pilot_buyer",
            "pilot_ended",
            "rights",
            "acquisition",
            *Solution.RESTRICTABLE,
            "cpv_codes",
            "adopters",
        ]
        extra_kwargs = _optional(Solution)


# A pattern, not an enumeration: the two fields share one set of values, which the schema's
# enumeration naming would otherwise report as a conflict.
@extend_schema_field(
    {
        "type": "string",
        "pattern": "^(" + "|".join(CloudService.Location.values) + ")$",
        "description": "norway, eea (elsewhere in the EEA) or elsewhere",
    }
)
class LocationField(serializers.ChoiceField):
    """Where data is stored or processed: one enumeration for both fields."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(choices=CloudService.Location.choices, **kwargs)


class CloudServiceSerializer(EntrySerializer):
    storage_location = LocationField(required=False)
    processing_location = LocationField(required=False)

    class Meta:
        model = CloudService
        fields = [
            "id",
            "url",
            "name",
            "description",
            "supplier",
            "solution",
            "website",
            *CloudService.RESTRICTABLE,
            "adopters",
        ]
        extra_kwargs = _optional(CloudService)


_ADOPTERS = Prefetch(
    "adoptions", queryset=Adoption.objects.select_related("organisation").order_by("adopted_on")
)


class SolutionList(generics.ListAPIView):  # type: ignore[type-arg]
    """Verified solutions in the catalogue, by name, with the buyers that use them."""

    serializer_class = SolutionSerializer

    def get_queryset(self) -> Any:
        queryset = (
            Solution.objects.published()
            .select_related("supplier", "pilot_buyer")
            .prefetch_related("cpv_codes", _ADOPTERS)
            .order_by("title", "pk")
        )
        params = self.request.query_params
        if params.get("q"):
            queryset = queryset.search(params["q"][:200])
        for field in ("topic", "maturity", "acquisition"):
            if params.get(field):
                queryset = queryset.filter(**{field: params[field][:30]})
        if params.get("cpv"):
            code = params["cpv"][:8]
            queryset = queryset.filter(cpv_codes__code__startswith=code).distinct()
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words in the name, description or supplier"),
            OpenApiParameter("topic", str, enum=Topic.values),
            OpenApiParameter("maturity", str, enum=Solution.Maturity.values),
            OpenApiParameter("acquisition", str, enum=Solution.Acquisition.values),
            OpenApiParameter("cpv", str, description="The start of a CPV code, e.g. 48"),
        ]
    )
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)


class CloudServiceList(generics.ListAPIView):  # type: ignore[type-arg]
    """Verified cloud services, by name. A filter on a field that an entry keeps for buyers
    only does not match that entry."""

    serializer_class = CloudServiceSerializer

    def get_queryset(self) -> Any:
        queryset = (
            CloudService.objects.published()
            .select_related("supplier")
            .prefetch_related(_ADOPTERS)
            .order_by("name", "pk")
        )
        params = self.request.query_params
        if params.get("q"):
            queryset = queryset.search(params["q"][:200])
        if params.get("category"):
            queryset = queryset.matching(
                "category", [params["category"][:30]], restricted_visible=False
            )
        return queryset

    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, description="Words in the name, description or supplier"),
            OpenApiParameter("category", str, enum=CloudService.Category.values),
        ]
    )
    def get(self, *args: Any, **kwargs: Any) -> Any:
        return super().get(*args, **kwargs)
