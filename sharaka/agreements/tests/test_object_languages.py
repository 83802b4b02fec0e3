"""The object of an agreement, like its title, is written in Arabic, French and English: each draft,
page and amendment uses the reader's language, with a fallback; an agreement's states agree with it
(« une convention clôturée ») (issue #11)."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from docx import Document

from sharaka.agreements import drafts
from sharaka.agreements.pipeline import Status
from sharaka.agreements.tests.conftest import make_agreement
from sharaka.core.multilingual import guess_language
from sharaka.core.testing import migrate_to

OBJECT_AR = "تبادل الخبرات بين المدارس وتدبير الماء."
OBJECT_FR = "Échanges entre les écoles et gestion de l'eau."
OBJECT_EN = "Exchanges between the schools and water management."


def _article_1(data: bytes) -> str:
    """The paragraph right after the heading of article 1 (a heading style, not a legal-basis bullet)."""
    paragraphs = Document(io.BytesIO(data)).paragraphs
    heading = next(
        i
        for i, p in enumerate(paragraphs)
        if p.style.name.startswith("Heading")
        and p.text.strip("\u200e\u200f ").startswith(("Article 1", "المادة 1"))
    )
    return paragraphs[heading + 1].text.strip("\u200e\u200f ")


def test_the_french_draft_states_the_object_in_french(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune, object_ar=OBJECT_AR, object_fr=OBJECT_FR)
    assert _article_1(drafts.build(agreement, "fr")) == OBJECT_FR
    assert _article_1(drafts.build(agreement, "ar")) == OBJECT_AR


def test_a_draft_without_the_object_in_its_language_takes_the_nearest_one(personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune, object_ar=OBJECT_AR, object_en=OBJECT_EN)
    assert _article_1(drafts.build(agreement, "fr")) == OBJECT_EN
    assert _article_1(drafts.build(agreement, "en")) == OBJECT_EN
    assert _article_1(drafts.build(agreement, "ar")) == OBJECT_AR


def test_the_page_shows_the_object_in_the_readers_language(client, personas, foreign_commune):
    agreement = make_agreement(personas.officer, foreign_commune, object_ar=OBJECT_AR, object_fr=OBJECT_FR)
    client.force_login(personas.officer)
    url = reverse("agreement_detail", args=[agreement.pk])
    arabic = client.get(url, headers={"accept-language": "ar"}).content.decode()
    assert "موضوع الاتفاقية" in arabic
    assert 'lang="ar">تبادل الخبرات' in arabic
    assert OBJECT_FR not in arabic.replace("&#x27;", "'")


def test_the_form_asks_for_the_object_in_three_languages(client, personas):
    client.force_login(personas.officer)
    html = client.get(reverse("agreement_create"), headers={"accept-language": "ar"}).content.decode()
    for name in ("object_ar", "object_fr", "object_en"):
        assert f'name="{name}"' in html
    assert "موضوع الاتفاقية بالفرنسية" in html
    assert "العنصر" not in html


# The states of an agreement, as a French reader sees them: a convention is feminine.
FRENCH_STATES = {
    Status.QUALIFIED: "Qualifiée juridiquement",
    Status.DELIBERATED: "Délibérée",
    Status.TRANSMITTED: "Transmise au gouverneur",
    Status.VISA_GRANTED: "Visée",
    Status.APPROVED_86: "Approuvée par les autorités publiques (art. 86)",
    Status.SIGNED: "Signée",
    Status.PUBLISHED: "Publiée",
    Status.BUDGETED: "Budgétisée",
    Status.CLOSED: "Clôturée",
    Status.TERMINATED: "Résiliée",
    Status.ABANDONED: "Abandonnée",
}
ARABIC_STATES = {Status.CLOSED: "مغلقة", Status.ABANDONED: "متخلى عنها", Status.SIGNED: "موقعة"}


def test_an_agreements_states_agree_with_a_feminine_convention():
    with translation.override("fr"):
        assert {s: str(s.label) for s in FRENCH_STATES} == FRENCH_STATES
    with translation.override("ar"):
        assert {s: str(s.label) for s in ARABIC_STATES} == ARABIC_STATES


def test_the_language_of_a_free_text_is_guessed():
    assert [guess_language(t) for t in (OBJECT_AR, OBJECT_FR, OBJECT_EN, "AOU-2026-01", "")] == [
        "ar",
        "fr",
        "en",
        "ar",
        "ar",
    ]


BEFORE = [("agreements", "0006_obligation_and_plan_action_history")]
AFTER = [("agreements", "0007_object_in_three_languages")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_each_object_into_the_field_of_its_language():
    old = migrate_to(BEFORE)
    Agreement = old.get_model("agreements", "Agreement")
    french = Agreement.objects.create(kind="twinning", title_fr="Jumelage", object_text=OBJECT_FR)
    arabic = Agreement.objects.create(kind="twinning", title_ar="توأمة", object_text=OBJECT_AR)
    english = Agreement.objects.create(kind="mou", title_en="MoU", object_text=OBJECT_EN)
    unknown = Agreement.objects.create(kind="mou", title_en="MoU", object_text="AOU-2026-01")
    amendment = Agreement.objects.create(
        kind="amendment",
        parent=french,
        object_text="Prolongation d'un an.",
        changes={"object_text": ["Ancien objet de la convention", OBJECT_FR], "duration_months": [36, 48]},
        starts_on=datetime.date(2026, 1, 1),
    )

    new = migrate_to(AFTER).get_model("agreements", "Agreement")
    rows = {a.pk: (a.object_ar, a.object_fr, a.object_en) for a in new.objects.all()}
    assert rows[french.pk] == ("", OBJECT_FR, "")
    assert rows[arabic.pk] == (OBJECT_AR, "", "")
    assert rows[english.pk] == ("", "", OBJECT_EN)
    assert rows[unknown.pk] == ("AOU-2026-01", "", "")
    assert rows[amendment.pk] == ("", "Prolongation d'un an.", "")
    assert new.objects.get(pk=amendment.pk).changes == {
        "object_fr": ["Ancien objet de la convention", OBJECT_FR],
        "duration_months": [36, 48],
    }
    migrate_to()


def test_the_responsible_officer_is_named_with_her_role(client, personas, foreign_commune):
    personas.officer.first_name, personas.officer.gender = "Fatima Zahra", "f"
    personas.officer.save()
    agreement = make_agreement(personas.officer, foreign_commune)
    client.force_login(personas.officer)
    page = client.get(reverse("agreement_detail", args=[agreement.pk])).content.decode()
    assert "Fatima Zahra</bdi> · مكلفة بالتعاون" in page
    form = client.get(reverse("agreement_edit", args=[agreement.pk])).content.decode()
    options = [o for o in re.findall(r"<option[^>]*>([^<]*)</option>", form) if "Fatima Zahra" in o]
    assert len(options) == 1 and "مكلفة بالتعاون" in options[0]
    assert "مكلف بالتعاون" not in options[0].replace("مكلفة", "")
