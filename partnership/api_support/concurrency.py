"""Optimistic concurrency for API updates: ETag on read, If-Match on write.

A GET of one object answers with an `ETag`. A PUT or PATCH must send it back in
`If-Match`; if the object changed meanwhile the write is refused with 412 and
nothing changes; with no If-Match it is refused with 428. The check and the
write happen in one transaction with the row locked, so two writers holding the
same ETag cannot both succeed.

The ETag is the model's `version` field where it has one (bumped here after
each API write, unless the service already bumped it), otherwise a digest of
the object's serialized representation.

To adopt it, put the mixin first in a viewset's bases:

    class GrantViewSet(ConditionalUpdateMixin, viewsets.ModelViewSet): ...

and, for an action that changes state (submit, approve...), call
`self.check_if_match(request, obj)` inside the action's transaction after
locking the row, then `return self.with_etag(response, obj)`.
"""

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins
from rest_framework.response import Response

from .errors import PreconditionFailed, PreconditionRequired

IF_MATCH = OpenApiParameter(
    "If-Match",
    location=OpenApiParameter.HEADER,
    required=True,
    description="The ETag from your last read of this object. A stale value gets 412 and changes nothing.",
)


def _has_version(obj) -> bool:
    return any(f.name == "version" for f in obj._meta.concrete_fields)


def _parse(header: str) -> set[str]:
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


class ConditionalUpdateMixin:
    """ETag on retrieve/update; If-Match required on update and partial update."""

    def __init_subclass__(cls, **kwargs):
        # `update` here wraps UpdateModelMixin's; without it a PUT would reach
        # `super().update` and fail with a 500 while the schema documents PUT.
        super().__init_subclass__(**kwargs)
        if "put" in getattr(cls, "http_method_names", ()) and not issubclass(cls, mixins.UpdateModelMixin):
            raise TypeError(f"{cls.__name__}: add UpdateModelMixin for PUT, or leave 'put' out of http_method_names.")

    def etag_for(self, obj) -> str:
        if _has_version(obj):
            return f'"{obj._meta.label_lower}-{obj.pk}-v{obj.version}"'
        data = json.dumps(self.get_serializer(obj).data, sort_keys=True, cls=DjangoJSONEncoder)
        return f'"{hashlib.sha256(data.encode()).hexdigest()[:32]}"'

    def with_etag(self, response, obj):
        response["ETag"] = self.etag_for(obj)
        return response

    def check_if_match(self, request, obj) -> None:
        header = request.headers.get("If-Match")
        if not header:
            raise PreconditionRequired()
        tags = _parse(header)
        if "*" not in tags and self.etag_for(obj) not in tags:
            raise PreconditionFailed()

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return self.with_etag(Response(self.get_serializer(obj).data), obj)

    @extend_schema(parameters=[IF_MATCH])
    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            obj = self.get_object()
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            self.check_if_match(request, locked)
            response = super().update(request, *args, **kwargs)
            if _has_version(locked) and 200 <= response.status_code < 300:
                # Bump unless the service already did.
                type(locked)._default_manager.filter(pk=locked.pk, version=locked.version).update(
                    version=F("version") + 1
                )
        locked.refresh_from_db()
        if _has_version(locked) and isinstance(response.data, dict) and "version" in response.data:
            response.data["version"] = locked.version
        return self.with_etag(response, locked)

    @extend_schema(parameters=[IF_MATCH])
    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)
