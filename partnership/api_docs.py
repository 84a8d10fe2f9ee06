"""The OpenAPI schema and its documentation page.

The page is Swagger UI served from this site (drf-spectacular-sidecar), with its
start-up script fetched as a separate file (the "split" view) and its page
styles in a static stylesheet, so it runs under a Content Security Policy that
allows no inline script or style.
"""

from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView


class PortalSwaggerView(SpectacularSwaggerSplitView):
    template_name = "api/docs.html"
    url_name = "api-schema"
    title = "VRP Portal API"


schema_view = SpectacularAPIView.as_view()
docs_view = login_required(PortalSwaggerView.as_view())
