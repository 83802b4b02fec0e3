"""Who is calling: a personal token (`Authorization: Token shk_…`, or `Bearer`), or the browser's
session with its CSRF token. Either way the same user, with the same role, as on the pages."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from sharaka.api.models import ApiToken
from sharaka.api.tokens import PREFIX, digest

# `last_used_at` is written at most this often per token: not one write per read.
TOUCH_EVERY = datetime.timedelta(minutes=5)


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after “Token”."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("This token is not valid.")) from None
        if not key.startswith(PREFIX) or len(key) > 100:
            raise exceptions.AuthenticationFailed(_("This token is not valid."))
        token = ApiToken.objects.live().select_related("user").filter(digest=digest(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("This token is not valid or was revoked."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token

    def authenticate_header(self, request):
        return "Token"


class SessionAuthentication(authentication.SessionAuthentication):
    """The signed-in browser (the browsable API): Django's session, writes need the CSRF token."""


class TokenScheme(OpenApiAuthenticationExtension):
    """How the schema names the token (drf-spectacular)."""

    target_class = TokenAuthentication
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "A personal token made on /account/tokens/, sent as `Token shk_…`.",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = SessionAuthentication
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}
