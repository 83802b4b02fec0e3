"""A JSON body given to the page's own form: the same fields, checks and messages as the page."""

from decimal import Decimal

from django.utils.translation import gettext as _

from sharaka.api.errors import Invalid


def form_data(request) -> dict:
    """The JSON object of a write as a form's data: text as sent, numbers as their digits, true/false
    kept, null as empty. Anything else (a list, an object) is refused beside its field."""
    body = request.data
    if not isinstance(body, dict):
        raise Invalid({"__all__": [_("Send one JSON object.")]})
    data, wrong = {}, {}
    for key, value in body.items():
        if value is None:
            data[key] = ""
        elif isinstance(value, bool):
            data[key] = value
        elif isinstance(value, (int, Decimal)):
            data[key] = str(value)
        elif isinstance(value, float):
            data[key] = repr(value)
        elif isinstance(value, str):
            data[key] = value
        else:
            wrong[key] = [_("Send a text, a number or true/false here.")]
    if wrong:
        raise Invalid(wrong)
    return data


def valid(form):
    """The form's cleaned data, or a 400 with the form's messages per field."""
    if not form.is_valid():
        raise Invalid(
            {
                ("__all__" if field == "__all__" else field): [str(m) for m in messages]
                for field, messages in form.errors.items()
            }
        )
    return form.cleaned_data
