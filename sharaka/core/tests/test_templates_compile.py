"""Every template in the project loads (its syntax, tags and filters are valid), in every language."""

from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import get_template

TEMPLATES = sorted(
    str(path.relative_to(path.parents[len(path.relative_to(app).parts) - 1]))
    for app in (Path(settings.BASE_DIR) / "sharaka").glob("*/templates")
    for path in app.rglob("*.html")
)


def test_it_found_the_templates():
    assert "base.html" in TEMPLATES and "layout.html" in TEMPLATES


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_loads(name):
    assert get_template(name) is not None
