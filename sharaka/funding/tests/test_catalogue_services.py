"""The catalogue's services: a call's status from its dates, each rule a refusal with its message,
the ledger, the optimistic version, archiving that never deletes, and who may (a literal table)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from sharaka.core.models import AuditEntry, Theme
from sharaka.core.services import ConcurrentEdit
from sharaka.core.testing import ROLES
from sharaka.funding import calls
from sharaka.funding.models import Call, CallDocument, CallStage

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 5)
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def funder(personas):
    from sharaka.partners.models import Organisation

    return Organisation.objects.get(acronym="UNDP")


def base(funder, **changes):
    data = {
        "funder": funder,
        "reference": "T-1",
        "title_fr": "Eau pour tous",
        "commune_role": "lead",
        "currency": "EUR",
        "languages": "fr",
        "family": "short",
        "cofinancing_counts": "cash_in_kind",
    }
    data.update(changes)
    return data


def save(actor, funder, *, call=None, version=None, stages=(), **changes):
    return calls.call_save(
        actor=actor, call=call, data=base(funder, **changes), stages=stages, expected_version=version
    )


def refusal(actor, funder, stages=(), **changes) -> dict:
    with pytest.raises(ValidationError) as caught:
        save(actor, funder, stages=stages, **changes)
    return caught.value.message_dict


# --- status from the dates -------------------------------------------------------------------


def _call(funder, *, deadlines=(), **fields):
    call = Call.objects.create(funder=funder, title_fr="Appel", **fields)
    for kind, deadline in deadlines:
        CallStage.objects.create(call=call, kind=kind, deadline=deadline)
    return Call.objects.prefetch_related("stages").get(pk=call.pk)


def test_a_call_opening_later_is_upcoming(personas, funder):
    call = _call(funder, opens_on=TODAY + DAY, deadlines=[("full_proposal", TODAY + 60 * DAY)])
    assert call.status(TODAY) == "upcoming"


def test_a_call_with_a_deadline_ahead_is_open_and_closes_the_day_after(personas, funder):
    call = _call(
        funder, opens_on=TODAY - DAY, deadlines=[("eoi", TODAY - 10 * DAY), ("full_proposal", TODAY)]
    )
    assert call.status(TODAY) == "open"
    assert call.next_stage(TODAY).kind == "full_proposal"
    assert call.status(TODAY + DAY) == "closed"


def test_a_rolling_call_is_open_without_a_deadline(personas, funder):
    assert _call(funder, rolling=True).status(TODAY) == "open"
    assert _call(funder).status(TODAY) == "closed"


def test_an_archived_call_counts_as_closed_even_when_rolling(personas, funder):
    call = _call(funder, rolling=True)
    calls.call_archive(actor=personas.officer, call=call, reason="Programme ended")
    assert Call.objects.get(pk=call.pk).status(TODAY) == "closed"


# --- each rule, refused with its message --------------------------------------------------------


def test_a_call_needs_a_title_in_one_language(personas, funder):
    errors = refusal(personas.officer, funder, title_fr="")
    assert errors["title_ar"] == ["Fill the title in at least one language."]


def test_the_maximum_grant_cannot_be_below_the_minimum(personas, funder):
    errors = refusal(personas.officer, funder, min_grant=Decimal("50000"), max_grant=Decimal("20000"))
    assert errors["max_grant"] == ["The maximum grant cannot be below the minimum."]


def test_an_amount_beyond_the_bound_is_refused(personas, funder):
    errors = refusal(personas.officer, funder, max_grant=Decimal("99999999999999.99"))
    assert errors["max_grant"][0].startswith("The amount must be at most")


def test_co_financing_is_between_0_and_100(personas, funder):
    errors = refusal(personas.officer, funder, cofinancing_rate=Decimal("100.01"))
    assert errors["cofinancing_rate"] == ["The co-financing rate is between 0 and 100 %."]


def test_the_longest_duration_cannot_be_below_the_shortest(personas, funder):
    errors = refusal(personas.officer, funder, min_months=36, max_months=24)
    assert errors["max_months"] == ["The longest duration cannot be below the shortest."]
    assert refusal(personas.officer, funder, max_months=0)["max_months"] == [
        "A duration is between 1 and 240 months."
    ]


def test_languages_are_ar_fr_en_only(personas, funder):
    assert refusal(personas.officer, funder, languages="fr,de")["languages"] == [
        "The languages are ar, fr and en, separated by commas."
    ]
    assert refusal(personas.officer, funder, languages="")["languages"] == [
        "Give at least one language the call accepts."
    ]


def test_country_codes_have_two_letters(personas, funder):
    assert refusal(personas.officer, funder, lead_country="FRA")["lead_country"] == [
        "Give the country as its two-letter ISO code, for example FR."
    ]
    assert refusal(personas.officer, funder, commune_role="no", excluded_countries="MA, MAR")[
        "excluded_countries"
    ] == ["Give two-letter ISO country codes separated by commas, for example MA."]


def test_a_call_excluding_morocco_cannot_say_the_commune_is_eligible(personas, funder):
    errors = refusal(personas.officer, funder, excluded_countries="ma")
    assert errors["commune_role"] == [
        "This call excludes Morocco (MA): the commune's role can only be “not eligible”."
    ]


def test_an_unknown_currency_is_refused(personas, funder):
    assert refusal(personas.officer, funder, currency="XXX")["currency"] == [
        "Choose the currency from the list."
    ]


def test_stage_deadlines_are_bounded_and_in_order(personas, funder):
    late = [{"kind": "full_proposal", "deadline": datetime.date(9999, 12, 31)}]
    assert refusal(personas.officer, funder, stages=late)["stages"] == [
        "Full proposal: Enter a date between 1956-01-01 and 2100-12-31."
    ]
    crossed = [
        {"kind": "eoi", "deadline": TODAY + 30 * DAY},
        {"kind": "concept_note", "deadline": TODAY + 10 * DAY},
    ]
    assert refusal(personas.officer, funder, stages=crossed)["stages"] == [
        "The deadlines come in order: expression of interest, then concept note, then full proposal "
        "(Concept note is too early)."
    ]
    opened_after = [{"kind": "eoi", "opens_on": TODAY + 5 * DAY, "deadline": TODAY}]
    assert refusal(personas.officer, funder, stages=opened_after)["stages"] == [
        "Expression of interest: the deadline cannot be before the stage opens."
    ]


def test_word_limits_name_known_sections(personas, funder):
    stages = [{"kind": "full_proposal", "deadline": TODAY, "word_limits": {"summary": 300, "vision": 200}}]
    message = refusal(personas.officer, funder, stages=stages)["stages"][0]
    assert message.startswith("Full proposal: unknown sections vision; the sections are summary, problem")


def test_a_refusal_writes_nothing(personas, funder):
    before = (Call.objects.count(), AuditEntry.objects.count())
    refusal(personas.officer, funder, title_fr="", cofinancing_rate=Decimal("120"))
    assert (Call.objects.count(), AuditEntry.objects.count()) == before


# --- writing, the ledger, the version ---------------------------------------------------------------


def test_saving_a_call_writes_it_with_its_parts_and_one_ledger_entry(personas, funder):
    water = Theme.objects.get(kind="area", code="water_energy")
    call = calls.call_save(
        actor=personas.officer,
        data=base(funder, languages="en, fr", lead_country="fr"),
        themes=[water],
        sectors=["14020", "23231"],
        stages=[
            {"kind": "full_proposal", "deadline": TODAY + 90 * DAY},
            {"kind": "eoi", "deadline": TODAY + 30 * DAY, "word_limits": {"summary": 300}},
        ],
        attachments=[("deliberation", ""), ("other", "Trois devis")],
    )
    assert (call.languages, call.lead_country, call.created_by) == ("fr,en", "FR", personas.officer)
    assert [(s.kind, s.order, s.word_limits) for s in call.stages.all()] == [
        ("eoi", 1, {"summary": 300}),
        ("full_proposal", 3, {}),
    ]
    assert sorted(call.sectors.values_list("code", flat=True)) == ["14020", "23231"]
    entry = AuditEntry.objects.get(action="funding_call.create", object_id=str(call.pk))
    assert entry.after["sectors"] == ["14020", "23231"]
    assert entry.after["themes"] == ["area:water_energy"]


def test_changing_a_call_replaces_its_parts_and_records_what_changed(personas, funder):
    call = save(personas.officer, funder, stages=[{"kind": "eoi", "deadline": TODAY}])
    changed = save(personas.officer, funder, call=call, version=call.version, title_fr="Eau et énergie")
    assert changed.version == 2
    assert list(changed.stages.all()) == []
    entry = AuditEntry.objects.get(action="funding_call.update", object_id=str(call.pk))
    assert entry.before["title_fr"] == "Eau pour tous"
    assert entry.after["title_fr"] == "Eau et énergie"
    assert entry.after["stages"] == []


def test_a_change_from_a_stale_form_is_refused(personas, funder):
    call = save(personas.officer, funder)
    save(personas.admin, funder, call=call, version=1, title_fr="Première")
    with pytest.raises(ConcurrentEdit):
        save(personas.officer, funder, call=call, version=1, title_fr="Seconde")
    assert Call.objects.get(pk=call.pk).title_fr == "Première"


def test_archiving_keeps_the_call_and_needs_a_reason(personas, funder):
    call = save(personas.officer, funder, stages=[{"kind": "eoi", "deadline": TODAY}])
    with pytest.raises(ValidationError) as caught:
        calls.call_archive(actor=personas.officer, call=call, reason="  ")
    assert caught.value.message_dict == {"reason": ["Say why the call leaves the catalogue."]}
    calls.call_archive(actor=personas.officer, call=call, reason="Le programme est clos")
    kept = Call.objects.get(pk=call.pk)
    assert kept.archived_at is not None and kept.stages.count() == 1
    assert not Call.objects.active().filter(pk=call.pk).exists()
    assert AuditEntry.objects.get(action="funding_call.archive").reason == "Le programme est clos"
    with pytest.raises(ValidationError):
        save(personas.officer, funder, call=kept, version=kept.version, title_fr="Encore")


def test_a_document_is_checked_by_content(personas, funder):
    call = save(personas.officer, funder)
    fake = SimpleUploadedFile("guide.pdf", b"MZ not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError):
        calls.call_document_upload(actor=personas.officer, call=call, title="Guide", upload=fake)
    pdf = SimpleUploadedFile("guide.pdf", b"%PDF-1.4 guide\n%%EOF\n", content_type="application/pdf")
    document = calls.call_document_upload(actor=personas.officer, call=call, title="Guide", upload=pdf)
    assert document.sha256 and CallDocument.objects.filter(call=call).count() == 1
    assert AuditEntry.objects.filter(action="funding_call_document.upload").count() == 1


# --- who may (STYLE 16: written out here, never read from roles.py) -----------------------------

WHO_MAY = {
    "call_save": {"administrator", "cooperation_officer"},
    "call_archive": {"administrator", "cooperation_officer"},
    "call_document_upload": {"administrator", "cooperation_officer"},
}
CASES = [(action, role) for action in WHO_MAY for role in ROLES]


@pytest.mark.parametrize(("action", "role"), CASES, ids=[f"{a}-{r}" for a, r in CASES])
def test_who_may_keep_the_catalogue(personas, funder, action, role):
    actor = personas.by_role()[role]
    call = _call(funder, reference="T-WHO")
    ledger = AuditEntry.objects.count()

    def do():
        if action == "call_save":
            return save(actor, funder)
        if action == "call_archive":
            return calls.call_archive(actor=actor, call=call, reason="Fini")
        upload = SimpleUploadedFile("g.pdf", b"%PDF-1.4 g\n%%EOF\n", content_type="application/pdf")
        return calls.call_document_upload(actor=actor, call=call, title="Guide", upload=upload)

    if role in WHO_MAY[action]:
        do()
        assert AuditEntry.objects.count() == ledger + 1
    else:
        with pytest.raises(PermissionDenied):
            do()
        assert AuditEntry.objects.count() == ledger
