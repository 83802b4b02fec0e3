"""A posted key too big for any database integer is refused like an unknown choice, never a 500.

Found by the form fuzzer (core/tests/fuzz): SQLite raised OverflowError on a 20-digit partner key.
"""

import pytest
from django import forms as django_forms

from sharaka.agreements.models import Agreement
from sharaka.core import forms as core_forms
from sharaka.core.models import AuditEntry
from sharaka.core.tests.fuzz.forms import form_classes


def test_the_agreement_page_refuses_a_partner_key_too_big_for_the_database(client, personas):
    client.force_login(personas.officer)
    ledger = AuditEntry.objects.count()

    response = client.post(
        "/agreements/new/",
        {"kind": "twinning", "title_fr": "Jumelage", "partners": ["-99999999999999999999", "1"]},
    )

    assert response.status_code == 200
    assert "-99999999999999999999" in response.content.decode()  # named in the error, on the same page
    assert not Agreement.objects.exists() and AuditEntry.objects.count() == ledger


@pytest.mark.parametrize("key", [str(2**63), str(-(2**63) - 1), "9" * 30])
def test_the_shared_field_refuses_keys_out_of_range_and_accepts_real_ones(personas, key):
    from sharaka.core.models import User

    field = core_forms.ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(django_forms.ValidationError):
        field.clean([key])
    assert list(field.clean([str(personas.officer.pk)])) == [personas.officer]


def test_every_multiple_choice_of_a_model_uses_the_shared_field():
    import importlib

    plain = []
    for path in form_classes():
        module, name = path.rsplit(".", 1)
        for field_name, field in getattr(importlib.import_module(module), name).base_fields.items():
            if isinstance(field, django_forms.ModelMultipleChoiceField) and not isinstance(
                field, core_forms.ModelMultipleChoiceField
            ):
                plain.append(f"{path}.{field_name}")
    assert not plain, f"use sharaka.core.forms.ModelMultipleChoiceField in {plain}"
