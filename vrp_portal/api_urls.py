"""One API under /api/v1/: each app contributes its routes from its own api module.

The project-wide layer (tokens, the access-policy permission, throttles, the
error shape, ETags, the schema class) is in partnership/api_support and is set
in REST_FRAMEWORK, so every app's endpoints inherit it.
"""

from django.urls import include, path

urlpatterns = [
    path("", include("partnership.api")),
    path("", include("grants.api")),
    path("", include("interventions.api")),
    path("", include("svd.api")),
    path("", include("svd.returns.api")),
    path("", include("reporting.api")),
    path("", include("reporting.open_data.api")),
]
