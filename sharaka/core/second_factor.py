"""The second factor of the roles that move money or sign (roles.SECOND_FACTOR_ROLES).

After the password, these users confirm each sign-in with a six-digit code from an authenticator app
(TOTP, RFC 6238, through django-otp) or with one of their ten single-use recovery codes. Until they have,
`SecondFactorMiddleware` sends every page they ask for to the code page (or, before they have an
authenticator, to the page that sets one up). docs/roles-and-access.md explains it.
"""

import base64
import re

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharaka.core import services
from sharaka.core.forms import SharakaForm
from sharaka.core.roles import needs_second_factor

# Pages an unconfirmed sign-in of those roles may still open: the code pages, signing out, the language.
OPEN_BEFORE_SECOND_FACTOR = {
    "two_factor_setup",
    "two_factor_verify",
    "logout",
    "login",
    "set_language",
    "admin:logout",
}


class SecondFactorMiddleware:
    """Keeps a signed-in administrator, finance officer or president (and anyone who can open the admin
    site) on the second-factor pages until their sign-in is confirmed, when SECOND_FACTOR_REQUIRED."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.SECOND_FACTOR_REQUIRED or not needs_second_factor(request.user):
            return None
        if request.user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_BEFORE_SECOND_FACTOR:
            return None
        return redirect(_with_next(_where_to_confirm(request.user), request.get_full_path()))


TOO_MANY = gettext_lazy(
    "Too many wrong codes in a row: wait a moment before the next try "
    "(the wait doubles with each wrong code)."
)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


def _where_to_confirm(user) -> str:
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    return "two_factor_verify" if has_app else "two_factor_setup"


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


class CodeForm(SharakaForm):
    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "dir": "ltr"}),
    )

    def clean_code(self):
        """Spaces and dashes are typing aids: `123 456`, `abcde-fghij`."""
        return re.sub(r"[\s-]+", "", self.cleaned_data["code"]).lower()


def _group(text: str, size: int = 4) -> str:
    return " ".join(text[i : i + size] for i in range(0, len(text), size))


def secret_of(device: TOTPDevice) -> str:
    """The secret key as typed into an authenticator app: base32, without padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def setup(request):
    """Set up the authenticator app: its key as a QR code and as text, confirmed by one code it shows."""
    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        if not user.is_verified():
            return redirect(_with_next("two_factor_verify", _next(request)))
        return render(request, "two_factor/status.html", {"recovery_left": _recovery_left(user)})
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid() and not device.verify_is_allowed()[0]:
        status = 429
        form.add_error("code", TOO_MANY)
    elif request.method == "POST" and form.is_valid():
        if services.second_factor_confirm(actor=user, device=device, token=form.cleaned_data["code"]):
            otp_login(request, device)
            codes = services.recovery_codes_issue(actor=user, user=user)
            return render(
                request,
                "two_factor/recovery_codes.html",
                {"codes": [_group(c, 5) for c in codes], "next": _next(request), "first_time": True},
            )
        form.add_error("code", _("This code is not the one your app shows now. Type the current one."))
    uri = device.config_url
    qr = segno.make(uri, error="m").svg_inline(scale=4, border=4, light="#fff", title=_("QR code of the key"))
    context = {
        "form": form,
        "secret": _group(secret_of(device)),
        "uri": uri,
        "qr": qr,
        "next": _next(request),
    }
    return render(request, "two_factor/setup.html", context, status=status)


def verify(request):
    """Confirm this sign-in with a code from the app or a recovery code."""
    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    if user.is_verified():
        return redirect(_next(request))
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if app is None:
        return redirect(_with_next("two_factor_setup", _next(request)))
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        recovery = StaticDevice.objects.filter(user=user, confirmed=True).first()
        device = app if (len(code) == 6 and code.isdigit()) else recovery
        allowed, _data = device.verify_is_allowed() if device else (True, None)
        if not allowed:
            status = 429
            form.add_error("code", TOO_MANY)
        elif device is not None and device.verify_token(code):
            otp_login(request, device)
            if device is recovery:
                messages.warning(
                    request,
                    _(
                        "You signed in with a recovery code; it cannot be used again. %(left)s recovery codes "
                        "are left: make new ones from the “Second factor” page if you are running out."
                    )
                    % {"left": _recovery_left(user)},
                )
            return redirect(_next(request))
        else:
            form.add_error(
                "code", _("This code is not right. Type the code your app shows now, or a recovery code.")
            )
    return render(request, "two_factor/verify.html", {"form": form, "next": _next(request)}, status=status)


def recovery_codes(request):
    """How many recovery codes are left, and new ones (the old ones then stop working), shown once."""
    user = request.user
    if not needs_second_factor(user):
        raise PermissionDenied
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect("two_factor_setup")
    if not user.is_verified():
        return redirect(_with_next("two_factor_verify", request.get_full_path()))
    if request.method == "POST":
        codes = services.recovery_codes_issue(actor=user, user=user)
        return render(
            request,
            "two_factor/recovery_codes.html",
            {
                "codes": [_group(c, 5) for c in codes],
                "next": reverse("two_factor_setup"),
                "first_time": False,
            },
        )
    return render(request, "two_factor/status.html", {"recovery_left": _recovery_left(user)})


def _recovery_left(user) -> int:
    device = StaticDevice.objects.filter(user=user).first()
    return device.token_set.count() if device else 0
