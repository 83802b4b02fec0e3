"""Drop-downs written in Python by the form renderer are exactly what Django's templates write."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from sharaka.core.models import Theme
from sharaka.core.rendering import FormRenderer


class _Everything(forms.Form):
    plain = forms.ChoiceField(choices=[("", "All"), ("a", "Alpha"), ("b", "Beta & <Gamma>")])
    typed = forms.TypedChoiceField(choices=[(2026, 2026), (2025, "2025")], coerce=int, required=False)
    grouped = forms.ChoiceField(
        choices=[
            ("Water", [("w1", "Wells"), ("w2", "Pipes")]),
            ("Other", [("o", 'Quoted "name"')]),
            ("x", "X"),
        ]
    )
    several = forms.MultipleChoiceField(choices=[("1", "One"), ("2", "Two"), ("3", "Three")], required=False)
    lazy = forms.ChoiceField(choices=[("ar", gettext_lazy("Arabic")), ("fr", gettext_lazy("French"))])
    safe = forms.ChoiceField(
        choices=[(mark_safe("&amp;"), mark_safe("<b>bold</b>")), ("d", datetime.date(2026, 1, 2))]
    )
    attributes = forms.ChoiceField(
        choices=[("1", "One")],
        widget=forms.Select(attrs={"class": "wide", "data-x": 'a"b', "disabled": True}),
    )
    boolean = forms.NullBooleanField()


def _both(form_class, data):
    """Each field's widget, written by our renderer and by Django's."""
    ours, django = form_class(data, renderer=FormRenderer()), form_class(data, renderer=DjangoTemplates())
    ours.is_valid(), django.is_valid()
    return [(name, str(ours[name]), str(django[name])) for name in ours.fields]


@pytest.mark.parametrize("language", ["ar", "fr", "en"])
@pytest.mark.parametrize(
    "data",
    [
        {},
        {
            "plain": "b",
            "typed": "2025",
            "grouped": "w2",
            "several": ["1", "3"],
            "lazy": "fr",
            "boolean": "true",
        },
        {"plain": "nope", "typed": "x", "grouped": "o", "several": ["9"]},  # invalid: errors, aria-invalid
    ],
)
def test_every_drop_down_is_written_as_django_writes_it(language, data):
    with override(language):
        written = _both(_Everything, data or None)
    for name, ours, django in written:
        assert ours == django, name
    assert any("<select" in ours for _name, ours, _django in written)


@pytest.mark.django_db
def test_a_model_choice_drop_down_is_written_as_django_writes_it():
    class ThemeForm(forms.Form):
        theme = forms.ModelChoiceField(queryset=Theme.objects.filter(kind="area"))

    ((_name, ours, django),) = _both(ThemeForm, {"theme": Theme.objects.filter(kind="area").first().pk})

    assert ours == django
    assert ours.count("<option") == Theme.objects.filter(kind="area").count() + 1


def test_every_form_uses_it():
    assert isinstance(forms.Form().renderer, FormRenderer)
