"""Every page of the demo, in Arabic, keeps its Latin user data, codes and references isolated.

Latin text inside a right-to-left page is reordered by the Unicode bidi algorithm with the Arabic
around it: a deliberation number "D-2026-10-01" reads "01-D-2026-10", brackets jump to the other
side, a French title swallows the number beside it. A value is safe when it sits in an isolate:

- inside `<bdi>` (the `bdi` filter of core/templatetags/sharaka.py), `<code>`, `<kbd>`, `<samp>`;
- inside an element with a `dir` attribute (`dir="auto"` for a value, `<span dir="ltr">` for a code):
  the HTML rendering rules isolate every `[dir]` element (the page's own `<html dir>` does not count);
- inside an element of a class the stylesheet isolates (`unicode-bidi: isolate`: `.money`, `.num`,
  `.code`, checked below against sharaka.css);
- in a form control (`<input>`, `<textarea>`, `<select>`/`<option>`: each is its own paragraph);
- between FSI/LRI/RLI and PDI (U+2068/U+2066/U+2067 … U+2069), the isolates of plain text.

A `lang` attribute alone isolates nothing (the HTML rendering rules give `unicode-bidi: isolate` to
`[dir]` and `bdi`, not to `[lang]`), so `<span lang="fr">` is not enough: add `dir="auto"`.

The demo is loaded once (in a transaction rolled back at the end). Four readers walk the
application in Arabic: the administrator, two partner viewers (UNDP; GIZ, which has sent documents
and messages) and the public. Each starts from every
named URL that takes no argument and follows the links and form actions of every page, opening up to
`PER_NAME` URLs per URL name, so every page is seen with the demo's real objects. A URL name that no
link reaches must be listed in NOT_WALKED with its reason.

A second walk (the administrator and the public) first empties every Arabic text that may be left
empty where the French one is filled, as for a partner entered in French only: every `best` value
then shows French inside the Arabic pages, and must sit in an isolate too.
"""

import re
from collections import defaultdict, deque
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.db import transaction
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from sharaka.core.testing import demo_loaded
from sharaka.core.tests.test_url_access import _named_urls

# Latin letters (ASCII and the accented letters of French, Tamazight in Latin, names; not × and ÷).
LATIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]")
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+")
# Text between a first-strong, left-to-right or right-to-left isolate and its pop directional isolate.
PLAIN_ISOLATE = re.compile(r"[\u2066\u2067\u2068][^\u2066-\u2069]*\u2069")

# Interface words that stand in Latin letters inside the Arabic interface, on purpose, compared in
# capitals (".xlsx" too). Each is a name that has no Arabic form readers would recognise; a run made
# only of these words (with spaces, commas, digits) reads the same in either direction. Any other Latin
# word in an Arabic message goes between U+2068 and U+2069 in the catalogue (`مثل: ⁨XM-DAC-41114⁩`).
ALLOWED_WORDS = {
    # File formats offered for download or upload, known by these letters.
    "PDF",
    "CSV",
    "XLSX",
    "DOCX",
    "ODT",
    "JSON",
    "XML",
    "PNG",
    "JPEG",
    # Standards named by their acronym: the International Aid Transparency Initiative, the OECD's
    # Development Assistance Committee (its sector codes), ISO codes (countries, currencies),
    # Coordinated Universal Time, and the SHA-256 hash of the audit ledger.
    "IATI",
    "DAC",
    "ISO",
    "UTC",
    "SHA",
}

# Elements whose content is isolated from the text around it, or is not text at all.
ISOLATING_TAGS = {"bdi", "code", "kbd", "samp", "input", "textarea", "select", "option"}
NOT_TEXT = {"script", "style", "template"}
# Classes that sharaka.css isolates (asserted in test_the_stylesheet_isolates_the_classes_counted_as_isolates).
ISOLATING_CLASSES = {"money", "num", "code"}

