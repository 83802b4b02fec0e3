"""Trainings and workshops: the cooperation officer records a training given by a partner (in Arabic),
registers participants, marks it held and records who came, and finds it on the partner's page; in
French, keeps a certificate (a program renamed .pdf refused first) and enters a paper evaluation; the
list, a training and the partner's page on a 375 px phone."""

import datetime

from django.urls import reverse
from django.utils import timezone

from e2e.actions import go, sign_in, submit
from e2e.conftest import E2E
from e2e.pages import check_page

pytestmark = E2E


def _staff():
    """Skills, a position and three people in post (the #14 demo may already hold the first two)."""
    from sharaka.capacity.models import Position, Skill, StaffProfile

    skill, _ = Skill.objects.get_or_create(
        code="negotiation",
        defaults={"name_ar": "التفاوض", "name_fr": "Négociation", "name_en": "Negotiation"},
    )
    position, _ = Position.objects.get_or_create(
        code="cooperation_officer",
        defaults={
            "name_ar": "إطار التعاون",
            "name_fr": "Chargé de coopération",
            "name_en": "Cooperation officer",
        },
    )
    people = [
        StaffProfile.objects.create(full_name=name, position=position)
        for name in ("سعاد البقالي", "Karim Ouhadi", "نادية أمزيل")
    ]
    return skill, people


def _giz():
    from sharaka.partners.models import Organisation

    return Organisation.objects.get(acronym="GIZ")


def _held_training(skill, people, giz):
    from sharaka.capacity.models import Participation, Training
    from sharaka.core.models import User

    today = timezone.localdate()
    training = Training.objects.create(
        title_ar="ورشة التفاوض مع المانحين",
        title_fr="Atelier de négociation avec les bailleurs",
        provider=giz,
        starts_on=today - datetime.timedelta(days=12),
        ends_on=today - datetime.timedelta(days=10),
        place="أورير",
        format=Training.Format.WORKSHOP,
        status=Training.Status.HELD,
        created_by=User.objects.get(username="officer"),
    )
    training.skills.set([skill])
    for person in people:
        Participation.objects.create(training=training, profile=person, attendance="attended")
    return training


def test_the_officer_records_a_training_given_by_a_partner_in_arabic(open_page):
    skill, people = _staff()
    giz = _giz()
    today = timezone.localdate()
    page = sign_in(open_page("ar"), "officer", "ar")
    page.goto(reverse("capacity:training_create"))
    check_page(page, "training-new", "ar")
    page.locator("input[name=title_ar]").fill("ورشة إعداد التقارير المالية للمانحين")
    page.locator(f"input[name=skills][value='{skill.pk}']").check()
    page.locator("select[name=provider]").select_option(str(giz.pk))
    page.locator("input[name=starts_on]").fill((today - datetime.timedelta(days=3)).isoformat())
    page.locator("input[name=ends_on]").fill((today - datetime.timedelta(days=1)).isoformat())
    page.locator("input[name=place]").fill("قاعة الاجتماعات، أورير")
    page.locator("select[name=format]").select_option("workshop")
    submit(page, "training-detail", "ar")
    assert "ورشة إعداد التقارير المالية للمانحين" in page.locator("h1").inner_text()

    go(page, "main a[href$='/participants/']", "training-participants", "ar")
    for person in people[:2]:
        page.locator(f"input[name=profiles][value='{person.pk}']").check()
    submit(page, "training-registered", "ar")
    assert "Karim Ouhadi" in page.locator("#participants").inner_text()

    go(page, "main a[href$='/status/']", "training-status", "ar")
    page.locator("input[name=to][value=held]").check()
    submit(page, "training-held", "ar")
    from sharaka.capacity.models import Participation, Training

    assert Training.objects.get(title_ar="ورشة إعداد التقارير المالية للمانحين").status == "held"

    go(page, "main a[href$='/attendance/']", "training-attendance", "ar")
    rows = {p.profile.full_name: p.pk for p in Participation.objects.select_related("profile")}
    page.locator(f"select[name=p{rows['سعاد البقالي']}]").select_option("attended")
    page.locator(f"select[name=p{rows['Karim Ouhadi']}]").select_option("absent")
    submit(page, "training-attendance-saved", "ar")
    assert Participation.objects.get(pk=rows["Karim Ouhadi"]).attendance == "absent"

    page.goto(reverse("partner_detail", args=[giz.pk]))
    check_page(page, "partner-with-training", "ar")
    section = page.locator("#trainings").inner_text()
    assert "ورشة إعداد التقارير المالية للمانحين" in section


def test_the_officer_keeps_a_certificate_and_enters_a_paper_evaluation_in_french(open_page):
    skill, people = _staff()
    training = _held_training(skill, people, _giz())
    page = sign_in(open_page("fr"), "officer", "fr")
    page.goto(reverse("capacity:training", args=[training.pk]))
    check_page(page, "training-held-detail", "fr")
    first = training.participations.get(profile=people[1])

    page.goto(reverse("capacity:training_certificate", args=[training.pk, first.pk]))
    check_page(page, "training-certificate", "fr")
    page.locator("input[name=file]").set_input_files(
        files=[
            {"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 64}
        ]
    )
    submit(page, "training-certificate-refused", "fr")
    assert "ne correspond pas" in page.locator("main").inner_text()
    page.locator("input[name=file]").set_input_files(
        files=[{"name": "attestation.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 ok\n%%EOF\n"}]
    )
    submit(page, "training-certificate-kept", "fr")
    assert "attestation.pdf" in page.locator("#participants").inner_text()

    page.goto(reverse("capacity:training_evaluation", args=[training.pk, first.pk]))
    check_page(page, "training-evaluation", "fr")
    page.locator("input[name=rating][value='4']").check()
    page.locator("textarea[name=evaluation]").fill("Des cas pratiques utiles.")
    submit(page, "training-evaluated", "fr")
    text = page.locator("#evaluations").inner_text()
    assert "1 évaluation" in text
    assert "Des cas pratiques utiles." not in page.locator("main").inner_text()  # personal: not the officer's


def test_trainings_on_a_phone_in_arabic(open_page):
    skill, people = _staff()
    giz = _giz()
    training = _held_training(skill, people, giz)
    page = sign_in(open_page("ar", phone=True), "officer", "ar")
    page.goto(reverse("capacity:trainings") + f"?year={training.starts_on.year}")
    check_page(page, "trainings", "ar")
    go(page, f"main a[href='{reverse('capacity:training', args=[training.pk])}']", "training-detail", "ar")
    # Attendance changed in place: the row comes back from the server, the page stays.
    row = training.participations.get(profile=people[2])
    page.locator(f"#attendance-{row.pk}").select_option("absent")
    page.locator(f"#participant-{row.pk} button[type=submit]").click()
    page.locator(f"#participant-{row.pk} select option[value=absent][selected]").wait_for(state="attached")
    check_page(page, "training-attendance-in-place", "ar")
    row.refresh_from_db()
    assert row.attendance == "absent"
    page.goto(reverse("partner_detail", args=[giz.pk]))
    check_page(page, "partner-with-training", "ar")
    assert "ورشة التفاوض مع المانحين" in page.locator("#trainings").inner_text()
