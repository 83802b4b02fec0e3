"""Every status that moves, moves here: declared moves, who may make each, one function that moves.

An app declares its pipeline once, beside its states (`projects/pipeline.py`,
`agreements/pipeline.py`, `agreements/obligations.py`, `portal/pipeline.py`):

    PIPELINE = Pipeline(
        history="portal.InquiryStatusChange",       # a model built on core.models.StatusHistory
        parent="inquiry",                           # its foreign key to the object that moves
        field="status",                             # the object's state field
        states=Inquiry.Status,                      # the TextChoices of that field
        moves={(RECEIVED, IN_REVIEW): "portal.publish", ...},
        cannot=_("This inquiry cannot go from “%(old)s” to “%(new)s”."),
    )

Who may make a move is a set of roles, a capability of `core/roles.py` (a string), or a predicate
`(user, obj) -> bool`; `any_of` combines them. `moves` may also be a function of the object, for a
road that depends on it (an agreement's).

`PIPELINE.move(actor=..., obj=locked, to=..., reason=...)` refuses an undeclared move (a translated
ValidationError), a move the actor may not make (PermissionDenied), a move without the reason it
requires; then sets the state, saves the object and writes one history row: old, new, who, when,
why. The caller locks the row first (select_for_update), and records its audit entry in the same
transaction. A move made by the clock passes `automatic=True` (no actor); it must still be declared.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from sharaka.core.roles import can

Rule = frozenset | set | str | Callable


def allows(rule: Rule, user, obj) -> bool:
    """Whether `rule` (roles, a capability or a predicate) lets this signed-in, active user make the move."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if isinstance(rule, str):
        return can(user, rule)
    if isinstance(rule, set | frozenset):
        return user.role in rule
    return bool(rule(user, obj))


def any_of(*rules: Rule) -> Callable:
    """A rule met when any of `rules` is."""
    return lambda user, obj: any(allows(rule, user, obj) for rule in rules)


@dataclass(frozen=True)
class Pipeline:
    history: str
    parent: str
    field: str
    states: type
    moves: Mapping | Callable
    cannot: str
    reason_required: frozenset = frozenset()
    # The form field that carries an undeclared-move error ("" for the form as a whole).
    error_field: str = ""
    # A kinder refusal for some actors: (actor, obj, to) -> message or "".
    explain: Callable | None = field(default=None, compare=False)

    def declared(self, obj) -> Mapping:
        """{(from, to): rule} for this object."""
        return self.moves(obj) if callable(self.moves) else self.moves

    def targets(self, obj) -> list[str]:
        """Every state the object may go to in one move from where it stands."""
        current = getattr(obj, self.field)
        return [to for (frm, to) in self.declared(obj) if frm == current]

    def may(self, user, obj, to: str) -> bool:
        rule = self.declared(obj).get((getattr(obj, self.field), to))
        return rule is not None and allows(rule, user, obj)

    def allowed_targets(self, user, obj) -> list[str]:
        return [to for to in self.targets(obj) if self.may(user, obj, to)]

    def label(self, state: str) -> str:
        return str(self.states(state).label) if state in self.states.values else str(state)

    def check(self, *, actor, obj, to: str, reason: str = "", automatic: bool = False) -> str:
        """Refuse the move or return its reason, cleaned."""
        current = getattr(obj, self.field)
        if (current, to) not in self.declared(obj):
            message = self.cannot % {"old": self.label(current), "new": self.label(to)}
            if self.error_field:
                raise ValidationError({self.error_field: ValidationError(message, code="undeclared_move")})
            raise ValidationError(message, code="undeclared_move")
        if not automatic and not self.may(actor, obj, to):
            explained = self.explain(actor, obj, to) if self.explain else ""
            raise PermissionDenied(explained or _("Your role may not make this move."))
        reason = (reason or "").strip()
        if to in self.reason_required and not reason:
            raise ValidationError(
                {"reason": ValidationError(_("Say why: a reason is required for this move."), code="reason")}
            )
        return reason

    def move(
        self,
        *,
        actor,
        obj,
        to: str,
        reason: str = "",
        automatic: bool = False,
        apply: Callable | None = None,
        **history,
    ):
        """Move `obj` (locked by the caller) to `to` and return the history row.

        `apply(obj, old)` sets what else changes with the move (dates, version) before the save.
        """
        reason = self.check(actor=actor, obj=obj, to=to, reason=reason, automatic=automatic)
        old = getattr(obj, self.field)
        setattr(obj, self.field, to)
        if apply is not None:
            apply(obj, old)
        obj.save()
        return self._write(obj, old, to, actor, reason, automatic, history)

    def start(self, *, actor, obj, **history):
        """The first row of the history, when the object is created: no old state."""
        return self._write(obj, "", getattr(obj, self.field), actor, "", False, history)

    def _write(self, obj, old, new, actor, reason, automatic, history):
        model = apps.get_model(self.history)
        return model.objects.create(
            **{self.parent: obj},
            old_status=old,
            new_status=new,
            changed_by=actor if getattr(actor, "pk", None) else None,
            reason=reason,
            automatic=automatic,
            **history,
        )
