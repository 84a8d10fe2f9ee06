from django.conf import settings

from .models import Partnership
from .navigation import back_link_for, navigation_for


def portal(request):
    partnership = Partnership.current()
    navigation = navigation_for(request.user, request.path) if request.user.is_authenticated else []
    return {
        "service_name": settings.PORTAL_SERVICE_NAME,
        "partnership_name": partnership.name if partnership else settings.PORTAL_SERVICE_NAME,
        "partnership": partnership,
        "navigation": navigation,
        "back_url": back_link_for(request.path, navigation) if request.user.is_authenticated else None,
    }
