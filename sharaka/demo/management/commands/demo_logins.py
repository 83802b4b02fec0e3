"""`manage.py demo_logins`: the demo accounts, one per role, and what each can see."""

from django.core.management.base import BaseCommand
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from sharaka.core.models import User
from sharaka.core.roles import Role
from sharaka.core.second_factor import secret_of
from sharaka.demo.data import people
from sharaka.projects.models import Project


class Command(BaseCommand):
    help = "Print the demo logins (username, role, password, what they see). Demo only."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language", default="en", choices=["ar", "fr", "en"], help="Language of the role names."
        )

    def handle(self, *args, **options):
        existing = {
            u.username: u for u in User.objects.filter(username__in=[p["username"] for p in people.USERS])
        }
        rows = []
        with translation.override(options["language"]):
            for spec in people.USERS:
                user = existing.get(spec["username"])
                sees = spec["sees"]
                if user is not None and user.role == Role.PROJECT_MANAGER:
                    sees += f" Manages {Project.objects.filter(manager=user).count()} demo projects."
                if user is not None and user.role == Role.PARTNER_VIEWER:
                    sees += f" ({Project.objects.visible_to(user).count()} projects.)"
                if user is None:
                    sees = "(not loaded: run manage.py load_demo)"
                rows.append((spec["username"], str(Role(spec["role"]).label), people.PASSWORD, sees))

        headers = ("username", "role", "password", "can see")
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(headers[:3])]
        line = "  ".join(h.ljust(w) for h, w in zip(headers[:3], widths, strict=True)) + "  " + headers[3]
        self.stdout.write("Demo logins (the password is published: demo only, never in production):")
        self.stdout.write(line)
        self.stdout.write("-" * len(line))
        for row in rows:
            self.stdout.write(
                "  ".join(c.ljust(w) for c, w in zip(row[:3], widths, strict=True)) + "  " + row[3]
            )
        devices = TOTPDevice.objects.filter(
            user__username__in=[p["username"] for p in people.USERS], confirmed=True
        ).select_related("user")
        if devices:
            self.stdout.write("")
            self.stdout.write(
                "Second factor (administrator, finance officer, president): after the password, type the "
                "code an authenticator app shows for this key (add it to the app), or the current code "
                "below (it changes every 30 s: run `manage.py demo_logins` again for fresh ones)."
            )
            for device in sorted(devices, key=lambda d: d.user.username):
                code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
                self.stdout.write(
                    f"  {device.user.username.ljust(widths[0])}  key {secret_of(device)}  "
                    f"code now {code:0{device.digits}d}"
                )
