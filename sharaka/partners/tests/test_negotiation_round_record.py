import datetime
import hashlib
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.core.models import AuditEntry
from sharaka.partners.models import NegotiationRound
from sharaka.partners.services import negotiation_round_record

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def record(world, **data):
    return negotiation_round_record(
        actor=world.personas.officer,
        organisation=world.organisation,
        data={"topic": "Cofinancement", "date": datetime.date(2026, 12, 2), "our_position": "40 %", **data},
    )


def test_it_numbers_a_round_after_the_last_one_of_its_topic(world):
    second = record(world)
    first_of_other_topic = record(world, topic="Formation du personnel")

    assert second.round_number == 2
    assert first_of_other_topic.round_number == 1


def test_it_refuses_a_round_number_already_recorded_for_the_topic(world):
    with pytest.raises(ValidationError) as refused:
        record(world, round_number=1)

    assert "round_number" in refused.value.message_dict
    assert NegotiationRound.objects.count() == 1


@pytest.mark.parametrize(("name", "content"), [("pv.pdf", PDF), ("pv.docx", None)])
def test_it_keeps_pdf_and_docx_minutes_and_their_digest_in_the_audit_entry(world, name, content):
    content = content or docx_bytes()

    round_ = record(world, minutes=SimpleUploadedFile(name, content))

    assert round_.minutes.read() == content
    entry = AuditEntry.objects.get(action="negotiation_round.create")
    assert entry.after["minutes_sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pv.exe", b"MZ\x90\x00"),
        ("pv.txt", b"plain text"),
        ("pv.pdf", b"MZ\x90\x00 a program calling itself a PDF"),
        ("pv.docx", b"PK\x03\x04 not really a zip"),
        ("pv.docx", None),  # a zip, but no Word document inside
        ("pv.pdf", b""),
    ],
)
def test_it_refuses_minutes_that_are_not_what_they_claim_and_records_nothing(world, name, content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("hello.txt", "hi")
        content = buffer.getvalue()

    with pytest.raises(ValidationError) as refused:
        record(world, minutes=SimpleUploadedFile(name, content))

    assert "minutes" in refused.value.message_dict
    assert NegotiationRound.objects.count() == 1


def test_it_refuses_minutes_larger_than_the_limit(world, settings):
    settings.DOCUMENT_MAX_BYTES = 1024

    with pytest.raises(ValidationError) as refused:
        record(world, minutes=SimpleUploadedFile("pv.pdf", PDF + b"0" * 2048))

    assert "minutes" in refused.value.message_dict
