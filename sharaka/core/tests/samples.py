"""Real small files of each kind Sharaka keeps, and the hostile ones it must refuse."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _docx() -> bytes:
    import docx

    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("محضر الاجتماع")
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    buffer = io.BytesIO()
    workbook = Workbook()
    workbook.active.append(["category", "funder", "description", "amount_mad"])
    workbook.save(buffer)
    return buffer.getvalue()


def _odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest:manifest/>")
    return buffer.getvalue()


def _image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "white").save(buffer, fmt)
    return buffer.getvalue()


REAL = {
    ".pdf": lambda: PDF,
    ".docx": _docx,
    ".xlsx": _xlsx,
    ".odt": _odt,
    ".png": lambda: _image("PNG"),
    ".jpg": lambda: _image("JPEG"),
    ".jpeg": lambda: _image("JPEG"),
    ".csv": lambda: b"currency,date,rate,source\nEUR,2026-03-31,10.9,Bank Al-Maghrib\n",
    ".xml": lambda: b'<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03"/>\n',
}


def real(ext: str, name: str = "piece") -> SimpleUploadedFile:
    return SimpleUploadedFile(name + ext, REAL[ext](), content_type="application/octet-stream")


HOSTILE = {
    "html": ("evil.html", b"<html><body><script>alert(document.cookie)</script></body></html>"),
    "svg-with-script": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>',
    ),
    "exe": ("setup.exe", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 64),
    "html-named-pdf": ("releve.pdf", b"<html><script>alert(1)</script></html>"),
}


def hostile(key: str) -> SimpleUploadedFile:
    name, content = HOSTILE[key]
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def oversized_pdf(limit: int) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "annexe.pdf", PDF + b"0" * (limit + 1 - len(PDF)), content_type="application/pdf"
    )