# URL names that no link of the demo's pages leads to, and why.
NOT_WALKED = {
    "api_token_revoke": "a button beside each token on the API tokens page; the demo makes no token",
    "promotion:photo": "an image (<img src>) on the opportunity's page, not a link",
    "promotion:event_publish": "a button on an unpublished event's page; the demo's events are all published",
    "promotion:sponsorship_remove": "a button only for a line without money; every demo sponsorship brought some",
    "password_reset_confirm": "reached from the e-mail's link, with a one-time token",
    "portal:feedback_sent": "reached after sending the inquiry form (a POST), with its reference",
    "calendar_feed": "an .ics file; its address is shown as text to paste into a calendar application",
    "results_bulk_apply": "a POST from the bulk page once a file is uploaded",
    "schedule_edit": "the demo has no reporting schedule",
    "schedule_active": "the demo has no reporting schedule (a POST)",
    "due_report_done": "the demo has no reporting schedule (a POST)",
    "due_report_reopen": "the demo has no reporting schedule (a POST)",
    "results_evidence_download": "the demo's updates have no evidence file",
    "finance_transaction_document": "the demo's transactions have no document",
    "funding_call_document": "the demo's calls have no document",
    "sustainability_plan_waive": "a POST, offered only on a closing project below the coverage threshold",
    # --- promotion: events and sponsors (events part) ---
    "showcase:brochure": "a PDF, linked from the public events page",
    # capacity, staff part (issue #14)
    # promotion, inquiries part
    "showcase:inquiry_sent": "reached after sending an opportunity's inquiry form (a POST), with its reference",
    # capacity: trainings part
    # promotion, catalogue part (promo-cat)
}
# Links to these are not followed: they serve files (PDF, DOCX, XLSX, CSV, ICS, XML, JSON, uploads),
# not pages, and some take seconds to build.
FILE_SUFFIXES = (".pdf", ".docx", ".xlsx", ".csv", ".ics", ".xml", ".json", ".txt", ".png", ".jpg")
FILE_NAMES = {
    "project_document_download",
    "results_evidence_download",
    "agreement_document_download",
    "finance_transaction_document",
    "sustainability_evidence_download",
    "sustainability_check_photo",
    "funding_call_document",
    "funding_proposal_download",
    "portal:document",
    "portal:ledger_download",
    "partner_interaction_file",
    "partnerspace:submission_file",
    "partnerspace:document",
    "partnerspace:public_document",
    "capacity:training_certificate_file",
    "showcase:photo",
}
# Never opened while walking: signing out would end the walk.
NOT_OPENED = {"logout", "admin:logout"}
PER_NAME = 2  # distinct URLs opened per URL name and reader (two projects, two agreements, …)
# The main page of each kind of object is opened for every object of the demo: that is where most of
# its data shows, and every object's data differs (French titles, Latin references, brackets).
EVERY_OBJECT = {
    "capacity:profile",
    "capacity:training",
    "promotion:opportunity",
    "promotion:event",
    "showcase:detail",
    "showcase:event",
    "partner_detail",
    "project_detail",
    "results_project",
    "finance_project",
    "sustainability_plan",
    "agreement_detail",
    "session_detail",
    "funding_call",
    "funding_application",
    "funding_proposal",
    "results_period",
    "results_update",
    "schedule_project",
    "portal:project_detail",
}

# Two partner viewers: UNDP (its agreements and projects) and GIZ (its submissions, documents, thread).
READERS = {
    "administrator": "admin",
    "partner_viewer": "partner.undp",
    "partner_viewer_giz": "partner.giz",
    "public": None,
}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    with demo_loaded(django_db_blocker, tmp_path_factory) as loaded:
        yield loaded.media


def _isolated(element) -> bool:
    """Whether text owned by `element` (its text, or the tail of one of its children) is isolated."""
    while element is not None and element.tag != "html":
        if element.tag in ISOLATING_TAGS or element.tag in NOT_TEXT:
            return True
        if element.get("dir"):  # the HTML rendering rules: [dir] { unicode-bidi: isolate }
            return True
        if ISOLATING_CLASSES & set((element.get("class") or "").split()):
            return True
        element = element.getparent()
    return False


