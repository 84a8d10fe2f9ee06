from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from partnership.api_docs import docs_view, schema_view
from partnership.two_factor import PortalAdminSite
from reporting.home import home

# The admin asks for the second factor too (django-otp's recommended way to
# swap the default site's class, so every app's admin.register still applies).
admin.site.__class__ = PortalAdminSite

urlpatterns = [
    path("", home, name="home"),
    path("", include("partnership.urls")),
    path("grants/", include("grants.urls")),
    path("interventions/", include("interventions.urls")),
    path("svd/", include("svd.urls")),
    path("reporting/", include("reporting.urls")),
    path("api/v1/", include("vrp_portal.api_urls")),
    # One sign-in page for everyone, with the lockout and the second factor.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True), name="admin_login_redirect"),
    path("api/schema/", schema_view, name="api-schema"),
    path("api/docs/", docs_view, name="api-docs"),
    path("reporting/open-data/", include("reporting.open_data.urls")),
    path("admin/", admin.site.urls),
]

# Under /api/ every error is the API's JSON error shape, even where no DRF view runs;
# a request over the body limit gets a 413 that says so (partnership/error_pages.py).
handler400 = "partnership.api_support.error_pages.bad_request"
handler403 = "partnership.api_support.error_pages.permission_denied"
handler404 = "partnership.api_support.error_pages.page_not_found"
handler500 = "partnership.api_support.error_pages.server_error"
