"""Sign-in and password reset, throttled (docs/roles-and-access.md, "Signing in").

Failed sign-ins are counted by django-axes per account and per address (settings: AXES_*); this module
gives its lockout page, limits password-reset e-mails, and lets a password reset unlock the account.
"""

import datetime

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _

from sharaka.core import throttle
from sharaka.core.forms import SharakaForm
from sharaka.lib.client_ip import address_group
from sharaka.lib.text import clean_text
from sharaka.operations.mail import send_on_commit

RESET_WINDOW = datetime.timedelta(hours=1)
RESETS_PER_EMAIL = 3  # reset e-mails asked for one e-mail address in RESET_WINDOW
RESETS_PER_ADDRESS = 10  # reset requests from one address (IPv6: one /64) in RESET_WINDOW


def attempted_username(request, credentials=None) -> str | None:
    """The account a sign-in names, as django-axes counts it (AXES_USERNAME_CALLABLE): cleaned by the one
    text rule and cut to the longest username there is, so a hostile 5,000-character name is counted
    like any unknown account instead of overflowing the log's column (a server error on PostgreSQL)."""
    source = credentials if credentials else getattr(request, "POST", {})
    username = source.get(settings.AXES_USERNAME_FORM_FIELD) if source else None
    if username is None:
        return None
    limit = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD).max_length
    return clean_text(str(username))[:limit]


def locked_out(request, original_response=None, credentials=None):
    """What a locked-out sign-in sees, on the staff site and the admin site alike (AXES_LOCKOUT_CALLABLE)."""
    return render(
        request,
        "registration/locked_out.html",
        {"minutes": settings.LOGIN_COOLOFF_MINUTES, "limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


class PasswordResetForm(SharakaForm, auth_forms.PasswordResetForm):
    """Django's form, whose e-mail the background worker sends (sharaka/operations/mail.py), retried
    when the mail server fails instead of lost; with the shared clean-up of every form (SharakaForm); and the answer takes as long whether the address is
    an account's or not (Django's form would otherwise talk to the mail server only for an account)."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context) if html_email_template_name else None
        )
        send_on_commit(subject, body, to_email, html=html)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset by e-mail, at most RESETS_PER_EMAIL e-mails per e-mail address and
    RESETS_PER_ADDRESS requests per address an hour; over either, no e-mail leaves and the form says so."""

    form_class = PasswordResetForm

    def form_valid(self, form):
        allowed = throttle.allow(
            ("password_reset.email", throttle.key_of(form.cleaned_data["email"]), RESETS_PER_EMAIL),
            ("password_reset.address", address_group(self.request), RESETS_PER_ADDRESS),
            window=RESET_WINDOW,
        )
        if not allowed:
            form.add_error(
                None,
                _(
                    "Too many password reset requests in the last hour for this e-mail address or from "
                    "your connection. No e-mail was sent this time. Try again in an hour; the link in "
                    "an e-mail already received still works."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choosing a new password from the e-mailed link also lifts a sign-in lock on the account."""

    def form_valid(self, form):
        response = super().form_valid(form)
        AxesProxyHandler.reset_attempts(username=form.user.get_username())
        return response
