"""What other apps add to a project's move along its pipeline, without projects importing them.

An app registers, from its AppConfig.ready():

- a guard `(actor, project, to, reason) -> None`, called by `services.project_advance` inside its
  transaction, on the locked project, before the move; it refuses with a ValidationError in the
  reader's language (shown on the same page) — e.g. `sustainability.guards.check_move`;
- an after-move hook `(actor, project, old, to) -> None`, called in the same transaction after the
  move and its audit entry — e.g. the sustainability app schedules the post-support checks;
- a themes hook `(project, before) -> None`, called by `services.project_update` in its transaction
  after its audit entry when the project's themes were set (`before`: the theme ids they had) — e.g.
  the finance app moves the project's money between its totals by cooperation area.

The dependency stays downward: sustainability imports projects, never the reverse.
"""

from collections.abc import Callable

_GUARDS: list[Callable] = []
_AFTER_MOVE: list[Callable] = []
_AFTER_THEMES: list[Callable] = []


def register_guard(guard: Callable) -> None:
    if guard not in _GUARDS:
        _GUARDS.append(guard)


def register_after_move(hook: Callable) -> None:
    if hook not in _AFTER_MOVE:
        _AFTER_MOVE.append(hook)


def register_after_themes(hook: Callable) -> None:
    if hook not in _AFTER_THEMES:
        _AFTER_THEMES.append(hook)


def check(*, actor, project, to: str, reason: str) -> None:
    for guard in _GUARDS:
        guard(actor=actor, project=project, to=to, reason=reason)


def moved(*, actor, project, old: str, to: str) -> None:
    for hook in _AFTER_MOVE:
        hook(actor=actor, project=project, old=old, to=to)


def themes_set(*, project, before: set[int]) -> None:
    for hook in _AFTER_THEMES:
        hook(project=project, before=before)
