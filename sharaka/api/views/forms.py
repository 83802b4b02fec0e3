"""A JSON body given to the page's own form: the same fields, checks and messages as the page."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _

from sharaka.api.errors import Invalid


def _scalar(value):
    if value is None:
        return ""
    if isinstance(value, bool):  # as words, which a checkbox reads and any other field refuses as text
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str):
        return value
    raise TypeError


def form_data(body, lists: tuple[str, ...] = ()) -> dict:
    """The JSON object of a write (`request.data`) as a form's data: text as sent, numbers as their digits, true/false
    as those words, null as empty; the fields named in `lists` (choices of several, such as focus areas) take a
    list of those. Anything else (an object, a list elsewhere) is refused beside its field."""
    if not isinstance(body, dict):
        raise Invalid({"__all__": [_("Send one JSON object.")]})  # as json_object()
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


def json_object(request) -> dict:
    """The body of a write, which must be one JSON object."""
    if not isinstance(request.data, dict):
        raise Invalid({"__all__": [_("Send one JSON object.")]})
    return request.data


def body_and_files(request) -> tuple[dict, dict]:
    """A write's fields and files: a JSON object (no files), or a multipart form whose text parts are
    the fields and whose file parts the files (a photo, a document; several under one name for a
    field that takes several), checked by the page's form."""
    if request.content_type.startswith("multipart/form-data"):
        files = request.FILES
        return {k: v for k, v in request.data.items() if k not in files}, files
    return json_object(request), {}


def with_files(request, make_form, *, refused=()):
    """The page's form bound to a write that carries files (`make_form(data, files)`; `(None, None)`
    for the form as it opens): the text parts on top of what the form holds, the file parts as its
    files, a file sent as text or an unknown part refused; valid, or a 400."""
    fields, files = body_and_files(request)
    blank = make_form(None, None)
    files_as_files(blank, fields)
    changes_to(blank, {**fields, **files}, refused=refused)
    form = make_form({**current_data(blank), **form_data(fields)}, files)
    valid(form)
    return form


def files_as_files(form, fields: dict) -> None:
    """A form's file field sent as text (in JSON, or as a plain part) is refused, not ignored."""
    wrong = {
        name: [_("Send the file as a file part of a multipart/form-data body.")]
        for name in fields
        if isinstance(form.fields.get(name), forms.FileField)
    }
    if wrong:
        raise Invalid(wrong)


def changes_to(form, changes: dict, refused=()) -> dict:
    """A partial write's fields, each one the page's form has and none of `refused` (such as a hidden
    `version`, which comes from If-Match)."""
    unknown = sorted((set(changes) - set(form.fields)) | (set(refused) & set(changes)))
    if unknown:
        raise Invalid({name: [_("This field does not exist.")] for name in unknown})
    return changes


def on_top(make_form, body: dict, *, refused=(), extra=None):
    """The page's form as a browser sends it after changing the fields of `body`: what the form holds
    (its record's values, or its defaults; `make_form(None)`) with those on top and `extra` (a hidden
    version); valid, or a 400. A field the form does not have, or one of `refused`, is refused."""
    blank = make_form(None)
    changes = changes_to(blank, body, refused=refused)
    form = make_form({**current_data(blank), **changes, **(extra or {})})
    valid(form)
    return form


def formset_data(
    field: str, prefix: str, rows, names, maximum: int, refusal: str, *, defaults=None, all_given=False
) -> dict:
    """A list of JSON objects (the body's `field`) as the page's formset receives them (`prefix`,
    management form), each row
    with `names` (`defaults` for those missing). `all_given`: every row counts as filled in (none is
    an untouched blank row the formset may skip). More than `maximum` rows, or a row that is not an
    object, is refused with `refusal`."""
    if not isinstance(rows, list) or len(rows) > maximum or not all(isinstance(row, dict) for row in rows):
        raise Invalid({field: [refusal]})
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(len(rows)) if all_given else "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(maximum),
    }
    for index, row in enumerate(rows):
        for name in names:
            value = row.get(name, (defaults or {}).get(name, ""))
            if value is None or isinstance(value, (list, dict, bool)):
                value = ""
            data[f"{prefix}-{index}-{name}"] = str(value)
    return data


def form_errors(form) -> dict[str, list[str]]:
    return {field: [str(m) for m in messages] for field, messages in form.errors.items()}


def formset_errors(formset, name: str) -> dict[str, list[str]]:
    """A formset's messages as `name.<row>.<field>`, and `name` for the set as a whole."""
    errors = {
        f"{name}.{index}.{field}": [str(m) for m in messages]
        for index, row in enumerate(formset.forms)
        for field, messages in row.errors.items()
    }
    if formset.non_form_errors():
        errors[name] = [str(m) for m in formset.non_form_errors()]
    return errors


def valid(form, *formsets):
    """The form's cleaned data, or a 400 with the messages of the form and of its formsets
    (`(formset, name)` pairs) per field."""
    errors = form_errors(form) if not form.is_valid() else {}
    for formset, name in formsets:
        if not formset.is_valid():
            errors.update(formset_errors(formset, name))
    if errors:
        raise Invalid(errors)
    return form.cleaned_data
