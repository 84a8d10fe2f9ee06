from django.contrib import admin
from django.urls import include, path

from partnership.api_docs import docs_view, schema_view
from reporting.home import home

urlpatterns = [
    path("", home, name="home"),
    path("", include("partnership.urls")),
    path("grants/", include("grants.urls")),
    path("interventions/", include("interventions.urls")),
    path("svd/", include("svd.urls")),
    path("reporting/", include("reporting.urls")),
    path("api/v1/", include("vrp_portal.api_urls")),
    path("api/schema/", schema_view, name="api-schema"),
    path("api/docs/", docs_view, name="api-docs"),
    path("reporting/open-data/", include("reporting.open_data_urls")),
    path("admin/", admin.site.urls),
]
