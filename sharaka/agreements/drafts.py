"""A draft of an agreement as a Word document (DOCX), in Arabic, French or English, from its data.

The draft is a working text for negotiation and for the council's file, never the signed text: every
page says so. Its sentences come from the agreements catalogue in the chosen language; names and titles
from the data, in that language when filled (`core.multilingual.best`).

Arabic is right to left all the way down: `w:bidi` on every paragraph and on the section, `w:rtl` on
runs, `w:bidiVisual` on tables (first column on the right), and a complex-script font that has Arabic
letters (`w:rFonts/@w:cs`, `w:szCs`). python-docx has no API for most of this, so it is set in the XML.
Right-aligning an RTL paragraph would put it on the left (Word reads `jc` as "end" there): paragraphs
keep the default start alignment.
"""

import io
import re
import unicodedata

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from docx import Document
from docx.enum.table import WD_TABLE_DIRECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sharaka.agreements.models import Agreement, Kind
from sharaka.core.multilingual import best
from sharaka.lib.money import format_amount

LANGUAGES = ("ar", "fr", "en")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ARABIC_FONT = "Noto Naskh Arabic"
LATIN_FONT = "Noto Serif"
_LANG_TAGS = {"ar": "ar-MA", "fr": "fr-MA", "en": "en-GB"}
BODY_PT = 11
BODY_CS_PT = 13  # Naskh letters are small beside Latin ones at the same size

# What XML 1.0 cannot hold (python-docx refuses it), C1 controls, and the bidi embeddings, overrides
# and isolates, which in a name would turn the rest of the line around. Marks (LRM, RLM) are harmless.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]"
)

# Successors of an element in its parent's schema sequence: Word rejects children out of order.
_PPR_AFTER_BIDI = (
    "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_RPR_AFTER_SZCS = (
    "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
    "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath",
)  # fmt: skip
_RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
_SECTPR_AFTER_BIDI = ("w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")


def clean(text) -> str:
    """User text made safe for the document: no control characters, no bidi overrides, one kind of
    line break."""
    text = "" if text is None else str(text)
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")).strip()


def user(text) -> str:
    """`clean`, and each line written against the document's direction (French in an Arabic draft, Arabic
    in a French one) held between marks of its own direction, so that its final full stop or bracket
    stays at its end instead of jumping to the other side."""
    text = clean(text)
    mark = "\u200e" if translation.get_language_bidi() else "\u200f"
    return "\n".join(mark + line + mark if _against(line) else line for line in text.split("\n"))


def _against(line: str) -> bool:
    rtl = translation.get_language_bidi()
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return rtl
        if kind in ("R", "AL"):
            return not rtl
    return False


def filename(agreement: Agreement, language: str) -> str:
    """ASCII only, whatever the reference holds: 'draft-agreement-aou-2026-003-fr.docx'."""
    ref = re.sub(r"[^a-z0-9]+", "-", clean(agreement.reference).lower()).strip("-")[:40] or str(agreement.pk)
    return f"draft-agreement-{ref}-{language}.docx"


def build(agreement: Agreement, language: str) -> bytes:
    """The draft of `agreement` as DOCX bytes, written in `language` (ar, fr or en)."""
    if language not in LANGUAGES:
        raise ValueError(language)
    with translation.override(language):
        writer = _Writer(language)
        _write(writer, agreement, language)
        return writer.save()


# --- the text -------------------------------------------------------------------------------------


def _date(day) -> str:
    return formats.date_format(day, "DATE_FORMAT") if day else ""


def _party_name(party, language) -> str:
    if not party.organisation_id:
        return _("Commune of Aourir")
    org = party.organisation
    return user(best(org, "name", language) or org.acronym)


def _legal_basis(agreement: Agreement) -> list[str]:
    """The articles of organic law 113-14 that this agreement rests on, in the order of the law."""
    kind = (
        agreement.parent.kind if agreement.kind == Kind.AMENDMENT and agreement.parent_id else agreement.kind
    )
    articles = []
    if agreement.needs_art86:
        articles.append(
            _(
                "Article 86: the commune may conclude agreements with actors outside the Kingdom and "
                "obtain financing in the framework of international cooperation, after approval of the "
                "public authorities; no agreement may be concluded with a foreign State."
            )
        )
    articles.append(
        _(
            "Article 92: the council deliberates on cooperation and partnership agreements, on twinning "
            "and decentralised-cooperation agreements, and on membership of organisations concerned "
            "with local affairs."
        )
    )
    if agreement.needs_visa:
        articles.append(
            _(
                "Article 118: decisions on twinning and decentralised-cooperation agreements take effect "
                "only after the Governor's visa, given within 20 days of receipt; silence is a visa."
            )
        )
    if kind in (Kind.PARTNERSHIP, Kind.DECENTRALISED):
        articles.append(
            _(
                "Articles 149 to 151: cooperation and partnership agreements state the resources that "
                "each party mobilises; the budget or a special account of one party supports the joint "
                "project."
            )
        )
    return articles


