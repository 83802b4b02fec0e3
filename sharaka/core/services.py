"""Helpers shared by every app's services: the conflict check and the common errors."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class ConcurrentEdit(ValidationError):
    """Someone else saved the record after this user opened it."""


def check_version(locked, expected_version: int) -> None:
    """`locked` must come from select_for_update(); raise when the form was opened on an older version."""
    if expected_version is None or int(expected_version) != locked.version:
        raise ConcurrentEdit(
            _(
                "Someone else changed this record while you were editing it. Nothing was saved. "
                "Open it again to see their changes, then make yours."
            ),
            code="concurrent_edit",
        )
