"""The portal's URLconf plus one route nobody has put in the access matrix."""

from django.http import HttpResponse
from django.urls import path

from vrp_portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [*portal_urlpatterns, path("a-new-page/", lambda request: HttpResponse("new"), name="a_new_page")]
