"""What a person sees when Django refuses a request before any view runs."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.views import defaults


def bad_request(request, exception=None):
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE gets a page (or the API's JSON error)
    that says so, with 413; any other bad request gets Django's 400."""
    if not isinstance(exception, RequestDataTooBig):
        return defaults.bad_request(request, exception)
    limit = filesizeformat(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    detail = f"The request is larger than the {limit} the portal accepts. Nothing was saved."
    if request.path.startswith("/api/"):
        return JsonResponse({"status": 413, "code": "request_too_large", "detail": detail, "errors": []}, status=413)
    return render(request, "413.html", {"limit": limit}, status=413)
