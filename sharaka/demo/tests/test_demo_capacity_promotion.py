"""Issue #14's "Done when", read from the loaded demo: staff with assessments showing gaps and a
training that closed one, and a published catalogue with events and sponsors (demo/parts/capacity.py
and demo/parts/promotion.py). The demo is loaded once for the package (conftest.py)."""

import datetime

from django.db.models import Count
from django.utils import timezone

from sharaka.capacity.models import Assessment, AssessmentScore, Participation, StaffProfile, Training
from sharaka.core import audit
from sharaka.partners.models import Interaction
from sharaka.promotion.models import Event, Opportunity, OpportunityInquiry, Photo


def _level(profile, skill, *, on_or_before=None, after=None):
    """The one rule of the current level (capacity/gaps.py): the latest manager's assessment holding
    the skill, else the latest self-assessment's; here optionally within a window of dates."""
    scores = AssessmentScore.objects.filter(assessment__profile=profile, skill=skill)
    if on_or_before:
        scores = scores.filter(assessment__assessed_on__lte=on_or_before)
    if after:
        scores = scores.filter(assessment__assessed_on__gt=after)
    for kind in (Assessment.Kind.MANAGER, Assessment.Kind.SELF):
        score = scores.filter(assessment__kind=kind).order_by("-assessment__assessed_on", "-pk").first()
        if score:
            return score.level
    return None


def _required(profile, skill):
    requirement = profile.position.requirements.filter(skill=skill).first()
    return requirement.level if requirement else None


def test_staff_of_the_unit_with_and_without_accounts_are_assessed_by_themselves_and_their_managers(loaded):
    staff = StaffProfile.objects.select_related("user", "manager__user")
    assert 8 <= staff.count() <= 10
    with_account = {p.user.username for p in staff if p.user}
    assert {"officer", "finance", "manager", "manager2"} <= with_account
    assert staff.filter(user=None).count() >= 3
    head = staff.get(user__username="officer")
    assert head.position.code == "head_of_unit"
    assert staff.filter(manager=head).count() >= 5
    assert {lang for p in staff for lang in p.languages.values_list("language", flat=True)} >= {
        "ar",
        "fr",
        "en",
        "zgh",
    }
    assessments = Assessment.objects.all()
    assert {a.kind for a in assessments} == {"self", "manager"}
    assert len({a.assessed_on.year for a in assessments}) >= 2
    for assessment in assessments.select_related("profile__manager", "profile__user"):
        if assessment.kind == "self":
            assert assessment.assessor == assessment.profile.user
        else:
            assert assessment.assessor == assessment.profile.manager.user


def test_some_assessed_people_fall_short_of_what_their_position_needs(loaded):
    gaps = []
    for profile in StaffProfile.objects.filter(assessments__isnull=False).distinct():
        for requirement in profile.position.requirements.select_related("skill"):
            current = _level(profile, requirement.skill)
            if current is not None and current < requirement.level:
                gaps.append((profile.full_name, requirement.skill.code))
    assert len(gaps) >= 5
    assert {"proposal_writing", "iati_publishing"} <= {skill for _name, skill in gaps}


def test_a_held_training_by_a_partner_closed_an_attendees_gap_and_not_the_absent_ones(loaded):
    held = Training.objects.filter(status=Training.Status.HELD, provider__isnull=False, funder__isnull=False)
    closed, still_open = [], []
    for training in held:
        for participation in training.participations.select_related("profile__position"):
            for skill in training.skills.all():
                need = _required(participation.profile, skill)
                before = _level(participation.profile, skill, on_or_before=training.starts_on)
                after = _level(participation.profile, skill, after=training.ends_on)
                if need is None or before is None or after is None or before >= need:
                    continue
                if participation.attendance == Participation.Attendance.ATTENDED and after >= need:
                    closed.append(participation)
                if participation.attendance == Participation.Attendance.ABSENT and after < need:
                    still_open.append(participation)
    assert closed and still_open
    training = closed[0].training
    assert training.starts_on.year == 2026 and training.currency == "EUR"
    # The cost in dirhams is the cost at the stored rate, and the rate is the finance demo's.
    assert training.cost_mad == (training.cost * training.rate).quantize(training.cost_mad)
    assert training.rate_date <= training.ends_on and training.rate_source
    assert [(c.old_status, c.new_status) for c in training.status_changes.order_by("changed_at")] == [
        ("", "planned"),
        ("planned", "held"),
    ]
    certified = training.participations.exclude(certificate="")
    assert certified.count() == 1
    with certified.get().certificate.open("rb") as handle:
        assert handle.read().startswith(b"%PDF-1.4")
    assert training.participations.exclude(rating=None).exists()


