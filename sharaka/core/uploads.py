"""The one check every uploaded file goes through, whatever page or import it comes from.

A file is kept only if its extension is one its purpose accepts, its first bytes say it is what its
name says (a PDF starts with %PDF-, a PNG with its signature...), it is not empty nor larger than the
purpose allows, and, for the zip-based office formats (DOCX, XLSX, ODT), it is a real archive of that
kind that does not unpack to more than a bound. Its name is cleaned: no folders, no invisible or
control characters, a sane length. Forms use `UploadField(purpose=...)`; services and imports call
`check(upload, purpose)` on what they are handed, and get the checked type, size and checksum.
"""

import dataclasses
import hashlib
import os
import unicodedata
import zipfile

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from sharaka.lib.text import clean_text

MB = 1024 * 1024
ZIP = b"PK\x03\x04"


@dataclasses.dataclass(frozen=True)
class Kind:
    label: str  # what people call it, in the list of accepted types
    content_type: str  # the type the file is served with
    magic: bytes = b""  # the bytes it starts with
    zip_member: str = ""  # for zip-based formats: a member every real file of the kind holds
    text: bool = False  # plain UTF-8 text (CSV)
    xml: bool = False  # markup: "<" first (after a byte-order mark and blanks), or a UTF-16 mark


KINDS = {
    ".pdf": Kind("PDF", "application/pdf", b"%PDF-"),
    ".docx": Kind(
        "DOCX",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ZIP,
        "word/document.xml",
    ),
    ".xlsx": Kind(
        "XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, "xl/workbook.xml"
    ),
    ".odt": Kind("ODT", "application/vnd.oasis.opendocument.text", ZIP, "mimetype"),
    ".png": Kind("PNG", "image/png", b"\x89PNG\r\n\x1a\n"),
    ".jpg": Kind("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": Kind("JPEG", "image/jpeg", b"\xff\xd8\xff"),
    ".csv": Kind("CSV", "text/csv; charset=utf-8", text=True),
    ".xml": Kind("XML", "application/xml", xml=True),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# The first bytes of what must never pass as text: programs, archives, documents, markup.
NOT_TEXT = (b"MZ", b"\x7fELF", ZIP, b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"<")


@dataclasses.dataclass(frozen=True)
class Purpose:
    extensions: tuple[str, ...]
    limit: int | None = None  # bytes; None: settings.DOCUMENT_MAX_BYTES, read at each check
    max_unzipped: int = 100 * MB  # what a DOCX, XLSX or ODT may unpack to
    max_members: int = 5000

    @property
    def max_bytes(self) -> int:
        return self.limit or settings.DOCUMENT_MAX_BYTES

    @property
    def labels(self) -> str:
        return ", ".join(dict.fromkeys(KINDS[ext].label for ext in self.extensions))

    @property
    def accept(self) -> str:
        return ",".join(self.extensions)


OFFICE_AND_IMAGES = (".pdf", ".docx", ".xlsx", ".odt", ".png", ".jpg", ".jpeg")
PROJECT_DOCUMENT = Purpose(OFFICE_AND_IMAGES)
AGREEMENT_DOCUMENT = Purpose((".pdf", ".docx", ".odt", ".png", ".jpg", ".jpeg"))
MINUTES = Purpose((".pdf", ".docx", ".odt"))
SUPPORTING_DOCUMENT = Purpose(OFFICE_AND_IMAGES)
SPREADSHEET_IMPORT = Purpose((".xlsx",), limit=2 * MB, max_unzipped=20 * MB)
CSV_IMPORT = Purpose((".csv",), limit=1 * MB)
# Other publishers' IATI activity files, up to the document limit that nginx lets through
# (iati/importing.py reads them streamed; larger ones from the command line, `manage.py iati_import`).
IATI_FILE = Purpose((".xml",))


@dataclasses.dataclass(frozen=True)
class Checked:
    name: str
    content_type: str
    size: int
    sha256: str


def clean_name(name: str) -> str:
    """The file name without folders, invisible or control characters, at most 100 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(clean_text(name).split())
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, "." + ext.strip().lower()[:10]) if dot else (name, "")
    stem = stem.strip(" .")[: 100 - len(ext)] or "file"
    return stem + ext


def check(upload, purpose: Purpose, *, field: str | None = None) -> Checked:
    """Refuse the file with a message for the person (beside `field` when named), or return what was
    checked about it."""
    try:
        return _check(upload, purpose)
    except ValidationError as error:
        raise (ValidationError({field: error.error_list}) if field else error) from None


def _check(upload, purpose: Purpose) -> Checked:
    name = clean_name(getattr(upload, "name", "") or "")
    ext = os.path.splitext(name)[1]
    if ext not in purpose.extensions:
        raise ValidationError(
            _("Only these types of file are accepted here: %(types)s."),
            code="file_type",
            params={"types": purpose.labels},
        )
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="file_empty")
    if upload.size > purpose.max_bytes:
        raise ValidationError(
            _("The file is larger than %(mb)s MB."),
            code="file_size",
            params={"mb": _megabytes(purpose.max_bytes)},
        )
    kind = KINDS[ext]
    upload.seek(0)
    head = upload.read(max(len(kind.magic), 8))
    if not head.startswith(kind.magic) or not _content_matches(upload, kind, head, purpose):
        raise ValidationError(
            _("The file's content does not match its name (%(ext)s)."),
            code="file_content",
            params={"ext": ext},
        )
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Checked(name=name, content_type=kind.content_type, size=upload.size, sha256=digest.hexdigest())


def _megabytes(size: int) -> str:
    return f"{size / MB:g}" if size % MB else str(size // MB)


def _content_matches(upload, kind: Kind, head: bytes, purpose: Purpose) -> bool:
    if kind.xml:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return True
        upload.seek(0)
        start = upload.read(1024)
        return start.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"<")
    if kind.text:
        if head.startswith(b"\xef\xbb\xbf"):
            head = head[3:]
        if head.lstrip().startswith(NOT_TEXT):
            return False
        upload.seek(0)
        try:
            upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            return False
        return True
    if not kind.zip_member:
        return True
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > purpose.max_members:
                return False
            if sum(member.file_size for member in members) > purpose.max_unzipped:
                raise ValidationError(
                    _("The file unpacks to more than %(mb)s MB: refused."),
                    code="file_unzipped",
                    params={"mb": _megabytes(purpose.max_unzipped)},
                )
            if any(member.flag_bits & 0x1 for member in members):  # encrypted
                return False
            names = {member.filename for member in members}
            if kind.zip_member not in names:
                return False
            if kind.zip_member == "mimetype":
                return archive.read("mimetype").strip() == ODT_MIMETYPE
            return True
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError):
        return False


def _accepted(purpose: Purpose) -> str:
    return _("%(types)s, at most %(mb)s MB.") % {"types": purpose.labels, "mb": _megabytes(purpose.max_bytes)}


_help_text = lazy(_accepted, str)  # in the reader's language, with the limit of the moment


class UploadField(forms.FileField):
    """A file input checked by `check` for its purpose; the cleaned file carries the cleaned name."""

    def __init__(self, *, purpose: Purpose, **kwargs):
        self.purpose = purpose
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("accept", purpose.accept)
        if not self.help_text:
            self.help_text = _help_text(purpose)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and upload is not initial and hasattr(upload, "read"):
            checked = check(upload, self.purpose)
            upload.name = checked.name
        return upload


def serve(stored_file, content_type: str, *, inline: bool = False):
    """A stored file to those the caller let through: as an attachment (unless `inline`) the browser
    will not sniff, never cached by a shared cache; 404 when the file is gone from the disk."""
    try:
        handle = stored_file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=os.path.basename(stored_file.name),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
