"""Every form inherits the shared edge: text cleaned, dates bounded, passwords left alone."""

import datetime

import pytest
from django import forms

from sharaka.core.dates import DATE_MAX, DATE_MIN
from sharaka.core.forms import DateField, SharakaForm, SharakaModelForm
from sharaka.core.tests.forms_found import sharaka_forms
from sharaka.lib.text import clean_text


def test_every_form_of_the_application_inherits_the_shared_base_classes():
    found = sharaka_forms()
    assert len(found) > 30
    strays = [
        f"{cls.__module__}.{cls.__qualname__}"
        for cls in found
        if not issubclass(cls, SharakaForm | SharakaModelForm) and cls not in (SharakaForm, SharakaModelForm)
    ]
    assert strays == [], "inherit sharaka.core.forms.SharakaForm or SharakaModelForm"


@pytest.mark.parametrize(
    ("typed", "single", "multi"),
    [
        ("abc\u202edcba", "abcdcba", "abcdcba"),  # right-to-left override
        ("\u2066x\u2069 \u202ay\u202c \u200fz\u061c", "x y z", "x y z"),  # isolates, embeddings, marks
        ("nul\x00here", "nulhere", "nulhere"),
        ("bell\x07 esc\x1b del\x7f c1\x85\x9b", "bell esc del c1", "bell esc del c1"),
        ("line one\r\nline two\tend", "line one line two end", "line one\r\nline two\tend"),
        ("مرحبا بكم في أورير", "مرحبا بكم في أورير", "مرحبا بكم في أورير"),
        ("ⴰⵡⵔⵉⵔ Aourir é", "ⴰⵡⵔⵉⵔ Aourir é", "ⴰⵡⵔⵉⵔ Aourir é"),
    ],
)
def test_the_one_cleaning_rule_removes_controls_and_keeps_letters(typed, single, multi):
    assert clean_text(typed) == single
    assert clean_text(typed, multiline=True) == multi


class _Sample(SharakaForm):
    name = forms.CharField()
    notes = forms.CharField(widget=forms.Textarea)
    password = forms.CharField(widget=forms.PasswordInput)
    day = forms.DateField()  # a plain Django date field: the base class bounds it all the same
    picked = DateField()
    tags = forms.MultipleChoiceField(choices=[("a\u202e", "a"), ("a", "a")], required=False)


def _sample(**over):
    data = {
        "name": "Leila\u202e\x00",
        "notes": "one\nTwo\u2067",
        "password": "p\u202ess\tword",
        "day": "2026-03-31",
        "picked": "2026-03-31",
    }
    data.update(over)
    form = _Sample(data)
    form.is_valid()
    return form


def test_the_base_form_cleans_every_text_and_never_a_password():
    form = _sample()
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "Leila"
    assert form.cleaned_data["notes"] == "one\nTwo"
    assert form.cleaned_data["password"] == "p\u202ess\tword"


def test_the_base_form_cleans_querydicts_and_lists():
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update({"name": "x", "notes": "y", "password": "z", "day": "2026-01-01", "picked": "2026-01-01"})
    data.setlist("tags", ["a\u202e", "a"])
    form = _Sample(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["tags"] == ["a", "a"]


@pytest.mark.parametrize("field", ["day", "picked"])
@pytest.mark.parametrize("typed", ["0001-01-01", "1955-12-31", "2101-01-01", "9999-12-01"])
def test_every_date_field_is_bounded(field, typed):
    form = _sample(**{field: typed})
    assert field in form.errors
    assert "1956-01-01" in form.errors[field][0] and "2100-12-31" in form.errors[field][0]


@pytest.mark.parametrize("typed", [DATE_MIN, DATE_MAX])
def test_the_bounds_themselves_are_accepted(typed):
    assert _sample(day=typed.isoformat(), picked=typed.isoformat()).is_valid()


def test_a_model_forms_date_fields_are_bounded_too(db):
    from sharaka.partners.models import Interaction

    class InteractionForm(SharakaModelForm):
        class Meta:
            model = Interaction
            fields = ["date"]

    form = InteractionForm({"date": "0001-01-01"})
    assert not form.is_valid()
    assert "date" in form.errors
    assert InteractionForm({"date": "2026-01-02"}).is_valid()


def test_the_date_picker_is_limited_to_the_bounds():
    html = str(_Sample()["picked"])
    assert 'min="1956-01-01"' in html and 'max="2100-12-31"' in html
    assert DateField().clean("2026-03-31") == datetime.date(2026, 3, 31)


def test_every_admin_page_that_writes_uses_the_shared_base_form(db):
    """Django's own user form (passwords) is the one exception: its text fields are names, kept as typed."""
    from django.contrib import admin
    from django.test import RequestFactory

    from sharaka.core.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    strays, writing = [], 0
    for model, model_admin in admin.site._registry.items():
        if not type(model_admin).__module__.startswith("sharaka.") or model is User:
            continue
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            writing += 1
            if not issubclass(model_admin.form, SharakaModelForm):
                strays.append(type(model_admin).__name__)
    assert writing >= 5  # the admins that write through services (test_admin_writes.THROUGH_SERVICES)
    assert strays == []