def _describe(element) -> str:
    path = []
    while element is not None and element.tag not in ("html", "body"):
        label = element.tag
        if element.get("class"):
            label += "." + ".".join(element.get("class").split())
        path.append(label)
        element = element.getparent()
    return " > ".join(reversed(path[:4]))


def unisolated(html: str) -> list[str]:
    """The runs of Latin letters of a page that are not inside an isolate, with where they sit."""
    document = lxml.html.document_fromstring(html)
    found = []
    for element in document.iter():
        owners = [(element.tail, element.getparent())]
        if isinstance(element.tag, str):  # not a comment
            owners.append((element.text, element))
        for text, owner in owners:
            if not text or owner is None or not LATIN.search(text):
                continue
            bare = PLAIN_ISOLATE.sub(" ", text)
            words = set(LATIN_WORD.findall(bare))
            if not {w.upper() for w in words} - ALLOWED_WORDS or _isolated(owner):
                continue
            found.append(f"{_describe(owner)}: {' '.join(text.split())[:90]!r}")
    return found


def _links(html: str) -> list[str]:
    document = lxml.html.document_fromstring(html)
    targets = [a.get("href") for a in document.iter("a")]
    targets += [form.get("action") for form in document.iter("form")]
    targets += [element.get("formaction") for element in document.xpath("//*[@formaction]")]
    for attribute in ("hx-get", "hx-post"):
        targets += [element.get(attribute) for element in document.xpath(f"//*[@{attribute}]")]
    return [t for t in targets if t]


def _name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def walk(client: Client) -> tuple[dict, dict]:
    """Open every page reachable from the URLs without arguments; {url: problems} and {name: statuses}."""
    problems: dict[str, list[str]] = {}
    seen_names: dict[str, list] = defaultdict(list)  # statuses, or "file" for a link to a file
    opened: set[str] = set()
    queue = deque(reverse(name) for name in _named_urls() if _takes_no_arguments(name))
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        name = _name(path)
        if name is None or path in opened or name in NOT_OPENED or name.startswith("admin:"):
            continue
        if name in FILE_NAMES or path.endswith(FILE_SUFFIXES):
            seen_names[name].append("file")
            continue
        if 405 in seen_names[name] or (len(seen_names[name]) >= PER_NAME and name not in EVERY_OBJECT):
            continue
        opened.add(path)
        response = client.get(path)
        seen_names[name].append(response.status_code)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if not html.strip():
            continue
        found = unisolated(html)
        if found:
            problems[path] = found
        for link in _links(html):
            parts = urlsplit(link)
            if parts.scheme in ("", "http") and parts.netloc in ("", "testserver"):
                queue.append(parts.path if parts.path.startswith("/") else path + parts.path)
    return problems, seen_names


def _takes_no_arguments(name: str) -> bool:
    try:
        reverse(name)
    except Exception:  # NoReverseMatch: it needs arguments
        return False
    return True


def _reader(role: str) -> Client:
    from sharaka.core.models import User

    client = Client()
    username = READERS[role]
    if username:
        user = User.objects.get(username=username)
        user.language = "ar"  # the partner viewer reads French; here everyone reads Arabic
        user.save(update_fields=["language"])
        client.force_login(user)
    client.cookies["django_language"] = "ar"
    return client


@pytest.mark.django_db
def test_the_stylesheet_isolates_the_classes_counted_as_isolates():
    css = Path(__file__).resolve().parents[1].joinpath("static/sharaka/sharaka.css").read_text()
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    isolating = {
        cls
        for selector, body in rules
        if "unicode-bidi: isolate" in body
        for cls in re.findall(r"(?<![\w-])\.([\w-]+)", selector)
    }
    assert ISOLATING_CLASSES <= isolating


