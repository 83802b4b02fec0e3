"""Project codes: the next free one of the year (AOU-2026-015), and a clash said in plain words."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sharaka.lib.text import isolate
from sharaka.projects.models import Project

PREFIX = "AOU"


def next_code(year: int | None = None) -> str:
    """AOU-<year>-<NNN>: one more than the highest number used that year (archived projects too)."""
    year = year or timezone.localdate().year
    start = f"{PREFIX}-{year}-"
    pattern = re.compile(re.escape(start) + r"([0-9]+)\Z")
    used = Project.objects.filter(code__startswith=start).values_list("code", flat=True)
    highest = max((int(m.group(1)) for m in map(pattern.match, used) if m), default=0)
    return f"{start}{highest + 1:03d}"


def clash_message(code: str) -> str:
    return _(
        "Another project already has the code %(code)s: keep the proposed code %(proposed)s or choose another."
    ) % {"code": isolate(code), "proposed": isolate(next_code())}


def check_free(code: str, project_pk=None) -> None:
    """Refuse a code another project already has, beside the code field."""
    if Project.objects.filter(code=code).exclude(pk=project_pk).exists():
        raise ValidationError({"code": ValidationError(clash_message(code), code="code_taken")})
