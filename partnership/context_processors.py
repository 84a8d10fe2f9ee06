from django.conf import settings

from .models import Partnership
from .navigation import back_link_for, navigation_for
from .wording import role_name, wording


def portal(request):
    partnership = Partnership.current()
    user = request.user
    navigation = navigation_for(user, request.path) if user.is_authenticated else []
    return {
        "service_name": settings.PORTAL_SERVICE_NAME,
        "partnership_name": partnership.name if partnership else settings.PORTAL_SERVICE_NAME,
        "partnership": partnership,
        "wording": wording(partnership),
        "user_role_name": role_name(user, partnership) if user.is_authenticated else "",
        "navigation": navigation,
        "back_url": back_link_for(request.path, navigation) if user.is_authenticated else None,
    }
