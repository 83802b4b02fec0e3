"""How a person is named in a picker, and the searchable pickers themselves.

Every people picker (owners, managers, the responsible of a schedule...) shows "name — role
(organisation)", so that a follow-up cannot go to the finance officer unnoticed. The pickers are plain
`<select>` elements that `sharaka/picker.js` enhances with a filter box (and, for a multiple choice, a
list of check boxes instead of Ctrl+click); without JavaScript they stay ordinary selects.
"""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sharaka.core.roles import Role, role_label


def organisation_label(user) -> str:
    if user.role == Role.PARTNER_VIEWER:
        access = getattr(user, "partner_access", None)
        return str(access.organisation) if access else _("partner organisation")
    if user.role == Role.PREFECTURE:
        return _("Prefecture")
    return _("Commune of Aourir")


def person_label(user) -> str:
    """ "Leila Amrani — Finance officer (Commune of Aourir)"."""
    return _("%(name)s — %(role)s (%(organisation)s)") % {
        "name": user,
        "role": role_label(user),
        "organisation": organisation_label(user),
    }


class PickerMixin:
    """Marks a select for `picker.js`, with the words it needs in the reader's language."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"].update(
            {
                "data-picker": "multiple" if self.allow_multiple_selected else "single",
                "data-picker-filter": _("Type to filter the list"),
                # %(shown)s and %(total)s are replaced by the script
                "data-picker-count": _("%(shown)s of %(total)s shown"),
                "data-picker-chosen": _("%(chosen)s chosen"),
            }
        )
        return context


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


class PersonChoiceField(forms.ModelChoiceField):
    """A choice of one person, labelled with role and organisation, filterable."""

    widget = PickerSelect
    default_error_messages = {"invalid_choice": gettext_lazy("Choose a person from the list.")}

    def _set_queryset(self, queryset):
        if queryset is not None:
            queryset = queryset.select_related("partner_access__organisation")
        super()._set_queryset(queryset)

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def label_from_instance(self, obj):
        return person_label(obj)
