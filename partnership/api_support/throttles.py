"""Rate limits per token and per IP address. Rates are the `token`, `user` and
`ip` scopes of REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]."""

from rest_framework.throttling import SimpleRateThrottle

from partnership.models import ApiToken


class TokenRateThrottle(SimpleRateThrottle):
    """Each token has its own budget, so one script cannot starve its owner's others."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class SessionUserRateThrottle(SimpleRateThrottle):
    """A signed-in browser session, by user."""

    scope = "user"

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiToken) or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class IPRateThrottle(SimpleRateThrottle):
    """Every request, signed in or not, by client address (X-Forwarded-For is
    trusted only as far as NUM_PROXIES says)."""

    scope = "ip"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
