"""The documents' REST API (mounted under /api/v1/documents/): read-only, since a file comes
in only through documents.services.attach with its checks."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.reverse import reverse

from documents.filters import DocumentFilter
from documents.models import Document
from documents.views import file_response, readable_document


class DocumentSerializer(serializers.ModelSerializer):
    record_type = serializers.SerializerMethodField(help_text="app_label.model of the record")
    record_id = serializers.IntegerField(source="object_id", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "record_type",
            "record_id",
            "title",
            "kind",
            "language",
            "version",
            "is_authentic",
            "original_name",
            "size",
            "mime_type",
            "sha256",
            "pages",
            "classification",
            "download_url",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_record_type(self, obj) -> str:
        return f"{obj.content_type.app_label}.{obj.content_type.model}"

    def get_download_url(self, obj) -> str:
        return reverse("document-download", args=[obj.pk], request=self.context.get("request"))


class DocumentDetailSerializer(DocumentSerializer):
    """The detail adds the extracted text (up to a million characters)."""

    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "text"]
        read_only_fields = fields


class DocumentViewSet(viewsets.ReadOnlyModelViewSet):
    """Documents the caller may read (the document's classification and its record's)."""

    queryset = Document.objects.all()
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilter

    def get_queryset(self):
        queryset = Document.objects.restrict(self.request.user).select_related("content_type")
        if self.action == "retrieve":
            return queryset
        return queryset.defer("text")

    def get_object(self):
        # One document: only its own record type's table is checked (see readable_document).
        document = readable_document(
            self.request.user, self.kwargs["pk"], with_text=self.action == "retrieve"
        )
        self.check_object_permissions(self.request, document)
        return document

    def get_serializer_class(self):
        return DocumentDetailSerializer if self.action == "retrieve" else DocumentSerializer

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY)}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        """The file, as an attachment under its original name."""
        return file_response(self.get_object())
