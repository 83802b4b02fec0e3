"""The inquiry form of an opportunity and its landing in the partner CRM (sharaka/promotion/inquiries.py)."""

import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sharaka.core.models import AuditEntry
from sharaka.core.testing import make_organisation
from sharaka.partners.models import Contact, FollowUp, Interaction, Organisation
from sharaka.promotion import inquiries
from sharaka.promotion.models import Opportunity, OpportunityInquiry

pytestmark = pytest.mark.django_db

SECRET_NAME = "Yasmina Oukhouya"
SECRET_EMAIL = "yasmina.private@vagues-atlas.example"
SECRET_MESSAGE = "Mon numéro personnel est le 0600000000, appelez-moi le soir."


@pytest.fixture
def opportunity(personas):
    return Opportunity.objects.create(
        code="surf-school-tamraght",
        kind="tourism",
        title_ar="مدرسة ركوب الأمواج بتامراغت",
        title_fr="École de surf à Tamraght",
        title_en="Surf school in Tamraght",
        partner_sought="investor",
        status="open",
        owner=personas.officer,
        published_at=timezone.now(),
    )


def _send(opportunity, **overrides):
    data = {
        "opportunity": opportunity,
        "name": SECRET_NAME,
        "organisation_name": "Vagues Atlas Voyages",
        "country": "FR",
        "email": SECRET_EMAIL,
        "message": SECRET_MESSAGE,
        "language": "fr",
        "address": "203.0.113.5",
    }
    data.update(overrides)
    return inquiries.inquiry_submit(**data)


def _form(**overrides):
    data = {
        "name": SECRET_NAME,
        "organisation_name": "Vagues Atlas Voyages",
        "kind": "company",
        "country": "FR",
        "email": SECRET_EMAIL,
        "message": SECRET_MESSAGE,
        "website": "",
    }
    data.update(overrides)
    return data


# --- matching ----------------------------------------------------------------------------------------


def test_an_organisation_named_exactly_is_matched_whatever_the_accents_and_alef(opportunity):
    known = make_organisation(name_ar="جمعية إيموزار للتنمية", name_fr="Association Imouzzer", acronym="AIT")
    organisations = Organisation.objects.count()
    inquiry = _send(opportunity, organisation_name="جمعيه ايموزار للتنميه", email="a@ait.example")
    assert inquiry.organisation == known
    assert inquiry.resolution == OpportunityInquiry.Resolution.MATCHED
    assert inquiry.possible_duplicate is None
    by_acronym = _send(opportunity, organisation_name=" ait ", email="b@other.example")
    assert by_acronym.organisation == known
    assert Organisation.objects.count() == organisations


def test_the_same_e_mail_domain_creates_a_new_prospect_flagged_as_possible_duplicate(opportunity):
    known = make_organisation(
        name_fr="Fondation Vagues Atlas", acronym="", website="https://www.vagues-atlas.example/"
    )
    inquiry = _send(opportunity, organisation_name="VA Voyages Europe")
    assert inquiry.resolution == OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE
    assert inquiry.possible_duplicate == known
    assert inquiry.organisation != known
    prospect = inquiry.organisation
    assert prospect.stage == Organisation.Stage.PROSPECT
    assert prospect.is_fictional is False
    assert prospect.country == "FR"
    assert prospect.legal_type == Organisation.LegalType.FOREIGN_PRIVATE
    # Never merged silently: the known organisation received nothing.
    assert not known.interactions.exists()
    assert not known.contacts.exists()


def test_a_contact_of_the_same_domain_or_a_very_similar_name_also_flags_a_possible_duplicate(opportunity):
    known = make_organisation(name_fr="Surf Riders Agadir", acronym="")
    Contact.objects.create(organisation=known, name="Someone", email="someone@surfriders.example")
    by_domain = _send(opportunity, organisation_name="Totally different", email="me@surfriders.example")
    assert by_domain.possible_duplicate == known
    by_name = _send(opportunity, organisation_name="Surf Rider Agadir", email="me@gmail.com")
    assert by_name.possible_duplicate == known
    assert by_name.resolution == OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE


def test_a_webmail_domain_is_not_a_sign_of_the_same_organisation(opportunity):
    known = make_organisation(name_fr="Coopérative Argan Tamri", acronym="")
    Contact.objects.create(organisation=known, name="X", email="argan.tamri@gmail.com")
    inquiry = _send(opportunity, organisation_name="Hôtel Les Dunes", email="dunes.hotel@gmail.com")
    assert inquiry.resolution == OpportunityInquiry.Resolution.CREATED
    assert inquiry.possible_duplicate is None


def test_an_unknown_organisation_is_created_as_a_prospect_of_its_country(opportunity):
    inquiry = _send(
        opportunity, organisation_name="جمعية أكادير للسياحة", country="MA", language="ar", kind="association"
    )
    org = inquiry.organisation
    assert inquiry.resolution == OpportunityInquiry.Resolution.CREATED
    assert org.name_ar == "جمعية أكادير للسياحة"
    assert org.legal_type == Organisation.LegalType.MOROCCAN_PRIVATE
    assert org.model == Organisation.Model.LOCAL_ASSOCIATION
    assert org.stage == Organisation.Stage.PROSPECT
    assert org.working_language == "ar"
    assert list(org.contacts.values_list("name", "email")) == [(SECRET_NAME, SECRET_EMAIL)]


def test_a_second_inquiry_from_the_same_person_adds_no_second_contact(opportunity):
    first = _send(opportunity)
    second = _send(opportunity, organisation_name="Vagues Atlas Voyages", email=SECRET_EMAIL.upper())
    assert second.organisation == first.organisation
    assert first.organisation.contacts.count() == 1


# --- what it records ---------------------------------------------------------------------------------


def test_it_adds_an_interaction_from_the_portal_and_a_follow_up_for_the_owner_in_three_working_days(
    opportunity, personas
):
    friday = datetime.date(2026, 12, 4)
    with mock.patch("django.utils.timezone.localdate", return_value=friday):
        inquiry = _send(opportunity)
    interaction = inquiry.interaction
    assert interaction.kind == Interaction.Kind.INQUIRY
    assert interaction.recorded_by is None
    assert interaction.date == friday
    assert interaction.subject == "Demande au sujet de : École de surf à Tamraght"  # the sender's language
    assert SECRET_MESSAGE in interaction.summary
    follow_up = inquiry.follow_up
    assert follow_up.owner == personas.officer
    assert follow_up.due_date == datetime.date(2026, 12, 9)  # Mon, Tue, Wed: three working days


def test_the_inquiry_shows_in_the_timeline_and_the_follow_up_in_the_owners_work(
    client, opportunity, personas
):
    inquiry = _send(opportunity)
    client.force_login(personas.officer)
    page = client.get(reverse("partner_detail", args=[inquiry.organisation_id])).content.decode()
    assert f'id="interaction-{inquiry.interaction_id}"' in page
    assert inquiry.interaction.subject in page
    assert "أُرسل من البوابة العمومية" in page  # "Sent from the public portal", in Arabic
    assert reverse("promotion:inquiry", args=[inquiry.pk]) in page  # the unit reaches the inquiry
    client.force_login(personas.officer)
    dashboard = client.get(reverse("home")).content.decode()
    assert inquiry.follow_up.description in dashboard
    from sharaka.workspace.mywork import FOLLOW_UPS, work_of

    groups = {g.kind: g for g in work_of(personas.officer, timezone.localdate())}
    assert inquiry.follow_up.description in [item.title for item in groups[FOLLOW_UPS].items]


def test_the_follow_up_goes_to_an_active_officer_when_the_owner_left(opportunity, personas):
    opportunity.owner = personas.finance
    opportunity.save()
    assert _send(opportunity).follow_up.owner == personas.finance  # any member of the staff may own it
    personas.finance.is_active = False
    personas.finance.save()
    inquiry = _send(opportunity, email="other@else.example")
    assert inquiry.follow_up.owner == personas.officer


