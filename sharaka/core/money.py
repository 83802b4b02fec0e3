"""Money in the database and at the edge: the columns that store it, and the checks that bound it.

An amount is a Decimal to the centime in Python and an integer of centimes in the database; a rate
a Decimal to the millionth and an integer of millionths. SQLite stores a decimal column as a
floating-point REAL, which turns a large amount into a float that can no longer be read back; an
integer is exact on SQLite and PostgreSQL alike. The bounds themselves are in `lib/money.py`.
"""

import functools
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.expressions import Combinable, register_combinable_fields
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from sharaka.lib.money import (
    MAX_AMOUNT,
    MAX_RATE,
    MAX_TOTAL,
    MIN_RATE,
    amount_in_bounds,
    format_number,
    rate_in_bounds,
)


def amount_too_large_message() -> str:
    return _("The amount must be at most %(max)s (in any currency).") % {
        "max": format_number(MAX_AMOUNT, get_language())
    }


def rate_out_of_bounds_message() -> str:
    language = get_language()
    return _("The rate must be between %(min)s and %(max)s dirhams for one unit.") % {
        "min": format_number(MIN_RATE, language, 6),
        "max": format_number(MAX_RATE, language, 6),
    }


def check_amount(amount: Decimal, field: str) -> Decimal:
    """Refuse an amount beyond MAX_AMOUNT either way, beside `field`."""
    if not amount_in_bounds(amount):
        raise ValidationError({field: ValidationError(amount_too_large_message(), code="amount_too_large")})
    return amount


def check_computed(amount: Decimal, field: str) -> Decimal:
    """Refuse an amount the service computed (amount x rate, a sum) that is beyond MAX_AMOUNT."""
    if not amount_in_bounds(amount):
        message = _(
            "In dirhams this makes %(value)s, more than the largest amount Sharaka keeps (%(max)s)."
        ) % {"value": format_number(amount, get_language()), "max": format_number(MAX_AMOUNT, get_language())}
        raise ValidationError({field: ValidationError(message, code="amount_too_large")})
    return amount


def check_rate(rate: Decimal, field: str = "rate") -> Decimal:
    if not rate_in_bounds(rate):
        raise ValidationError(
            {field: ValidationError(rate_out_of_bounds_message(), code="rate_out_of_bounds")}
        )
    if rate != rate.quantize(MIN_RATE, rounding=ROUND_HALF_UP):
        raise ValidationError(
            {field: ValidationError(_("Rates have at most six decimals."), code="too_precise")}
        )
    return rate


def total_too_large_message() -> str:
    return _("This would carry a running total beyond %(max)s, more than Sharaka can add up.") % {
        "max": format_number(MAX_TOTAL, get_language())
    }


class ScaledIntegerField(models.Field):
    """A Decimal with `places` decimals kept as an integer count of its smallest unit.

    Deliberately not an IntegerField subclass: an expression mixing it with plain integers or
    decimals (`F("amount") * F("rate")`, `F("amount") + Decimal(...)`) then fails loudly instead of
    computing in centimes by mistake. Add and subtract two of the same kind only, and wrap Python
    values in `Value(x, output_field=MoneyField())`.
    """

    places = 2
    bound_min = -MAX_AMOUNT
    bound_max = MAX_AMOUNT
    empty_strings_allowed = False
    default_error_messages = {"invalid": gettext_lazy("“%(value)s” must be a decimal number.")}

    def get_internal_type(self):
        return "BigIntegerField"

    @functools.cached_property
    def unit(self) -> Decimal:
        return Decimal(1).scaleb(-self.places)

    @property
    def validators(self):
        return [
            *self.default_validators,
            *self._validators,
            validators.MinValueValidator(self.bound_min),
            validators.MaxValueValidator(self.bound_max),
        ]

    def to_python(self, value):
        if value is None or isinstance(value, Decimal) and value.is_finite():
            return value if value is None else value.quantize(self.unit, rounding=ROUND_HALF_UP)
        try:
            value = Decimal(str(value).strip())
        except (InvalidOperation, TypeError, ValueError):
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None
        if not value.is_finite():
            raise ValidationError(self.error_messages["invalid"], code="invalid", params={"value": value})
        return value.quantize(self.unit, rounding=ROUND_HALF_UP)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None:
            return None
        if not isinstance(value, Decimal):
            value = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
        return int(value.quantize(self.unit, rounding=ROUND_HALF_UP).scaleb(self.places))

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, float):  # never written so; an old REAL, read as best it can be
            value = round(value)
        return Decimal(value).scaleb(-self.places).quantize(self.unit)

    def formfield(self, **kwargs):
        from sharaka.core import forms

        return super().formfield(**{"form_class": forms.AmountField, **kwargs})


class MoneyField(ScaledIntegerField):
    """An amount: a Decimal to the centime, integer centimes in the database."""

    description = gettext_lazy("Amount (integer centimes)")


class RateField(ScaledIntegerField):
    """An exchange rate: a Decimal to the millionth, integer millionths in the database."""

    description = gettext_lazy("Rate (integer millionths)")
    places = 6
    bound_min = MIN_RATE
    bound_max = MAX_RATE

    def formfield(self, **kwargs):
        from sharaka.core import forms

        return super().formfield(**{"form_class": forms.RateField, **kwargs})


class PercentField(ScaledIntegerField):
    """A percentage to the hundredth, 0 to 100, kept as integer hundredths (a decimal column would be
    a float on SQLite)."""

    description = gettext_lazy("Percentage (integer hundredths)")
    places = 2
    bound_min = Decimal(0)
    bound_max = Decimal(100)


# Two amounts add up to an amount (a sum in centimes stays in centimes); nothing else combines.
for _connector in (Combinable.ADD, Combinable.SUB):
    register_combinable_fields(MoneyField, _connector, MoneyField, MoneyField)
