from django.contrib import admin
from django.urls import include, path

from reporting.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("partnership.urls")),
    path("grants/", include("grants.urls")),
    path("interventions/", include("interventions.urls")),
    path("svd/", include("svd.urls")),
    path("reporting/", include("reporting.urls")),
    path("api/v1/", include("vrp_portal.api_urls")),
    path("admin/", admin.site.urls),
]
