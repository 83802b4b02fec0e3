"""One upload check for every file input: every form with a file field is found and tried."""

import io
import zipfile

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from sharaka.core import uploads
from sharaka.core.tests import samples
from sharaka.core.tests.forms_found import sharaka_forms


def _file_fields():
    found = []
    for form_class in sharaka_forms():
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.FileField):
                found.append(pytest.param(field, id=f"{form_class.__module__}.{form_class.__name__}.{name}"))
    return found


FILE_FIELDS = _file_fields()


def test_it_finds_the_file_inputs_of_the_application():
    # Project, agreement (two), negotiation minutes, transaction document, Excel and CSV imports.
    assert len(FILE_FIELDS) >= 7


@pytest.mark.parametrize("field", FILE_FIELDS)
@pytest.mark.parametrize("key", sorted(samples.HOSTILE))
def test_every_file_input_refuses_hostile_files(field, key):
    with pytest.raises(ValidationError):
        field.clean(samples.hostile(key))


@pytest.mark.parametrize("field", FILE_FIELDS)
def test_every_file_input_refuses_a_pdf_over_its_size_limit(field, settings):
    limit = field.purpose.max_bytes if isinstance(field, uploads.UploadField) else settings.DOCUMENT_MAX_BYTES
    with pytest.raises(ValidationError):
        field.clean(samples.oversized_pdf(limit))


@pytest.mark.parametrize("field", FILE_FIELDS)
def test_every_file_input_accepts_a_real_small_file_of_each_kind_it_keeps(field):
    assert isinstance(field, uploads.UploadField), "file inputs use sharaka.core.uploads.UploadField"
    for ext in field.purpose.extensions:
        upload = samples.real(ext)
        cleaned = field.clean(upload)
        # a field that takes several files at once (an interaction's) answers with the list of them
        assert cleaned == [upload] if isinstance(cleaned, list) else cleaned is upload
        assert field.widget.attrs["accept"] == field.purpose.accept


def test_it_cleans_the_file_name_of_folders_controls_and_length():
    assert uploads.clean_name("../../etc/passwd.pdf") == "passwd.pdf"
    assert uploads.clean_name("C:\\Users\\x\\rapport.PDF") == "rapport.pdf"
    assert uploads.clean_name("facture\u202efdp.exe") == "facturefdp.exe"
    assert uploads.clean_name("a\x00b\nc.pdf") == "ab c.pdf"
    assert uploads.clean_name("..pdf") == "file.pdf"
    long = uploads.clean_name("محضر" * 80 + ".docx")
    assert len(long) == 100 and long.endswith(".docx")


def test_the_form_field_keeps_the_cleaned_name():
    field = uploads.UploadField(purpose=uploads.PROJECT_DOCUMENT)
    upload = SimpleUploadedFile("dossier/\u202eاتفاقية.pdf", samples.PDF)
    assert field.clean(upload).name == "اتفاقية.pdf"


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("note.docx", _zip({"hello.txt": b"not a Word file"})),
        ("note.odt", _zip({"mimetype": b"application/zip", "content.xml": b"<x/>"})),
        ("note.xlsx", b"PK\x03\x04 broken zip"),
    ],
    ids=["zip-named-docx", "zip-named-odt", "broken-zip"],
)
def test_it_refuses_a_zip_that_is_not_the_office_file_it_claims(name, content):
    with pytest.raises(ValidationError) as refused:
        uploads.check(SimpleUploadedFile(name, content), uploads.PROJECT_DOCUMENT)
    assert refused.value.code == "file_content"


def test_it_refuses_an_office_file_that_unpacks_beyond_its_bound():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w/>")
        with archive.open("word/media/a.bin", "w", force_zip64=True) as member:
            for _ in range(110):
                member.write(b"\x00" * 1_000_000)
    bomb = buffer.getvalue()
    assert len(bomb) < 1_000_000
    with pytest.raises(ValidationError) as refused:
        uploads.check(SimpleUploadedFile("bomb.docx", bomb), uploads.PROJECT_DOCUMENT)
    assert refused.value.code == "file_unzipped"


@pytest.mark.parametrize(
    "content", [b"\xff\xfe\x00c\x00u\x00r", b"<html><script>x</script></html>", b"MZ\x90\x00"]
)
def test_it_refuses_a_csv_that_is_not_utf8_text(content):
    with pytest.raises(ValidationError):
        uploads.check(SimpleUploadedFile("rates.csv", content), uploads.CSV_IMPORT)


def test_the_refusal_is_in_the_readers_language():
    from django.utils import translation

    for language, words in [("en", "Only these types"), ("fr", "Seuls ces types"), ("ar", "لا تقبل")]:
        with translation.override(language):
            with pytest.raises(ValidationError) as refused:
                uploads.check(samples.hostile("html"), uploads.MINUTES)
            assert words in refused.value.messages[0]
            assert "PDF, DOCX, ODT" in refused.value.messages[0]
