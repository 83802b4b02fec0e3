"""A JSON body given to the page's own form: the same fields, checks and messages as the page."""

from decimal import Decimal

from django.utils.translation import gettext as _

from sharaka.api.errors import Invalid


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value
    raise TypeError


def form_data(body, lists: tuple[str, ...] = ()) -> dict:
    """The JSON object of a write (`request.data`) as a form's data: text as sent, numbers as their digits, true/false
    kept, null as empty; the fields named in `lists` (choices of several, such as focus areas) take a
    list of those. Anything else (an object, a list elsewhere) is refused beside its field."""
    if not isinstance(body, dict):
        raise Invalid({"__all__": [_("Send one JSON object.")]})
    data, wrong = {}, {}
    for key, value in body.items():
        try:
            if key in lists and isinstance(value, list):
                data[key] = [_scalar(v) for v in value if not isinstance(v, (list, dict, bool))]
            else:
                data[key] = _scalar(value)
        except TypeError:
            wrong[key] = [_("Send a text, a number or true/false here.")]
    if wrong:
        raise Invalid(wrong)
    return data


def current_data(form) -> dict:
    """What the page's form holds as it opens on a record (its initial values, as a browser would send
    them): a partial write (PATCH) changes only the fields it names on top of these."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            value = [str(getattr(v, "pk", v)) for v in value]
        elif value is not True:
            value = getattr(value, "pk", value)
        data[bound.html_name] = value
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
