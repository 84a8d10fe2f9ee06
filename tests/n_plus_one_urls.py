"""A page with a deliberate N+1, to prove the test settings' detector catches one."""

from django.http import HttpResponse
from django.urls import path

from partnership.models import Organisation


def districts_one_query_each(request):
    return HttpResponse(", ".join(o.district.name for o in Organisation.objects.all()))


def districts_in_one_join(request):
    return HttpResponse(", ".join(o.district.name for o in Organisation.objects.select_related("district")))


urlpatterns = [
    path("n-plus-one/", districts_one_query_each),
    path("joined/", districts_in_one_join),
]
