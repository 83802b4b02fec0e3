"""The form renderer: Django's own, except that drop-downs are written in Python.

Django renders a `<select>` through a template that includes two more templates for every option
(the option and its attributes). A filter bar with a few drop-downs of 50 partners and 40 localities
thus ran about 200 template includes, a quarter of the staff project list's time. `FormRenderer`
writes exactly what `django/forms/widgets/select.html` writes (the same characters: a test compares
both on every kind of drop-down) and hands every other template, and any option with a template of
its own, to Django.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT and _plain_options(context["widget"]):
            return render_select(context["widget"])
        return super().render(template_name, context, request)


def _plain_options(widget) -> bool:
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def render_select(widget) -> str:
    """`select.html` and `select_option.html`, character for character."""
    parts = ['<select name="', _text(widget["name"]), '"', _attrs(widget["attrs"]), ">"]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts += ['\n  <optgroup label="', _shown(group_name), '">']
        for option in options:
            parts += [
                '\n  <option value="',
                _text(option["value"]),
                '"',
                _attrs(option["attrs"]),
                ">",
                _shown(option["label"]),
                "</option>\n",  # the option template's last line break
            ]
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    # Every piece above is escaped; the renderer strips what a template writes, so this does too.
    return mark_safe("".join(parts).strip())  # noqa: S308


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`: escaped unless it was already safe."""
    text = str(value)
    return text if isinstance(value, SafeData) else str(conditional_escape(text))


def _shown(value) -> str:
    """`{{ value }}`: localised, then escaped unless already safe."""
    return str(conditional_escape(localize(value)))


def _attrs(attrs) -> str:
    """`attrs.html`: a True value as a bare attribute, a False one left out."""
    written = []
    for name, value in attrs.items():
        if value is False:
            continue
        written.append(" " + str(conditional_escape(name)))
        if value is not True:
            written.append('="' + _text(value) + '"')
    return "".join(written)
