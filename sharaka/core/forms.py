"""What every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError

from sharaka.core.money import amount_too_large_message, rate_out_of_bounds_message
from sharaka.lib.money import amount_in_bounds, rate_in_bounds


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