def _write(w: "_Writer", agreement: Agreement, language: str) -> None:
    title = user(best(agreement, "title", language)) or _("[to be completed]")
    parties = list(agreement.parties.all())
    missing = _("[to be completed]")

    w.header(
        _("DRAFT generated by Sharaka on %(date)s: not the signed text.")
        % {"date": _date(timezone.localdate())}
    )
    for line in (_("Kingdom of Morocco"), _("Prefecture of Agadir Ida-Outanane"), _("Commune of Aourir")):
        w.paragraph(line, bold=True, space_after=0)
    w.paragraph("")
    w.paragraph(_("DRAFT"), bold=True, size=18, center=True, color=RGBColor(0xB0, 0x00, 0x20))
    w.heading(title, level=0)
    w.paragraph(agreement.get_kind_display(), center=True)
    if agreement.reference:
        w.paragraph(_("Reference: %(reference)s") % {"reference": user(agreement.reference)}, center=True)
    w.paragraph(_("This draft is not the signed text. It is generated from the agreement's data and must be checked before signature."), italic=True, center=True)  # fmt: skip

    if agreement.kind == Kind.AMENDMENT and agreement.parent_id:
        w.paragraph(
            _("This amendment changes the agreement: %(agreement)s") % {"agreement": user(agreement.parent)}
        )
        for label, old, new in agreement.change_rows():
            w.bullet(f"{label}: {user(old) or '—'} → {user(new) or '—'}")

    w.heading(_("Between the undersigned"), level=1)
    for party in parties:
        if not party.organisation_id:
            w.bullet(
                _(
                    "The Commune of Aourir, represented by the President of its council, hereinafter “the Commune”;"
                )
            )
            continue
        org = party.organisation
        text = _party_name(party, language)
        if org.acronym and org.acronym != text:
            text += f" ({user(org.acronym)})"
        if org.country:
            text += f", {org.country_name}"
        w.bullet(
            _("%(party)s, represented by %(representative)s;") % {"party": text, "representative": missing}
        )

    w.heading(_("Having regard to"), level=1)
    w.bullet(
        _(
            "Organic law no. 113-14 on communes, promulgated by Dahir no. 1-15-85 of 20 Ramadan 1436 "
            "(7 July 2015), in particular:"
        )
    )
    for article in _legal_basis(agreement):
        w.bullet(article, level=1)
    if agreement.decision_number:
        w.bullet(
            _("Decision no. %(number)s of the council of the commune of Aourir, of %(date)s;")
            % {"number": user(agreement.decision_number), "date": _date(agreement.deliberated_on) or missing}
        )
    w.paragraph(_("The parties have agreed as follows:"))

    number = iter(range(1, 100))
    w.article(next(number), _("Object of the agreement"))
    w.paragraph(user(best(agreement, "object", language)) or missing)

    w.article(next(number), _("Projects covered"))
    projects = list(agreement.projects.all())
    for project in projects:
        w.bullet(f"{user(project.code)} · {user(best(project, 'title', language))}")
    if not projects:
        w.paragraph(missing)

    w.article(next(number), _("Resources committed by each party"))
    w.paragraph(
        _("In accordance with article 150 of organic law 113-14, each party commits the following resources:")
    )
    rows = []
    for party in parties:
        rows.append(
            [
                _party_name(party, language),
                format_amount(party.cash_amount, party.currency, language) if party.cash_amount else "—",
                format_amount(party.in_kind_value, party.currency, language) if party.in_kind_value else "—",
                user(party.in_kind_description) or "—",
            ]
        )
    w.table(
        [_("Party"), _("Cash"), _("Value in kind"), _("Resources in kind")],
        rows,
        numeric={1, 2},
        widths=(4.6, 4, 4, 4),
    )

    w.article(next(number), _("Obligations of the parties"))
    obligations = list(agreement.obligations.select_related("party__organisation"))
    if obligations:
        w.table(
            [_("Party"), _("Obligation"), _("Due on")],
            [
                [_party_name(o.party, language) if o.party_id else "—", f"{user(o.title)} ({o.get_kind_display()})", _date(o.due_on)]
                for o in obligations
            ],
            widths=(5, 7.6, 4),
        )  # fmt: skip
    else:
        w.paragraph(_("Each party carries out the actions and provides the resources set out in this agreement, and reports to the other parties on their use."))  # fmt: skip
        w.paragraph(missing)

    w.article(next(number), _("Duration"))
    if agreement.duration_months and agreement.starts_on:
        w.paragraph(
            ngettext(
                "This agreement is concluded for %(months)s month, from %(start)s to %(end)s.",
                "This agreement is concluded for %(months)s months, from %(start)s to %(end)s.",
                agreement.duration_months,
            )
            % {"months": agreement.duration_months, "start": _date(agreement.starts_on), "end": _date(agreement.ends_on)}
        )  # fmt: skip
    elif agreement.duration_months:
        w.paragraph(
            ngettext(
                "This agreement is concluded for %(months)s month from its entry into force.",
                "This agreement is concluded for %(months)s months from its entry into force.",
                agreement.duration_months,
            )
            % {"months": agreement.duration_months}
        )
    else:
        w.paragraph(_("This agreement is concluded for a duration of %(months)s.") % {"months": missing})

    w.article(next(number), _("Renewal"))
    w.paragraph(user(agreement.renewal_terms) or missing)

    w.article(next(number), _("Termination"))
    if agreement.notice_months:
        w.paragraph(
            ngettext(
                "Either party may terminate this agreement by written notice given %(months)s month in advance.",
                "Either party may terminate this agreement by written notice given %(months)s months in advance.",
                agreement.notice_months,
            )
            % {"months": agreement.notice_months}
        )
    else:
        w.paragraph(_("Either party may terminate this agreement by written notice given %(months)s in advance.") % {"months": missing})  # fmt: skip

    w.article(next(number), _("Entry into force"))
    w.paragraph(_("This agreement comes into force on the date of its signature by the parties, after:"))
    w.bullet(_("the deliberation of the council of the commune of Aourir (article 92);"))
    if agreement.needs_visa:
        w.bullet(_("the Governor's visa (article 118);"))
    if agreement.needs_art86:
        w.bullet(_("the approval of the public authorities (article 86)."))

    w.article(next(number), _("Languages"))
    w.paragraph(_("This agreement is drawn up in the following languages: %(languages)s.") % {"languages": user(agreement.languages) or missing})  # fmt: skip

    w.paragraph("")
    w.paragraph(_("Done at Aourir, on %(date)s, in %(copies)s original copies.") % {"date": "……………………", "copies": len(parties) or 2})  # fmt: skip
    signatures = []
    for party in parties:
        if party.organisation_id:
            lines = [_("For %(party)s") % {"party": _party_name(party, language)}, _("Name and function:")]
        else:
            lines = [_("For the Commune of Aourir"), _("The President of the council")]
        signatures.append([*lines, _("Signature:")])
    w.signatures(signatures)


