"""What every app's forms share: the base classes that clean all input at the edge, once.

Every form of Sharaka inherits `SharakaForm` or `SharakaModelForm` (a test walks the code and fails
on one that does not). Before any check they:

- clean every text value with `sharaka.lib.text.clean_text` (bidi controls, NUL and other control
  characters removed; line breaks kept only in multi-line fields, those shown as a Textarea),
  never touching a password;
- bound every date field by `sharaka.core.dates.validate_date` (1956-01-01 to 2100-12-31), whether
  declared on the form or taken from the model.

Files are checked by `sharaka.core.uploads.UploadField`, each with its purpose; amounts and rates by
`AmountField` and `RateField` below, bounded once in `sharaka/lib/money.py`.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from sharaka.core.dates import DATE_MAX, DATE_MIN, validate_date
from sharaka.core.money import amount_too_large_message, rate_out_of_bounds_message
from sharaka.lib.money import amount_in_bounds, rate_in_bounds
from sharaka.lib.text import clean_text

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


DATE_WIDGET_ATTRS = {"type": "date", "min": DATE_MIN.isoformat(), "max": DATE_MAX.isoformat()}


class DateInput(forms.DateInput):
    """The browser's date picker, limited to the bounds the server checks."""

    def __init__(self, attrs=None, format="%Y-%m-%d"):  # noqa: A002 (Django's argument name)
        super().__init__(attrs={**DATE_WIDGET_ATTRS, **(attrs or {})}, format=format)


class DateField(forms.DateField):
    """The one date field: the date picker and the shared bounds."""

    widget = DateInput
    default_validators = [validate_date]


class CleanInput:
    """The shared edge: text cleaned and dates bounded before the form's own checks."""

    def full_clean(self):
        if self.is_bound:
            self.data = clean_data(self)
        for field in self.fields.values():
            bound_dates(field)
        super().full_clean()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            bound_dates(field)


def bound_dates(field) -> None:
    if isinstance(field, forms.DateField):
        if validate_date not in field.validators:
            field.validators.append(validate_date)
        if getattr(field.widget, "input_type", "") == "date":
            for key in ("min", "max"):
                field.widget.attrs.setdefault(key, DATE_WIDGET_ATTRS[key])


def clean_data(form):
    """A copy of the form's data with every text value cleaned; passwords as typed."""
    by_key = {form.add_prefix(name): field for name, field in form.fields.items()}

    def clean(key, value):
        if isinstance(value, list | tuple):
            return [clean(key, item) for item in value]
        if not isinstance(value, str):
            return value
        field = by_key.get(key)
        if field is not None and isinstance(field.widget, forms.PasswordInput):
            return value
        return clean_text(value, multiline=field is not None and isinstance(field.widget, forms.Textarea))

    data = form.data
    if hasattr(data, "setlist"):
        data = data.copy()
        for key in list(data.keys()):
            data.setlist(key, [clean(key, value) for value in data.getlist(key)])
        return data
    return {key: clean(key, value) for key, value in data.items()}


class SharakaForm(CleanInput, forms.Form):
    pass


class SharakaModelForm(CleanInput, forms.ModelForm):
    pass


def apply_errors(form, error: ValidationError) -> None:
    """Show a service's refusal on the form it came from: beside the field it names, else at the top,
    so the person sees why on the same page with what they typed kept."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class _BoundedDecimal(forms.DecimalField):
    """A DecimalField whose bound is stated once (`lib/money.py`) and refused with a clear message
    beside the field, what was typed kept. Digits are not counted: the bound says what fits."""

    places = 2

    def __init__(self, **kwargs):
        kwargs.setdefault("decimal_places", self.places)
        kwargs.setdefault("max_digits", None)
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            self.check_bounds(value)


class AmountField(_BoundedDecimal):
    """Every amount a form takes (any currency): at most two decimals, at most MAX_AMOUNT."""

    def check_bounds(self, value):
        if not amount_in_bounds(value):
            raise ValidationError(amount_too_large_message(), code="amount_too_large")


class RateField(_BoundedDecimal):
    """Every exchange rate a form takes: dirhams for one unit, MIN_RATE to MAX_RATE, six decimals."""

    places = 6

    def check_bounds(self, value):
        if not rate_in_bounds(value):
            raise ValidationError(rate_out_of_bounds_message(), code="rate_out_of_bounds")
