"""Exchange rates to MAD: which rate applies to a value date, and the conversion (rounded once)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from sharaka.core import codelists
from sharaka.finance.models import ExchangeRate
from sharaka.lib.money import quantize

# A rate older than this does not apply to a value date: the finance officer must enter a newer one.
MAX_RATE_AGE = datetime.timedelta(days=31)


class Refusal(ValidationError):
    """A ValidationError whose code reaches each field's message: `Refusal({"amount": msg}, code="x")`."""

    def __init__(self, message, code=None, params=None):
        if isinstance(message, dict) and code:
            message = {k: ValidationError(v, code=code) for k, v in message.items()}
        super().__init__(message, code=code, params=params)


@dataclass(frozen=True)
class AppliedRate:
    rate: Decimal
    date: datetime.date
    source: str


def check_currency(currency: str, field: str = "currency") -> str:
    currency = (currency or "").strip().upper()
    if currency not in codelists.CURRENCIES:
        raise Refusal(
            {field: _("“%(code)s” is not a currency Sharaka knows.") % {"code": currency or "—"}},
            code="unknown_currency",
        )
    return currency


def rate_for(currency: str, value_date: datetime.date, field: str = "value_date") -> AppliedRate:
    """The latest rate on or before the value date, at most MAX_RATE_AGE old; MAD is 1."""
    if currency == "MAD":
        return AppliedRate(Decimal(1), value_date, "MAD")
    found = (
        ExchangeRate.objects.filter(
            currency=currency, date__lte=value_date, date__gte=value_date - MAX_RATE_AGE
        )
        .order_by("-date")
        .first()
    )
    if found is None:
        raise Refusal(
            {
                field: _(
                    "There is no exchange rate for %(currency)s on %(date)s or in the %(days)s days before. "
                    "Enter the rate of that date on the exchange-rate page, then record this again."
                )
                % {"currency": currency, "date": value_date.isoformat(), "days": MAX_RATE_AGE.days}
            },
            code="missing_rate",
        )
    return AppliedRate(found.rate, found.date, found.source)


def to_mad(amount, rate) -> Decimal:
    """The dirham value of an amount: multiplied exactly, then rounded half-up to the centime, once."""
    return quantize(Decimal(amount) * Decimal(rate))