# --- the document ---------------------------------------------------------------------------------


class _Writer:
    """A thin layer over python-docx that writes every paragraph, run and table in one direction."""

    def __init__(self, language: str):
        self.language = language
        self.rtl = language == "ar"
        self.doc = Document()
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.2)
        section.top_margin = section.bottom_margin = Cm(2)
        if self.rtl:
            section._sectPr.insert_element_before(OxmlElement("w:bidi"), *_SECTPR_AFTER_BIDI)
        self._styles()
        self.doc.core_properties.title = _("Draft agreement")
        self.doc.core_properties.language = _LANG_TAGS[language]
        self.doc.core_properties.comments = _("Draft: not the signed text.")

    def _styles(self):
        self._style_ids = {}
        for name in ("Normal", "Title", "Heading 1", "Heading 2", "List Bullet", "List Bullet 2"):
            style = self.doc.styles[name]
            self._style_ids[name] = style.style_id
            rpr = style.element.get_or_add_rPr()
            self._fonts(rpr)
            if name != "Normal":
                style.font.color.rgb = RGBColor(0, 0, 0)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(BODY_PT)
        self._cs_size(normal.element.get_or_add_rPr(), BODY_CS_PT)
        normal.paragraph_format.space_after = Pt(6)

    def _fonts(self, rpr):
        fonts = rpr.get_or_add_rFonts()
        for attribute in list(fonts.attrib):
            del fonts.attrib[attribute]  # the theme fonts (asciiTheme...) would win over ours
        fonts.set(qn("w:ascii"), LATIN_FONT)
        fonts.set(qn("w:hAnsi"), LATIN_FONT)
        fonts.set(qn("w:eastAsia"), LATIN_FONT)
        fonts.set(qn("w:cs"), ARABIC_FONT)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.insert_element_before(lang, *_RPR_AFTER_LANG)
        lang.set(qn("w:val"), _LANG_TAGS["fr" if self.rtl else self.language])
        lang.set(qn("w:bidi"), _LANG_TAGS["ar"])

    @staticmethod
    def _cs_size(rpr, points):
        size = rpr.find(qn("w:szCs"))
        if size is None:
            size = OxmlElement("w:szCs")
            rpr.insert_element_before(size, *_RPR_AFTER_SZCS)
        size.set(qn("w:val"), str(int(points * 2)))

    def _direction(self, paragraph):
        if self.rtl:
            ppr = paragraph._p.get_or_add_pPr()
            if ppr.find(qn("w:bidi")) is None:
                ppr.insert_element_before(OxmlElement("w:bidi"), *_PPR_AFTER_BIDI)
        return paragraph

    def run(self, paragraph, text, *, bold=False, italic=False, size=None, color=None):
        run = paragraph.add_run(text)
        font = run.font
        font.bold = bold or None
        font.italic = italic or None
        if bold:
            font.cs_bold = True
        if italic:
            font.cs_italic = True
        if color is not None:
            font.color.rgb = color
        rpr = run._r.get_or_add_rPr()
        self._fonts(rpr)
        font.size = Pt(size or BODY_PT)
        self._cs_size(rpr, (size or BODY_PT) + (BODY_CS_PT - BODY_PT))
        if self.rtl:
            font.rtl = True
        return run

    def paragraph(self, text, *, style=None, bold=False, italic=False, size=None, center=False,
                  color=None, space_after=None, container=None):  # fmt: skip
        paragraph = (container or self.doc).add_paragraph()
        if style:
            paragraph._p.style = self._style_ids[style]  # by id: python-docx's lookup by name is slow
        self._direction(paragraph)
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if space_after is not None:
            paragraph.paragraph_format.space_after = Pt(space_after)
        if text:
            self.run(paragraph, text, bold=bold, italic=italic, size=size, color=color)
        return paragraph

    def heading(self, text, level):
        style, size = {0: ("Title", 16), 1: ("Heading 1", 13), 2: ("Heading 2", 12)}[level]
        paragraph = self.paragraph(text, style=style, bold=True, size=size, center=level == 0)
        paragraph.paragraph_format.keep_with_next = True
        if level == 0:  # the Title style draws a rule and uses its own spacing: keep it plain
            paragraph.paragraph_format.space_after = Pt(6)
        return paragraph

    def article(self, number, title):
        return self.heading(_("Article %(number)s: %(title)s") % {"number": number, "title": title}, level=2)

    def bullet(self, text, level=0):
        return self.paragraph(text, style="List Bullet 2" if level else "List Bullet")

    def header(self, text):
        header = self.doc.sections[0].header
        paragraph = header.paragraphs[0]
        self._direction(paragraph)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.run(paragraph, text, bold=True, size=9, color=RGBColor(0xB0, 0x00, 0x20))

    def _table(self, rows, columns, style="Table Grid"):
        table = self.doc.add_table(rows=rows, cols=columns)
        table.style = self.doc.styles[style]
        if self.rtl:
            table.table_direction = WD_TABLE_DIRECTION.RTL  # w:bidiVisual: the first column on the right
        return table

    def _cell(self, cell, text, *, bold=False, numeric=False):
        paragraph = cell.paragraphs[0]
        self._direction(paragraph)
        paragraph.paragraph_format.space_after = Pt(0)
        if numeric and not self.rtl:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        lines = text.split("\n")
        for i, line in enumerate(lines):
            if i:
                paragraph = self.paragraph("", container=cell)
                paragraph.paragraph_format.space_after = Pt(0)
            self.run(paragraph, line, bold=bold)

    def table(self, header, rows, *, numeric=frozenset(), widths=None):
        table = self._table(1 + len(rows), len(header))
        for column, text in enumerate(header):
            self._cell(table.rows[0].cells[column], text, bold=True)
        trpr = table.rows[0]._tr.get_or_add_trPr()
        trpr.append(OxmlElement("w:tblHeader"))  # repeated at the top of each page
        for r, row in enumerate(rows, start=1):
            for column, text in enumerate(row):
                self._cell(table.rows[r].cells[column], text, numeric=column in numeric)
        if widths:
            table.autofit = False
            for column, width in zip(table.columns, widths, strict=True):
                column.width = Cm(width)
            for row in table.rows:
                for cell, width in zip(row.cells, widths, strict=True):
                    cell.width = Cm(width)
        self.paragraph("")
        return table

    def signatures(self, blocks):
        columns = 2 if len(blocks) > 1 else 1
        table = self._table((len(blocks) + columns - 1) // columns, columns, style="Normal Table")
        for i, lines in enumerate(blocks):
            cell = table.rows[i // columns].cells[i % columns]
            self._cell(cell, lines[0], bold=True)
            for line in lines[1:]:
                self.paragraph(line, container=cell)
            self.paragraph("", container=cell)

    def save(self) -> bytes:
        out = io.BytesIO()
        self.doc.save(out)
        return out.getvalue()
