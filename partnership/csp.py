"""The content security policy, with one exception: the Django admin.

The portal's own pages use no inline style or script. Django's admin templates
carry inline style attributes (widths of fields, the hidden parts of the
filter sidebar, the date and time widgets); a nonce cannot cover an attribute,
so under /admin/ only, style-src also allows 'unsafe-inline'. Scripts stay
'self' everywhere: the admin's scripts are files.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_STYLE_UPDATE = {"style-src": ["'unsafe-inline'"]}


def _is_admin(path: str) -> bool:
    return path.startswith(settings.PORTAL_ADMIN_PATH)


class PortalCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if _is_admin(request.path):
            parts.update = {**(parts.update or {}), **ADMIN_STYLE_UPDATE}
        return parts
