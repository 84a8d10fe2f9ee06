"""One API under /api/v1/: each app contributes its routes from its own api module."""
from django.urls import include, path

urlpatterns = [
    path("", include("grants.api")),
    path("", include("interventions.api")),
    path("", include("svd.api")),
    path("", include("svd.returns.api")),
    path("", include("reporting.api")),
]
