"""The portal's URLs plus a minimal view: the ceiling a page's throughput is compared to."""

from django.http import HttpResponse
from django.urls import include, path


def ceiling(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/ceiling/", ceiling),
    path("", include("vrp_portal.urls")),
]
