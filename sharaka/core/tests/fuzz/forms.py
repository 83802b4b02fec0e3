"""Find the forms to fuzz: walk every named URL as the roles allowed to see it and parse its HTML.

Nothing is hand-listed. A form found on several pages (the language switch, the sign-out button, the
same edit form for two objects) counts once: its key is the method, the URL name it posts to and its
field names.
"""

from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
from django.urls import Resolver404, resolve, reverse

from sharaka.core.tests.test_url_access import _expectations, _named_urls

# The order in which roles are tried: the first one that finds a form posts it. The administrator
# can write almost everything; the public, the prefecture and the council have forms of their own.
WALKERS = ["administrator", "anonymous", "prefecture", "council_member"]

# Input types a browser sends as typed text; each has a strategy in values.py.
TEXT_TYPES = {"text", "search", "email", "url", "tel", "password", "number", "date", "datetime-local", "time"}
KNOWN_TYPES = TEXT_TYPES | {"hidden", "checkbox", "radio", "file", "submit", "button", "reset", "image"}


class UnknownField(Exception):
    """A form holds a field the harness has no strategy for: add one in values.py."""


@dataclass
class Field:
    name: str
    kind: str  # an input type, "textarea", "select"
    required: bool = False
    initial: list = field(default_factory=list)  # the values a browser would send untouched
    options: list = field(default_factory=list)  # select, radio, checkbox group, named submit buttons
    multiple: bool = False
    attrs: dict = field(default_factory=dict)  # min, max, step, maxlength, accept


@dataclass
class Form:
    key: tuple
    url_name: str  # the URL it posts to
    action: str
    method: str
    role: str
    page: str  # where it was found
    multipart: bool
    fields: dict  # name -> Field

    def label(self):
        return f"{self.method.upper()} {self.url_name} ({self.action}, found on {self.page} as {self.role})"


def _field_kind(element):
    tag = element.tag
    if tag == "textarea":
        return "textarea"
    if tag == "select":
        return "select"
    if tag == "button":
        return (element.get("type") or "submit").lower()
    kind = (element.get("type") or "text").lower()
    if kind not in KNOWN_TYPES:
        raise UnknownField(f"input type {kind!r} (name {element.get('name')!r})")
    return kind


def parse_forms(html: str, page_url: str, role: str, unknown: list) -> list[Form]:
    """Every form of one page with its fields, as a browser would see them."""
    if not html.strip():  # an empty answer (an htmx swap that removes its target)
        return []
    document = lxml.html.document_fromstring(html)
    found = []
    for element in document.iter("form"):
        method = (element.get("method") or "get").lower()
        action = urljoin(page_url, element.get("action") or page_url)
        path = urlsplit(action).path
        try:
            url_name = resolve(path).view_name
        except Resolver404:
            url_name = f"<unresolved {path}>"
        fields: dict[str, Field] = {}
        for control in element.iter("input", "select", "textarea", "button"):
            name = control.get("name")
            if not name or control.get("disabled") is not None:
                continue
            try:
                kind = _field_kind(control)
            except UnknownField as error:
                unknown.append(f"{url_name} on {page_url}: {error}")
                continue
            if kind in ("reset", "button", "image"):
                continue
            spec = fields.setdefault(name, Field(name=name, kind=kind))
            spec.required = spec.required or control.get("required") is not None
            spec.attrs.update(
                {
                    k: control.get(k)
                    for k in ("min", "max", "step", "maxlength", "accept", "inputmode")
                    if control.get(k)
                }
            )
            value = control.get("value")
            if kind == "select":
                spec.multiple = control.get("multiple") is not None
                for option in control.iter("option"):
                    option_value = option.get("value", option.text_content())
                    spec.options.append(option_value)
                    if option.get("selected") is not None:
                        spec.initial.append(option_value)
                if not spec.initial and spec.options and not spec.multiple:
                    spec.initial.append(spec.options[0])
            elif kind == "textarea":
                spec.initial.append(control.text_content().removeprefix("\n"))
            elif kind in ("checkbox", "radio"):
                spec.options.append(value if value is not None else "on")
                spec.multiple = spec.multiple or kind == "checkbox" and len(spec.options) > 1
                if control.get("checked") is not None:
                    spec.initial.append(value if value is not None else "on")
            elif kind == "submit":
                spec.options.append(value or "")
            elif kind == "file":
                spec.multiple = control.get("multiple") is not None
            else:
                spec.initial.append(value or "")
        multipart = (element.get("enctype") or "").lower() == "multipart/form-data" or any(
            f.kind == "file" for f in fields.values()
        )
        key = (method, url_name, tuple(sorted(fields)))
        found.append(Form(key, url_name, action, method, role, page_url, multipart, fields))
    return found


def _urls(world):
    """(url, statuses per role) of every named URL, with all the world's objects made first, so that
    no page is walked before the objects another URL's expectations add (a funder, an agreement)."""
    names = set(_named_urls())
    return [
        (reverse(name, kwargs=kwargs_for(world) if kwargs_for else None), statuses)
        for name, (kwargs_for, statuses) in sorted(_expectations().items())
        if name in names
    ]


def discover(client, world, login_as) -> tuple[list[Form], list[str]]:
    """All distinct forms of the application, and the fields that have no strategy.

    `login_as(role)` puts the client in that role's shoes ("anonymous" signs out).
    """
    forms: dict[tuple, Form] = {}
    unknown: list[str] = []
    for url, statuses in _urls(world):
        roles = [role for role in WALKERS if statuses.get(role) == 200]
        if not roles:
            roles = [role for role, status in statuses.items() if status == 200][:1]
        for role in roles:
            login_as(role)
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            for form in parse_forms(response.content.decode(), "http://testserver" + url, role, unknown):
                forms.setdefault(form.key, form)
    return list(forms.values()), sorted(set(unknown))


def form_classes():
    """The Form classes the application defines (not the admin's), to compare with what was covered."""
    import importlib
    import inspect

    from django import forms as django_forms
    from django.conf import settings

    classes = set()
    for app in settings.INSTALLED_APPS:
        if not app.startswith("sharaka."):
            continue
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, django_forms.BaseForm) and cls.__module__ == module.__name__:
                classes.add(f"{cls.__module__}.{cls.__qualname__}")
    return sorted(classes)
