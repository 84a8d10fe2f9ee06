"""Django's error views, answering in the API's JSON error shape under /api/.

DRF turns the errors its views raise into that shape (errors.api_exception_handler),
but some answers never reach a DRF view: a path that matches no route
(/api/v1/interventions/210000.00/), an unhandled exception (500), a request
Django refuses before routing (400). The root URLconf names these as its
handler404, handler500, handler400 and handler403; outside /api/ they are
Django's own pages.
"""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views import defaults

from partnership import error_pages

API_PREFIX = "/api/"

DETAILS = {
    400: ("bad_request", "The request could not be read."),
    403: ("permission_denied", "You do not have permission to do this."),
    404: ("not_found", "There is nothing at this address. Check the path against the API's schema at /api/schema/."),
    500: ("server_error", "Something went wrong on our side. Nothing was changed; try again later."),
}


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error_response(status: int, detail: str | None = None) -> JsonResponse:
    code, default_detail = DETAILS[status]
    body = {"status": status, "code": code, "detail": detail or default_detail, "errors": []}
    return JsonResponse(body, status=status)


def bad_request(request, exception):
    if isinstance(exception, RequestDataTooBig):  # 413 with what the limit is, page or JSON
        return error_pages.bad_request(request, exception)
    if is_api_request(request):
        return api_error_response(400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api_request(request):
        return api_error_response(403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api_request(request):
        return api_error_response(404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api_request(request):
        return api_error_response(500)
    return defaults.server_error(request)