def test_the_checker_finds_latin_outside_an_isolate_and_accepts_every_kind_of_isolate():
    def page(body):
        return f'<html lang="ar" dir="rtl"><body>{body}</body></html>'

    assert unisolated(page("<p>رقم المداولة D-2026-10-01</p>"))
    assert unisolated(page('<p>الشريك <span lang="fr">Commune de Lyon</span></p>'))
    assert unisolated(page('<div class="meta"><p>(fictif, sans dépense)</p></div>'))
    assert unisolated(page("<p>Word (DOCX)</p>"))  # "DOCX" is allowed, "Word" is not
    assert unisolated(page("<ul><li>تصدير</li></ul>Agadir"))  # a tail
    for isolated in [
        "<p>رقم المداولة <bdi>D-2026-10-01</bdi></p>",
        '<p>الشريك <span lang="fr" dir="auto">Commune de Lyon</span></p>',
        '<p><span dir="ltr">AOU-2025-001</span> · مشروع</p>',
        '<td class="money">1.000,00 EUR</td>',
        "<p>الرمز <code>XM-DAC-41114</code></p>",
        '<input value="Lyon"><textarea>Lyon (France)</textarea><select><option>UNDP</option></select>',
        "<p>تم حفظ \u2068Commune de Lyon\u2069.</p>",
        "<p>تنزيل PDF أو CSV</p>",
        "<p>ملف إكسل (.xlsx)</p>",
        '<dd lang="ar" dir="rtl">الإنارة بتقنية LED</dd>',
        "<p>الصورة 1 (عرض 1600 × ارتفاع 1067 بكسل)</p>",
        "<script>var a = 1;</script>",
    ]:
        assert not unisolated(page(isolated)), isolated


def _french_only() -> int:
    """Empty every Arabic text that may be left empty (`blank=True`) where the French one is filled: a
    partner, project or call entered in French only, as one language is enough to save. `best` then
    shows the French text inside the Arabic pages."""
    from django.apps import apps

    emptied = 0
    for model in apps.get_models():
        if not model.__module__.startswith("sharaka.") or model._meta.proxy or not model._meta.managed:
            continue
        names = {f.name for f in model._meta.concrete_fields}
        for name in sorted(names):
            base = name.removesuffix("_ar")
            if base != name and f"{base}_fr" in names and model._meta.get_field(name).blank:
                emptied += model._base_manager.exclude(**{f"{base}_fr": ""}).update(**{name: ""})
    return emptied


def _walk_as(roles, prepare=None):
    """Walk as each role, each in a transaction rolled back; (report lines, statuses per URL name)."""
    report, reached = [], defaultdict(list)
    for role in roles:
        with transaction.atomic():
            if prepare:
                prepare()
            problems, seen = walk(_reader(role))
            transaction.set_rollback(True)
        for name, statuses in seen.items():
            reached[name] += statuses
        for url, found in sorted(problems.items()):
            report.append(f"{role} {url}")
            report += [f"    {line}" for line in found]
    return report, reached


def _count(report):
    return sum(1 for line in report if line.startswith("    "))


@pytest.mark.django_db(transaction=False)
def test_every_page_of_the_demo_in_arabic_isolates_its_latin_text(demo, settings):
    settings.MEDIA_ROOT = demo
    report, reached = _walk_as(READERS)
    not_reached = set(_named_urls()) - set(reached) - set(NOT_WALKED) - NOT_OPENED
    assert not not_reached, (
        f"no link leads to these URL names; add a reason to NOT_WALKED: {sorted(not_reached)}"
    )
    assert not report, f"{_count(report)} Latin runs outside an isolate:\n" + "\n".join(report)


@pytest.mark.django_db(transaction=False)
def test_texts_entered_in_french_only_are_isolated_on_the_arabic_pages(demo, settings):
    settings.MEDIA_ROOT = demo

    def prepare():
        assert _french_only() > 100  # the demo's partners, projects, results, calls, agreements

    report, _ = _walk_as(["administrator", "public"], prepare=prepare)
    assert not report, f"{_count(report)} Latin runs outside an isolate:\n" + "\n".join(report)
