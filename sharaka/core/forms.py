"""What every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

# The range of the database's integer keys (BigAutoField): a number outside it names no row.
KEY_RANGE = range(-(2**63), 2**63)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field, which also refuses as an invalid choice a key no integer column can hold.

    Django checks the values with one `pk__in` query, and SQLite raises OverflowError (a server
    error) on a posted 30-digit number; here it is refused like any other unknown choice.
    """

    def _check_values(self, value):
        key = self.queryset.model._meta.get_field(self.to_field_name) if self.to_field_name else None
        key = key or self.queryset.model._meta.pk
        if isinstance(key, models.IntegerField) and isinstance(value, list | tuple):
            for item in value:
                try:
                    number = int(str(item).strip())
                except ValueError:
                    continue  # not a number: Django's own check refuses it
                if number not in KEY_RANGE:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": item}
                    )
        return super()._check_values(value)


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form it came from: beside the field it names, else at the top,
    so the person sees why on the same page with what they typed kept."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
