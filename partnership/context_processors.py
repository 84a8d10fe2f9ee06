from django.conf import settings

from .models import Partnership
from .navigation import navigation_for


def portal(request):
    partnership = Partnership.current()
    return {
        "service_name": settings.PORTAL_SERVICE_NAME,
        "partnership_name": partnership.name if partnership else settings.PORTAL_SERVICE_NAME,
        "partnership": partnership,
        "navigation": navigation_for(request.user, request.path) if request.user.is_authenticated else [],
    }