def test_a_planned_and_a_cancelled_training_with_their_history(loaded):
    planned = Training.objects.get(status=Training.Status.PLANNED)
    assert planned.format == Training.Format.ONLINE and planned.starts_on.year == 2027
    cancelled = Training.objects.get(status=Training.Status.CANCELLED)
    last = cancelled.status_changes.order_by("changed_at").last()
    assert last.new_status == "cancelled" and last.reason
    for training in Training.objects.all():
        assert training.status_changes.order_by("changed_at").last().new_status == training.status


def test_the_public_catalogue_holds_opportunities_in_every_language_near_aourir(loaded):
    public = Opportunity.objects.public()
    assert public.count() >= 5
    assert {o.kind for o in public} >= {"tourism", "investment", "culture", "volunteering"}
    for opportunity in public:
        assert (
            opportunity.title_ar and opportunity.title_fr and opportunity.title_en and opportunity.title_zgh
        )
        assert all("\u2d30" <= ch <= "\u2d7f" for ch in opportunity.title_zgh if ch.isalpha())  # Tifinagh
        assert (
            abs(float(opportunity.latitude) - 30.49) < 0.2 and abs(float(opportunity.longitude) + 9.64) < 0.2
        )
        assert opportunity.estimated_cost and opportunity.owner.username == "officer"
        assert opportunity.status_changes.order_by("changed_at").last().new_status == opportunity.status
    assert Opportunity.objects.filter(status="draft", published_at=None).exists()
    assert Opportunity.objects.filter(status="taken").exclude(pk__in=public).exists()
    assert public.filter(currency="EUR").exists()


def test_illustrations_are_captioned_as_such_and_carry_no_metadata(loaded):
    from PIL import Image

    assert Photo.objects.exists()
    for photo in Photo.objects.all():
        assert "Illustration" in photo.caption_fr and "Illustration" in photo.caption_en
        with photo.image.open("rb") as handle, Image.open(handle) as image:
            assert not image.getexif() and "exif" not in image.info


def test_published_events_have_sponsors_in_cash_and_in_kind_and_what_the_commune_gave_back(loaded):
    today = timezone.localdate()
    events = Event.objects.filter(published_at__isnull=False, archived_at=None)
    festival = events.filter(edition__isnull=False).annotate(n=Count("sponsorships")).order_by("-n").first()
    assert festival is not None
    sponsorships = festival.sponsorships.select_related("organisation")
    assert sponsorships.filter(amount__gt=0).exists() and sponsorships.filter(in_kind_value__gt=0).exists()
    assert all(s.given_back for s in sponsorships)
    assert {s.currency for s in sponsorships} == {"MAD", "EUR"}
    assert sponsorships.filter(is_public=True).count() > sponsorships.filter(is_public=False).count() > 0
    assert sponsorships.filter(organisation__is_fictional=True).exists()
    assert events.filter(starts_on__gt=today).exists() or today > datetime.date(2027, 7, 22)


def test_portal_inquiries_are_in_the_crm_with_a_follow_up_for_the_opportunitys_owner(loaded):
    inquiries = OpportunityInquiry.objects.select_related("interaction", "follow_up", "opportunity")
    assert inquiries.count() >= 1
    for inquiry in inquiries:
        assert (
            inquiry.interaction.kind == Interaction.Kind.INQUIRY and inquiry.interaction.recorded_by is None
        )
        assert inquiry.interaction.organisation == inquiry.organisation
        assert inquiry.follow_up.owner == inquiry.opportunity.owner and inquiry.follow_up.done_at is None
        assert inquiry.organisation.stage == "prospect"
        assert inquiry.email.endswith("@example.org")
    flagged = inquiries.get(resolution=OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE)
    assert (
        flagged.possible_duplicate.acronym == "SURFRIDER-MA"
        and flagged.organisation != flagged.possible_duplicate
    )
    assert audit.verify_chain() == (True, None)
