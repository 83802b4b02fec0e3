"""Staff skills and assessments (issue #14), on the demo: the cooperation officer records her
self-assessment in Arabic from the "My skills" link and finds it on her profile; her manager (the demo's
project manager, who signs in with that role) reads it in French and records his own beside it; the
profile with both, over two dates, on a 375 px phone in Arabic.

The profiles are made here if the demo has none yet (the #14 demo adds its own staff)."""

import datetime

from django.utils import timezone

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _officer_and_manager():
    """The officer's profile, managed by the demo's project manager's (made or reused)."""
    from sharaka.capacity.models import Position, StaffProfile
    from sharaka.core.models import User

    officer, boss = User.objects.get(username="officer"), User.objects.get(username="manager")
    head = StaffProfile.objects.filter(user=boss).first() or StaffProfile.objects.create(
        user=boss,
        full_name=boss.get_full_name() or "Brahim Oulhaj",
        position=Position.objects.get(code="head_of_unit"),
    )
    person = StaffProfile.objects.filter(user=officer).first() or StaffProfile.objects.create(
        user=officer,
        full_name=officer.get_full_name() or "Samira Idrissi",
        position=Position.objects.get(code="cooperation_officer"),
    )
    if head.manager_id == person.pk:
        head.manager = None
        head.save()
    person.manager = head
    person.save()
    return person


def _skill(code):
    from sharaka.capacity.models import Skill

    return Skill.objects.get(code=code)


def test_the_officer_records_her_self_assessment_in_arabic_and_finds_it_on_her_profile(open_page):
    person = _officer_and_manager()
    negotiation, proposals = _skill("negotiation"), _skill("proposal_writing")
    page = sign_in(open_page("ar"), "officer", "ar")
    go(page, ".top-tools a[href='/capacity/me/']", "capacity-profile-own", "ar")
    assert page.locator("h1").inner_text().strip() == person.full_name
    go(page, "main a[href$='?kind=self']", "capacity-assess-self", "ar")
    # The level's words, for this skill, beside its radio button.
    assert page.get_by_text("يكتب وحده مقترحاً كاملاً لطلب تمويل من الاتحاد الأوروبي").count() == 1
    page.locator(f"input[name=level_{negotiation.pk}][value='2']").check()
    page.locator(f"input[name=comment_{negotiation.pk}]").fill("أحضّر ملف الجولة مع رئيس الوفد")
    page.locator(f"input[name=level_{proposals.pk}][value='3']").check()
    submit(page, "capacity-assessment-self", "ar")
    assert page.get_by_text("أحضّر ملف الجولة مع رئيس الوفد").count() == 1
    go(page, "main .crumbs a", "capacity-profile-own-assessed", "ar")
    assert page.locator(f"#h-skill-{proposals.pk}").count() == 1
    section = page.locator("section.skill-history", has=page.locator(f"#h-skill-{proposals.pk}"))
    assert "3 / 4" in section.inner_text()


def test_the_manager_reads_it_in_french_and_records_his_own(open_page):
    from sharaka.capacity import services
    from sharaka.core.models import User

    person = _officer_and_manager()
    negotiation = _skill("negotiation")
    services.assessment_record(
        actor=User.objects.get(username="officer"),
        profile=person,
        kind="self",
        assessed_on=timezone.localdate() - datetime.timedelta(days=1),
        scores={negotiation: {"level": 2, "comment": "Je prépare le dossier du tour."}},
    )
    page = sign_in(open_page("fr"), "manager", "fr")
    page.goto(f"/capacity/staff/{person.pk}/")
    check_page(page, "capacity-profile-manager", "fr")
    assert "Auto-évaluation" in page.locator("#h-assessments + ul").inner_text()
    go(page, "main a[href$='?kind=manager']", "capacity-assess-manager", "fr")
    page.locator(f"input[name=level_{negotiation.pk}][value='3']").check()
    page.locator(f"input[name=comment_{negotiation.pk}]").fill("A mené seule le tour avec Sainte-Maxime.")
    submit(page, "capacity-assessment-manager", "fr")
    assert page.get_by_text("Évaluation du responsable").first.is_visible()
    go(page, "main .crumbs a", "capacity-profile-manager-assessed", "fr")
    row = page.locator("section.skill-history", has=page.locator(f"#h-skill-{negotiation.pk}")).locator(
        "tbody tr"
    )
    # Yesterday her own 2, today his 3: the last two rows, in date order (the demo's earlier rounds before).
    count = row.count()
    assert "2 / 4" in row.nth(count - 2).inner_text() and "3 / 4" in row.last.inner_text()


def test_the_profile_on_a_phone_in_arabic(open_page):
    lang = "ar"
    from sharaka.capacity import services
    from sharaka.core.models import User

    person = _officer_and_manager()
    skills = [_skill(c) for c in ("negotiation", "proposal_writing", "iati_publishing")]
    today = timezone.localdate()
    for kind, who, days, levels in (
        ("self", "officer", 200, (1, 2, 1)),
        ("manager", "manager", 190, (1, 1, 1)),
        ("self", "officer", 10, (2, 3, 3)),
        ("manager", "manager", 5, (2, 3, 2)),
    ):
        services.assessment_record(
            actor=User.objects.get(username=who),
            profile=person,
            kind=kind,
            assessed_on=today - datetime.timedelta(days=days),
            scores={s: {"level": lv, "comment": ""} for s, lv in zip(skills, levels, strict=True)},
        )
    page = sign_in(open_page(lang, phone=True), "officer", lang)
    page.goto(f"/capacity/staff/{person.pk}/")
    check_page(page, "capacity-profile-progress", lang)
    assert page.locator("section.skill-history meter").count() >= 12
