"""The OpenAPI schema class: every operation documents who may use it and the
error responses it can give, all in the one shape of `errors.ApiErrorSerializer`."""

from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from partnership import access

from .errors import ApiErrorSerializer

ERRORS = {
    "400": "The request is not valid: `errors` names each field at fault.",
    "401": "Not signed in: no session, or no valid API token (unknown, revoked or expired).",
    "403": "Your role cannot do this.",
    "404": "No such object, or not one you may see; on a list, a page beyond the last.",
    "412": "The If-Match ETag is stale: someone changed the object since you read it. Nothing was changed.",
    "428": "An update needs an If-Match header with the ETag you last read.",
    "429": "Too many requests: `retry_after` says how many seconds to wait.",
}


def _model_field(field):
    """The model field a ModelSerializer field was built from, if any."""
    model = getattr(getattr(getattr(field, "parent", None), "Meta", None), "model", None)
    source = getattr(field, "source", None)
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except Exception:
        return None


def _canonical_integer_bounds(field, schema):
    """Integer bounds that come from the database backend (SQLite allows 64-bit
    everywhere) are documented as PostgreSQL's, the production database, so the
    checked-in schema is the same whichever database generated it."""
    model_field = _model_field(field)
    if not (isinstance(model_field, models.IntegerField) and isinstance(schema, dict)):
        return
    kind = model_field.get_internal_type()
    here = connection.ops.integer_field_range(kind)
    canonical = BaseDatabaseOperations.integer_field_ranges.get(kind)
    if not canonical or here == canonical:
        return
    for key, was, now in (("minimum", here[0], canonical[0]), ("maximum", here[1], canonical[1])):
        if key in schema and schema[key] == was:
            schema[key] = now
    if schema.get("format") == "int64" and schema.get("minimum", 0) >= -(2**31) and schema.get("maximum", 0) < 2**31:
        del schema["format"]


def _may_be_blank(field):
    model_field = _model_field(field)
    return field.allow_blank or bool(model_field is not None and model_field.blank)


class PortalAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        _canonical_integer_bounds(field, schema)
        if isinstance(field, serializers.URLField) and isinstance(schema, dict) and _may_be_blank(field):
            # A blank URL field holds "", which is not a "uri": say it may be either.
            schema.pop("format", None)
            schema["description"] = (schema.get("description", "") + " A URL, or empty.").strip()
        return schema

    def _insert_field_validators(self, field, schema):
        super()._insert_field_validators(field, schema)
        _canonical_integer_bounds(field, schema)
        if isinstance(field, serializers.URLField) and isinstance(schema, dict) and _may_be_blank(field):
            schema.pop("format", None)

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            note = self._access_note()
            if note:
                operation["description"] = f"{operation.get('description', '')}\n\n**Access:** {note}".strip()
        return operation

    def _access_note(self):
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        if model is None and hasattr(self.view, "get_queryset"):
            try:
                model = self.view.get_queryset().model
            except Exception:  # a view whose queryset needs a real request
                model = None
        access_note = getattr(self.view, "access_description", None)
        if access_note is None and model is not None:
            rule = access.rule_for(model)
            access_note = (type(rule).__doc__ or "").strip().splitlines()[0]
        return access_note

    def _error_codes(self):
        # 400 on reads too (a filter that is not valid); 404 on lists too (a page past the end).
        codes = ["400", "401", "403", "404", "429"]
        # A write to one object, an update or an action on it, needs the ETag last read.
        writes_one = self.method in ("PUT", "PATCH") or (self.method == "POST" and getattr(self.view, "detail", False))
        if writes_one and getattr(self.view, "check_if_match", None):
            codes += ["412", "428"]
        return codes

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ApiErrorSerializer, description=ERRORS[code]), code, direction=direction
                )
        return responses
