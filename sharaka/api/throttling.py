"""How many requests a caller may make (settings API_RATE_PER_TOKEN, API_RATE_ANONYMOUS): per token,
or per signed-in user for the browser, and per address for the public endpoints without a token."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from sharaka.lib.client_ip import address_group


class PerToken(SimpleRateThrottle):
    scope = "token"

    def get_rate(self):
        return settings.API_RATE_PER_TOKEN  # read at each request: the settings are the one source

    def get_cache_key(self, request, view):
        if not request.user.is_authenticated:
            return None
        token = request.auth
        ident = f"t{token.pk}" if token is not None and hasattr(token, "digest") else f"u{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}


class PerAddress(SimpleRateThrottle):
    scope = "address"

    def get_rate(self):
        return settings.API_RATE_ANONYMOUS

    def get_cache_key(self, request, view):
        if request.user.is_authenticated:
            return None
        return self.cache_format % {
            "scope": self.scope,
            "ident": address_group(request._request) or "unknown",
        }
