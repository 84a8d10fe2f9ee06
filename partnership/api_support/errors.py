"""One JSON shape for every API error, naming each field at fault:

    {"status": 400, "code": "invalid", "detail": "Check the fields named in errors.",
     "errors": [{"field": "amount", "code": "min_value", "message": "..."}]}

`field` is a dotted path into the request body ("lines.0.amount"), or null for
an error about the request as a whole. A 429 also says `retry_after` (seconds).
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, serializers, status
from rest_framework.fields import get_error_detail
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "Someone else has changed this since you read it. Fetch it again, then make your change."
    default_code = "precondition_failed"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = "Send an If-Match header with the ETag you last read, so a change made meanwhile is not lost."
    default_code = "precondition_required"


def _flatten(detail, path=()):
    """[(field path, ErrorDetail)] from DRF's nested dict/list error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, path if key == NON_FIELD else (*path, str(key)))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, (dict, list)):
                yield from _flatten(value, (*path, str(index)))
            else:
                yield path, value
    else:
        yield path, detail


def api_exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        # A business rule refused the change in a service (full_clean()).
        exc = exceptions.ValidationError(detail=serializers.as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = [
            {"field": ".".join(path) or None, "code": getattr(message, "code", "invalid"), "message": str(message)}
            for path, message in _flatten(exc.detail)
        ]
        body = {
            "status": response.status_code,
            "code": "invalid",
            "detail": "Check the fields named in errors.",
            "errors": errors,
        }
    else:
        message = detail.get("detail", "") if isinstance(detail, dict) else get_error_detail(detail)
        code = getattr(message, "code", None) or getattr(exc, "default_code", "error")
        body = {"status": response.status_code, "code": code, "detail": str(message), "errors": []}
        if isinstance(exc, exceptions.Throttled):
            body["retry_after"] = int(exc.wait) if exc.wait is not None else None
            body["detail"] = (
                "Too many requests. Wait "
                + (f"{int(exc.wait)} seconds" if exc.wait is not None else "a while")
                + " before trying again."
            )
    response.data = body
    return response


class ApiErrorItemSerializer(serializers.Serializer):
    field = serializers.CharField(
        allow_null=True, help_text="Dotted path to the field at fault; null for the whole request."
    )
    code = serializers.CharField()
    message = serializers.CharField()


class ApiErrorSerializer(serializers.Serializer):
    """The body of every error response."""

    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField()
    errors = ApiErrorItemSerializer(many=True)
    retry_after = serializers.IntegerField(required=False, allow_null=True, help_text="Only on 429.")