def test_the_acknowledgement_is_sent_once_in_the_senders_language_through_the_task(
    opportunity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        arabic = _send(opportunity, language="ar", email="a@one.example")
    with django_capture_on_commit_callbacks(execute=True):
        english = _send(opportunity, language="en", email="b@two.example", address="203.0.113.6")
    with django_capture_on_commit_callbacks(execute=True):
        tamazight = _send(opportunity, language="zgh", email="c@three.example", address="203.0.113.7")
    assert [m.to for m in mail.outbox] == [["a@one.example"], ["b@two.example"], ["c@three.example"]]
    assert "مرجعكم" in mail.outbox[0].body and arabic.reference in mail.outbox[0].body
    assert "Your reference" in mail.outbox[1].body and english.reference in mail.outbox[1].body
    assert "مرجعكم" in mail.outbox[2].body  # Tamazight: Arabic, the portal's fallback
    for inquiry in (arabic, english, tamazight):
        inquiry.refresh_from_db()
        assert inquiry.acknowledged_at is not None
    # Run again (a retried task): nothing more is sent.
    assert inquiries.inquiry_acknowledge.call(arabic.pk) is False
    assert len(mail.outbox) == 3


def test_nothing_is_sent_before_the_commit_nor_when_the_transaction_fails(opportunity):
    organisations = Organisation.objects.count()
    with mock.patch.object(Contact.objects, "create", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            _send(opportunity)
    assert not OpportunityInquiry.objects.exists()
    assert Organisation.objects.count() == organisations
    assert not Interaction.objects.exists()
    assert not FollowUp.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="organisation").exists()
    assert mail.outbox == []


def test_a_failure_in_the_middle_leaves_nothing_behind(opportunity):
    organisations, contacts, entries = (
        Organisation.objects.count(),
        Contact.objects.count(),
        AuditEntry.objects.count(),
    )
    with mock.patch.object(FollowUp.objects, "create", side_effect=RuntimeError("boom")):
        with pytest.raises(RuntimeError):
            _send(opportunity)
    assert Organisation.objects.count() == organisations
    assert Contact.objects.count() == contacts
    assert Interaction.objects.count() == 0
    assert OpportunityInquiry.objects.count() == 0
    assert AuditEntry.objects.count() == entries


# --- refusals ----------------------------------------------------------------------------------------


def test_an_opportunity_that_is_not_public_is_refused(client, opportunity):
    opportunity.status = "draft"
    opportunity.save()
    with pytest.raises(ValidationError):
        _send(opportunity)
    url = reverse("showcase:inquire", args=[opportunity.code])
    assert client.get(url).status_code == 404
    assert client.post(url, _form()).status_code == 404
    assert not OpportunityInquiry.objects.exists()


@pytest.mark.parametrize(
    "change, words",
    [
        ({"email": ""}, "This field is required"),
        ({"email": "not-an-address"}, "valid email"),
        ({"message": "Trop court"[:8]}, "at least 10 characters"),
        ({"website": "http://spam.example"}, "must stay empty"),
        ({"country": "XX"}, "valid choice"),
    ],
)
def test_bad_input_is_shown_on_the_same_page_with_what_was_typed_and_nothing_saved(
    client, opportunity, change, words
):
    organisations = Organisation.objects.count()
    response = client.post(
        reverse("showcase:inquire", args=[opportunity.code]) + "?lang=en",
        _form(organisation_name="Typed Org", **change),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert words in page
    assert 'value="Typed Org"' in page
    assert not OpportunityInquiry.objects.exists()
    assert Organisation.objects.count() == organisations


def test_the_rate_limit_refuses_the_sixth_inquiry_of_the_hour_from_one_network(client, opportunity):
    url = reverse("showcase:inquire", args=[opportunity.code]) + "?lang=en"
    for i in range(inquiries.RATE_LIMIT):
        response = client.post(url, _form(email=f"p{i}@x{i}.example"), REMOTE_ADDR="2001:db8:1:2::5")
        assert response.status_code == 302
    # Another address of the same IPv6 /64 counts as the same sender.
    response = client.post(url, _form(email="last@last.example"), REMOTE_ADDR="2001:db8:1:2::99")
    assert response.status_code == 200
    assert "several messages in the last hour" in response.content.decode()
    assert OpportunityInquiry.objects.count() == inquiries.RATE_LIMIT


def test_the_form_sends_and_thanks_with_the_reference_in_the_senders_language(
    client, opportunity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("showcase:inquire", args=[opportunity.code]) + "?lang=fr", _form())
    inquiry = OpportunityInquiry.objects.get()
    assert response.url == reverse("showcase:inquiry_sent", args=[opportunity.code, inquiry.reference])
    page = client.get(response.url).content.decode()
    assert inquiry.reference in page
    assert "Merci, votre demande a bien été reçue" in page
    assert inquiry.language == "fr"
    assert "Votre référence" in mail.outbox[0].body


def test_an_unknown_reference_is_not_found(client, opportunity):
    url = reverse("showcase:inquiry_sent", args=[opportunity.code, "O-AAAA-AAAA-AAAAA"])
    assert client.get(url).status_code == 404


def test_the_reference_cannot_be_guessed():
    references = {inquiries._new_reference() for _ in range(200)}
    assert len(references) == 200
    assert all(len(r) == 17 and r.startswith("O-") for r in references)


# --- the unit's duplicate check -----------------------------------------------------------------------


@pytest.fixture
def duplicate(opportunity):
    known = make_organisation(
        name_fr="Fondation Vagues Atlas", acronym="", website="https://vagues-atlas.example"
    )
    return _send(opportunity, organisation_name="VA Voyages"), known


def test_same_organisation_moves_everything_to_the_known_one_and_removes_the_empty_prospect(
    client, personas, duplicate
):
    inquiry, known = duplicate
    prospect_pk = inquiry.organisation_id
    client.force_login(personas.officer)
    response = client.post(reverse("promotion:inquiry", args=[inquiry.pk]), {"decision": "same"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.organisation == known
    assert inquiry.resolution == OpportunityInquiry.Resolution.MERGED
    assert Interaction.objects.get(pk=inquiry.interaction_id).organisation == known
    assert FollowUp.objects.get(pk=inquiry.follow_up_id).interaction.organisation == known
    assert list(known.contacts.values_list("email", flat=True)) == [SECRET_EMAIL]
    assert not Organisation.objects.filter(pk=prospect_pk).exists()
    entry = AuditEntry.objects.get(action="opportunity_inquiry.same_organisation")
    assert entry.actor == personas.officer
    assert entry.after["organisation"] == known.pk and entry.before["organisation"] == prospect_pk
    assert AuditEntry.objects.filter(action="organisation.delete", object_id=str(prospect_pk)).exists()


def test_a_prospect_that_received_other_records_is_kept_dormant(personas, duplicate):
    inquiry, known = duplicate
    Interaction.objects.create(
        organisation=inquiry.organisation,
        kind="call",
        date=timezone.localdate(),
        subject="Call",
        recorded_by=personas.officer,
    )
    inquiries.inquiry_same_organisation(actor=personas.officer, inquiry=inquiry)
    prospect = Organisation.objects.get(name_fr="VA Voyages")
    assert prospect.stage == Organisation.Stage.DORMANT
    assert f" {known.pk} " in prospect.internal_notes and inquiry.reference in prospect.internal_notes


def test_different_organisations_clears_the_flag_and_keeps_both(client, personas, duplicate):
    inquiry, known = duplicate
    organisations = Organisation.objects.count()
    client.force_login(personas.officer)
    client.post(reverse("promotion:inquiry", args=[inquiry.pk]), {"decision": "different"})
    inquiry.refresh_from_db()
    assert inquiry.resolution == OpportunityInquiry.Resolution.CONFIRMED_SEPARATE
    assert Organisation.objects.count() == organisations
    assert Organisation.objects.filter(pk=inquiry.organisation_id).exists() and known.pk
    assert AuditEntry.objects.filter(action="opportunity_inquiry.different_organisations").exists()
    # Already decided: a second decision is refused on the page, nothing written.
    count = AuditEntry.objects.count()
    response = client.post(reverse("promotion:inquiry", args=[inquiry.pk]), {"decision": "same"})
    assert response.status_code == 200
    assert AuditEntry.objects.count() == count


def test_the_list_shows_possible_duplicates_first_with_a_bounded_number_of_queries(
    client, personas, opportunity, django_assert_max_num_queries
):
    for i in range(4):
        _send(
            opportunity,
            organisation_name=f"Org {i} unique",
            email=f"x@org{i}.example",
            address=f"203.0.113.{i + 10}",
        )
    make_organisation(name_fr="Fondation Vagues Atlas", acronym="", website="https://vagues-atlas.example")
    flagged = _send(opportunity, organisation_name="VA Voyages", address="203.0.113.99")
    client.force_login(personas.auditor)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("promotion:inquiries")).content.decode()
    assert page.index(flagged.reference) < page.index("Org 0 unique")


def test_only_the_unit_decides_and_partners_see_nothing(client, personas, duplicate):
    inquiry, _known = duplicate
    url = reverse("promotion:inquiry", args=[inquiry.pk])
    expected = {"finance": 403, "auditor": 403, "prefecture": 404, "partner_viewer": 404}
    for who, status in expected.items():
        client.force_login(getattr(personas, who))
        assert client.post(url, {"decision": "same"}).status_code == status
    inquiry.refresh_from_db()
    assert inquiry.resolution == OpportunityInquiry.Resolution.POSSIBLE_DUPLICATE


# --- personal data ----------------------------------------------------------------------------------


def _public_ledger(client):
    text = ""
    for fmt in ("csv", "json"):
        response = client.get(reverse("portal:ledger_download", args=[fmt]))
        text += b"".join(response.streaming_content).decode()
    return text + client.get(reverse("portal:ledger")).content.decode()


def test_the_senders_personal_data_never_reaches_a_public_page_nor_the_ledger(
    client, opportunity, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("showcase:inquire", args=[opportunity.code]), _form())
    inquiry = OpportunityInquiry.objects.get()
    pages = [
        client.get(response.url).content.decode(),
        client.get(reverse("showcase:inquire", args=[opportunity.code])).content.decode(),
        _public_ledger(client),
    ]
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_MESSAGE, "0600000000"):
        assert all(secret not in page for page in pages), secret
    ledger = "".join(f"{e.object_repr}{e.before}{e.after}{e.reason}" for e in AuditEntry.objects.all())
    for secret in (SECRET_NAME, SECRET_EMAIL, SECRET_MESSAGE, "yasmina"):
        assert secret not in ledger, secret
    assert inquiry.reference in ledger


def test_readers_without_access_to_contacts_see_no_personal_data_of_the_inquiry(
    client, personas, opportunity
):
    inquiry = _send(opportunity)
    client.force_login(personas.finance)
    page = client.get(reverse("promotion:inquiry", args=[inquiry.pk])).content.decode()
    assert inquiry.reference in page
    assert SECRET_EMAIL not in page and SECRET_MESSAGE not in page
    client.force_login(personas.officer)
    page = client.get(reverse("promotion:inquiry", args=[inquiry.pk])).content.decode()
    assert SECRET_EMAIL in page


def test_a_mail_server_that_fails_leaves_the_inquiry_received_and_unacknowledged(
    client, opportunity, django_capture_on_commit_callbacks
):
    with mock.patch("sharaka.promotion.inquiries.send_mail", side_effect=OSError("smtp down")):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("showcase:inquire", args=[opportunity.code]), _form())
    assert response.status_code == 302
    inquiry = OpportunityInquiry.objects.get()
    assert inquiry.acknowledged_at is None
    assert inquiries.inquiry_acknowledge.call(inquiry.pk) is True  # sent when tried again
    assert len(mail.outbox) == 1


def test_the_form_reads_in_arabic_on_the_tamazight_portal(client, opportunity):
    page = client.get(reverse("showcase:inquire", args=[opportunity.code]) + "?lang=zgh").content.decode()
    assert '<html lang="zgh"' in page
    assert 'lang="ar" dir="rtl"' in page
    assert "اسمكم" in page  # "Your name": no Tifinagh for it, Arabic as the portal's fallback
