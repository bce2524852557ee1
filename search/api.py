"""The search API: GET /api/v1/search/?q=...&kind=...&page=..., the same search as the page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.permissions import readable_levels
from search import query
from search.choices import Kind


@extend_schema_field({"type": "string", "enum": Kind.values}, component_name="SearchKind")
class KindField(serializers.CharField):
    """A kind of result, as its own schema component (other "kind" fields have other choices)."""


class KindCountSerializer(serializers.Serializer):
    kind = KindField()
    label = serializers.CharField()
    count = serializers.IntegerField()


class HitSerializer(serializers.Serializer):
    kind = KindField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title as HTML: matching words in <mark>.")
    url = serializers.CharField(help_text="The record's page.")
    context = serializers.CharField()
    snippet_html = serializers.CharField(
        help_text="Text around the first match as HTML: escaped, matching words in <mark>."
    )
    classification = serializers.CharField()


class SearchResponseSerializer(serializers.Serializer):
    q = serializers.CharField()
    terms = serializers.ListField(child=serializers.CharField())
    message = serializers.CharField(help_text="Why nothing was searched for, if it was not.")
    note = serializers.CharField()
    kind = serializers.CharField(help_text="The kind shown, or empty for every kind.")
    total = serializers.IntegerField()
    counts = KindCountSerializer(many=True)
    page = serializers.IntegerField(allow_null=True)
    pages = serializers.IntegerField(allow_null=True)
    results = HitSerializer(many=True)


class SearchAPIView(APIView):
    """Search every kind of record the caller may read. Without `kind`: the best matches
    of each kind; with `kind`: that kind, 20 to a page."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="search",
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="The words to search for."),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=Kind.values),
            OpenApiParameter("page", OpenApiTypes.INT),
        ],
        responses=SearchResponseSerializer,
    )
    def get(self, request):
        if not readable_levels(request.user):
            raise PermissionDenied
        params = request.query_params
        results = query.search(
            request.user,
            params.get("q", ""),
            kind=params.get("kind", ""),
            page=params.get("page", 1),
        )
        hits = [hit for group in results.groups for hit in group.hits]
        page = results.page
        data = {
            "q": results.query.text,
            "terms": results.query.terms,
            "message": results.query.message,
            "note": results.query.note,
            "kind": results.kind,
            "total": results.total,
            "counts": [
                {"kind": kind, "label": str(label), "count": count}
                for kind, label, count in results.kinds
            ],
            "page": page.number if page else None,
            "pages": page.paginator.num_pages if page else None,
            "results": [
                {
                    "kind": hit.kind,
                    "title": hit.title,
                    "title_html": hit.title_html,
                    "url": hit.url,
                    "context": hit.context,
                    "snippet_html": hit.snippet_html,
                    "classification": hit.classification,
                }
                for hit in hits
            ],
        }
        return Response(SearchResponseSerializer(data).data)
