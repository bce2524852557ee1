"""API bases: every viewset reads through restrict(user) and writes through core.services."""

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status, viewsets
from rest_framework.response import Response

from core import services
from core.choices import ChangeChannel
from core.permissions import can_classify


class RecordSerializer(serializers.ModelSerializer):
    """Model validation (clean, constraints) runs here so the API names the field in error,
    and nobody files a record above their own clearance."""

    def get_fields(self):
        """Links to classified records (a country, a partner) accept only records the caller
        may read: any other id is answered as if it did not exist."""
        fields = super().get_fields()
        request = self.context.get("request")
        for field in fields.values():
            relation = getattr(field, "child_relation", field)
            queryset = getattr(relation, "queryset", None)
            if queryset is not None and hasattr(queryset, "restrict"):
                relation.queryset = queryset.restrict(getattr(request, "user", None))
        return fields

    def validate_classification(self, value):
        request = self.context.get("request")
        if request and not can_classify(request.user, value):
            raise serializers.ValidationError("You cannot file a record above your own clearance.")
        return value


class RestrictedViewSet(viewsets.ModelViewSet):
    """A model's API: list, detail, create, update, delete, under restrict() and roles.
    Subclasses change how a record is written by overriding `write` and `remove`."""

    def get_queryset(self):
        return self.queryset.model.objects.restrict(self.request.user)

    def write(self, instance, m2m):
        services.save(instance, self.request.user, channel=ChangeChannel.API, m2m=m2m)

    def remove(self, instance):
        services.delete(instance, self.request.user, channel=ChangeChannel.API)

    def _save(self, serializer, instance):
        m2m = {}
        data = dict(serializer.validated_data)
        for field in instance._meta.many_to_many:
            if field.name in data:
                m2m[field.name] = data.pop(field.name)
        for name, value in data.items():
            setattr(instance, name, value)
        try:
            self.write(instance, m2m)
        except DjangoValidationError as error:
            raise serializers.ValidationError(serializers.as_serializer_error(error)) from error
        serializer.instance = instance

    def perform_create(self, serializer):
        self._save(serializer, serializer.Meta.model())

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        try:
            self.remove(instance)
        except services.InUse as error:
            return Response(
                {
                    "detail": f"{instance} cannot be deleted because other records use it: "
                    f"{error.describe()}"
                },
                status=status.HTTP_409_CONFLICT,
            )
        return Response(status=status.HTTP_204_NO_CONTENT)


class PartViewSet(RestrictedViewSet):
    """The parts of a record (an agreement's parties, a meeting's decisions), read and
    written through their parent's restriction: `parent_model` reached by `parent_field`."""

    parent_model = None
    parent_field = ""

    def get_queryset(self):
        readable = self.parent_model.objects.restrict(self.request.user)
        parts = self.queryset.model.objects.filter(**{f"{self.parent_field}__in": readable})
        return parts.order_by("id")
