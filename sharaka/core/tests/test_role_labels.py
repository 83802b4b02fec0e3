"""A role is written for the person who holds it: feminine, masculine, or the role's own label when the
person's grammatical gender is not said (issue #11)."""

import pytest
from django.utils import translation

from sharaka.core import services
from sharaka.core.models import AuditEntry
from sharaka.core.roles import Role, role_label
from sharaka.core.testing import make_user

# (role, gender, language): the literal label a reader sees.
EXPECTED = {
    ("cooperation_officer", "f", "ar"): "مكلفة بالتعاون",
    ("cooperation_officer", "m", "ar"): "مكلف بالتعاون",
    ("cooperation_officer", "", "ar"): "مكلف بالتعاون",
    ("cooperation_officer", "f", "fr"): "Chargée de coopération",
    ("cooperation_officer", "m", "fr"): "Chargé de coopération",
    ("cooperation_officer", "f", "en"): "Cooperation officer",
    ("finance_officer", "f", "ar"): "مكلفة بالمالية",
    ("finance_officer", "f", "fr"): "Responsable financière",
    ("finance_officer", "m", "fr"): "Responsable financier",
    ("project_manager", "f", "ar"): "مسؤولة مشروع",
    ("project_manager", "f", "fr"): "Cheffe de projet",
    ("project_manager", "m", "fr"): "Chef de projet",
    ("administrator", "f", "ar"): "مديرة المنصة",
    ("administrator", "f", "fr"): "Administratrice",
    ("president", "f", "ar"): "الرئيسة أو نائبتها المفوضة",
    ("president", "f", "fr"): "Présidente ou vice-présidente déléguée",
    ("president", "m", "fr"): "Président ou vice-président délégué",
    ("council_member", "f", "ar"): "عضوة المجلس",
    ("council_member", "f", "fr"): "Membre du conseil",
    ("auditor", "f", "ar"): "مدققة",
    ("auditor", "f", "fr"): "Auditrice",
    ("auditor", "", "fr"): "Auditeur",
    ("partner_viewer", "f", "ar"): "ممثلة شريك (اطلاع)",
}


class Person:
    def __init__(self, role, gender):
        self.role, self.gender = role, gender


@pytest.mark.parametrize(("role", "gender", "language"), list(EXPECTED))
def test_a_role_is_written_for_the_persons_gender(role, gender, language):
    with translation.override(language):
        assert role_label(Person(role, gender)) == EXPECTED[role, gender, language]


def test_every_role_has_a_feminine_and_a_masculine_form_in_every_language():
    for language in ("ar", "fr", "en"):
        with translation.override(language):
            for role in Role.values:
                assert role_label(Person(role, "f")), (role, language)
                assert role_label(Person(role, "m")), (role, language)


def test_the_header_names_the_role_as_the_person_holds_it(client, db):
    officer = make_user("fz", Role.COOPERATION_OFFICER, first_name="Fatima Zahra", gender="f")
    client.force_login(officer)
    html = client.get("/", headers={"accept-language": "ar"}).content.decode()
    assert "مكلفة بالتعاون" in html
    assert "مكلف بالتعاون" not in html


def test_the_administrator_sets_a_persons_gender_with_a_ledger_entry(personas):
    services.user_update(actor=personas.admin, user=personas.auditor, data={"gender": "f"})
    personas.auditor.refresh_from_db()
    assert personas.auditor.gender == "f"
    entry = AuditEntry.objects.filter(action="user.update", object_id=str(personas.auditor.pk)).get()
    assert entry.after == {"gender": "f"}


def test_the_user_admin_edits_the_gender(client, personas):
    client.force_login(personas.admin)
    html = client.get(f"/admin/core/user/{personas.auditor.pk}/change/").content.decode()
    assert 'name="gender"' in html
