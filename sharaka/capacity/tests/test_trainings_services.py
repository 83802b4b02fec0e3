"""The trainings' business actions: what they accept, what they refuse (with what message), what they
write (one transaction, one ledger entry) and the road from planned to held or cancelled."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sharaka.capacity import trainings
from sharaka.capacity.models import Participation, Training, TrainingStatusChange
from sharaka.capacity.tests import trainings_helpers as h
from sharaka.core.models import AuditEntry
from sharaka.finance.models import ExchangeRate

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def today(day=TODAY):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


def messages(error: ValidationError) -> dict:
    return {field: " ".join(str(m) for m in errors) for field, errors in error.message_dict.items()}


# --- recording a training ---------------------------------------------------------------------------


def test_a_training_is_recorded_planned_with_its_first_history_row_and_a_ledger_entry(personas):
    training = h.training(personas.officer)
    assert training.status == Training.Status.PLANNED
    assert [(c.old_status, c.new_status) for c in training.status_changes.all()] == [("", "planned")]
    assert (
        AuditEntry.objects.filter(action="capacity.training_create", object_id=str(training.pk)).count() == 1
    )


def test_a_title_in_one_language_is_enough_and_none_is_refused(personas):
    assert h.training(personas.officer, title_ar="", title_fr="", title_en="Proposal writing").pk
    with pytest.raises(ValidationError) as refused:
        h.training(personas.officer, title_ar="", title_fr="", title_en="  ")
    assert "at least one language" in messages(refused.value)["title_ar"]
    assert Training.objects.count() == 1


def test_a_training_addresses_at_least_one_skill(personas):
    with pytest.raises(ValidationError) as refused:
        trainings.training_create(actor=personas.officer, data=h.data(), skills=[])
    assert "at least one skill" in messages(refused.value)["skills"]


def test_the_provider_is_a_partner_or_a_name_never_both_nor_neither(personas, world):
    assert (
        h.training(personas.officer, provider=world.organisation, provider_name="").provider
        == world.organisation
    )
    with pytest.raises(ValidationError) as both:
        h.training(personas.officer, provider=world.organisation, provider_name="Cabinet")
    assert "not both" in messages(both.value)["provider_name"]
    with pytest.raises(ValidationError) as neither:
        h.training(personas.officer, provider=None, provider_name="")
    assert "Say who gives the training" in messages(neither.value)["provider"]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "field", "words"),
    [
        (datetime.date(2026, 3, 12), datetime.date(2026, 3, 10), "ends_on", "cannot end before it starts"),
        (datetime.date(1999, 12, 31), datetime.date(2026, 3, 10), "starts_on", "between 2000 and 2100"),
        (datetime.date(2100, 1, 1), datetime.date(2101, 1, 1), "ends_on", "between 2000 and 2100"),
    ],
)
def test_dates_are_refused_beside_the_field_that_is_wrong(personas, starts_on, ends_on, field, words):
    with pytest.raises(ValidationError) as refused:
        h.training(personas.officer, starts_on=starts_on, ends_on=ends_on)
    assert words in messages(refused.value)[field]


def test_only_the_unit_records_a_training(personas):
    for user in (personas.president, personas.auditor, personas.finance, personas.partner_viewer):
        with pytest.raises(PermissionDenied):
            h.training(user)
    assert not Training.objects.exists()


# --- cost and rate --------------------------------------------------------------------------------


def test_a_cost_in_euros_is_valued_in_dirhams_at_the_rate_of_the_first_day(personas):
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 2), rate=Decimal("10.80"), source="old"
    )
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 9), rate=Decimal("10.912345"), source="BAM"
    )
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 11), rate=Decimal("11.5"), source="later"
    )
    training = h.training(personas.officer, cost=Decimal("1500.00"), currency="EUR")
    training.refresh_from_db()
    assert training.rate == Decimal("10.912345")
    assert training.rate_date == datetime.date(2026, 3, 9)
    assert training.rate_source == "BAM"
    assert training.cost_mad == Decimal("16368.52")  # 1500 × 10.912345 = 16368.5175, rounded once


def test_a_cost_in_a_currency_without_a_rate_of_that_date_is_refused_naming_the_currency_and_the_date(
    personas,
):
    ExchangeRate.objects.create(
        currency="USD", date=datetime.date(2026, 1, 2), rate=Decimal("9.9"), source="too old"
    )
    with pytest.raises(ValidationError) as refused:
        h.training(personas.officer, cost=Decimal("800"), currency="USD")
    message = messages(refused.value)["currency"]
    assert "USD" in message and "2026-03-10" in message
    assert not Training.objects.exists() and not AuditEntry.objects.exists()


def test_a_cost_in_dirhams_needs_no_rate_and_a_free_training_none_either(personas):
    in_mad = h.training(personas.officer, cost=Decimal("4200.50"), currency="MAD")
    assert (in_mad.cost_mad, in_mad.rate) == (Decimal("4200.50"), Decimal(1))
    free = h.training(personas.officer, cost=Decimal("0"), currency="EUR")
    assert (free.cost_mad, free.rate, free.rate_date) == (Decimal(0), None, None)


def test_an_unknown_currency_and_a_negative_cost_are_refused(personas):
    with pytest.raises(ValidationError) as unknown:
        h.training(personas.officer, cost=Decimal("10"), currency="XYZ")
    assert "XYZ" in messages(unknown.value)["currency"]
    with pytest.raises(ValidationError) as negative:
        h.training(personas.officer, cost=Decimal("-1"))
    assert "negative" in messages(negative.value)["cost"]


# --- editing --------------------------------------------------------------------------------------


def test_an_edit_made_on_an_older_version_is_refused_and_nothing_is_saved(personas):
    training = h.training(personas.officer)
    trainings.training_update(
        actor=personas.admin,
        training=training,
        data=h.data(place="Agadir"),
        skills=[h.skill()],
        expected_version=1,
    )
    with pytest.raises(ValidationError) as refused:
        trainings.training_update(
            actor=personas.officer,
            training=training,
            data=h.data(place="Taghazout"),
            skills=[h.skill()],
            expected_version=1,
        )
    assert refused.value.code == "concurrent_edit"
    training.refresh_from_db()
    assert (training.place, training.version) == ("Agadir", 2)


def test_an_edit_changing_the_first_day_takes_the_rate_of_the_new_day(personas):
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 3, 9), rate=Decimal("10"), source="a"
    )
    ExchangeRate.objects.create(
        currency="EUR", date=datetime.date(2026, 5, 1), rate=Decimal("11"), source="b"
    )
    training = h.training(personas.officer, cost=Decimal("100"), currency="EUR")
    changed = trainings.training_update(
        actor=personas.officer,
        training=training,
        data=h.data(
            cost=Decimal("100"),
            currency="EUR",
            starts_on=datetime.date(2026, 5, 4),
            ends_on=datetime.date(2026, 5, 5),
        ),
        skills=[h.skill()],
        expected_version=training.version,
    )
    assert (changed.cost_mad, changed.rate_date) == (Decimal("1100.00"), datetime.date(2026, 5, 1))


# --- the pipeline ---------------------------------------------------------------------------------


def test_a_training_is_marked_held_only_once_its_last_day_has_come(personas):
    training = h.training(
        personas.officer, starts_on=datetime.date(2026, 6, 14), ends_on=datetime.date(2026, 6, 16)
    )
    with today(), pytest.raises(ValidationError) as refused:
        trainings.training_move(actor=personas.officer, training=training, to="held")
    assert "2026-06-16" in messages(refused.value)["to"]
    with today(datetime.date(2026, 6, 16)):
        trainings.training_move(actor=personas.officer, training=training, to="held")
    training.refresh_from_db()
    assert training.status == "held"
    assert [(c.old_status, c.new_status) for c in training.status_changes.order_by("id")] == [
        ("", "planned"),
        ("planned", "held"),
    ]


def test_a_training_is_cancelled_only_with_a_reason_and_the_reason_is_kept(personas):
    training = h.training(personas.officer)
    with pytest.raises(ValidationError) as refused:
        trainings.training_move(actor=personas.officer, training=training, to="cancelled", reason="  ")
    assert "reason" in refused.value.message_dict
    trainings.training_move(
        actor=personas.officer, training=training, to="cancelled", reason="Le formateur est malade."
    )
    change = TrainingStatusChange.objects.get(new_status="cancelled")
    assert (change.reason, change.changed_by) == ("Le formateur est malade.", personas.officer)
    assert AuditEntry.objects.filter(action="capacity.training_move").count() == 1


# Who may move a training, per role (literal: not read from the pipeline).
MOVES = {
    "administrator": True,
    "cooperation_officer": True,
    "finance_officer": False,
    "project_manager": False,
    "president": False,
    "council_member": False,
    "prefecture": False,
    "auditor": False,
    "partner_viewer": False,
}


@pytest.mark.parametrize(("role", "allowed"), MOVES.items())
def test_who_moves_a_training(personas, role, allowed):
    training = h.training(personas.officer)
    user = personas.by_role()[role]
    if allowed:
        trainings.training_move(actor=user, training=training, to="cancelled", reason="Reporté")
    else:
        with pytest.raises(PermissionDenied):
            trainings.training_move(actor=user, training=training, to="cancelled", reason="Reporté")
    training.refresh_from_db()
    assert training.status == ("cancelled" if allowed else "planned")


def test_nothing_comes_back_from_held_or_cancelled(personas):
    training = h.training(personas.officer)
    trainings.training_move(actor=personas.officer, training=training, to="cancelled", reason="x")
    for to in ("planned", "held"):
        with pytest.raises(ValidationError):
            trainings.training_move(actor=personas.officer, training=training, to=to)


def test_a_held_email_invites_participants_with_an_account_to_evaluate(
    personas, mailoutbox, django_capture_on_commit_callbacks
):
    personas.finance.email = "amina@aourir.ma"
    personas.finance.save()
    training = h.training(personas.officer)
    trainings.participants_add(
        actor=personas.officer,
        training=training,
        profiles=[h.profile("Amina", user=personas.finance), h.profile("Sans compte")],
    )
    with today(), django_capture_on_commit_callbacks(execute=True):
        trainings.training_move(actor=personas.officer, training=training, to="held")
    assert [m.to for m in mailoutbox] == [["amina@aourir.ma"]]
    assert "/evaluation/" in mailoutbox[0].body


# --- participants ---------------------------------------------------------------------------------


def test_only_people_in_post_are_registered_and_each_once(personas):
    training = h.training(personas.officer)
    amina, gone = h.profile("Amina"), h.profile("Parti", active=False)
    with pytest.raises(ValidationError) as refused:
        trainings.participants_add(actor=personas.officer, training=training, profiles=[amina, gone])
    assert "Parti" in messages(refused.value)["profiles"]
    assert not Participation.objects.exists()
    trainings.participants_add(actor=personas.officer, training=training, profiles=[amina])
    trainings.participants_add(actor=personas.officer, training=training, profiles=[amina])
    assert training.participations.count() == 1


def test_the_participants_of_a_cancelled_training_no_longer_change(personas):
    training = h.training(personas.officer)
    amina = h.profile("Amina")
    (row,) = trainings.participants_add(actor=personas.officer, training=training, profiles=[amina])
    trainings.training_move(actor=personas.officer, training=training, to="cancelled", reason="Annulé")
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="cancelled"):
        trainings.participants_add(actor=personas.officer, training=training, profiles=[h.profile("Youssef")])
    with pytest.raises(ValidationError, match="cancelled"):
        trainings.participant_remove(actor=personas.officer, training=training, participation=row)
    assert list(training.participations.values_list("profile__full_name", flat=True)) == ["Amina"]
    assert AuditEntry.objects.count() == entries


def test_attendance_is_recorded_once_the_training_is_held(personas):
    training = h.training(personas.officer)
    (row,) = trainings.participants_add(
        actor=personas.officer, training=training, profiles=[h.profile("Amina")]
    )
    with pytest.raises(ValidationError, match="held"):
        trainings.attendance_set(actor=personas.officer, training=training, marks={row.pk: "attended"})
    with today():
        trainings.training_move(actor=personas.officer, training=training, to="held")
    trainings.attendance_set(actor=personas.officer, training=training, marks={row.pk: "partly"})
    row.refresh_from_db()
    assert row.attendance == "partly"


def test_a_participant_with_a_certificate_or_an_evaluation_is_not_taken_off(personas):
    training = h.training(personas.officer)
    (row,) = trainings.participants_add(
        actor=personas.officer, training=training, profiles=[h.profile("Amina")]
    )
    Participation.objects.filter(pk=row.pk).update(rating=4)
    with pytest.raises(ValidationError, match="Amina"):
        trainings.participant_remove(actor=personas.officer, training=training, participation=row)
    assert training.participations.count() == 1
