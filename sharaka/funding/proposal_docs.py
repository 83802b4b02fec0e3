"""The proposal as documents: a concept note (short) and a full proposal, in the application's language,
as DOCX and PDF.

- Concept note: summary, problem, objectives, a results overview (one line per result and its
  indicators), the budget total and the co-financing plan, the partners.
- Full proposal: every section of the family (`proposals.FAMILIES`), the saved text or the draft; with
  the EU-style logframe matrix (intervention logic, indicators, baseline, target, sources of
  verification, assumptions) and budget table, or the UN-style results framework, or the short form.

The DOCX is written by the agreements' writer (`agreements.drafts._Writer`, right to left in the XML
for Arabic) with the narrative report's rule that dates, codes and numbers inside Arabic lines get runs
of their own (`_DocWriter.run`); the PDF by WeasyPrint from `funding/proposals/document_pdf.html` with
the project's Noto fonts, `dir="rtl"` for Arabic and amounts and codes isolated in `<bdi>`.
"""

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from sharaka.funding import proposals

DOCUMENTS = ("concept_note", "full")
FORMATS = ("docx", "pdf")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# A stretch of left-to-right text inside an Arabic line, kept in its order: a bracketed group with no
# Arabic letter ("(100.000,00 USD)", "(2026-01-01 – 2027-12-31)"), or a run of Latin letters and
# digits with the separators of numbers, dates and words. Unlike the narrative report's pattern, no
# colon: "2026-12-31: 350" is a date and a value, read right to left around the colon.
LTR_PIECES = re.compile(
    r"(\([0-9A-Za-zÀ-ÿ](?:[^()\u0600-\u06ff]|\([^()\u0600-\u06ff]*\))*\)|[0-9A-Za-zÀ-ÿ](?:[0-9A-Za-zÀ-ÿ\-./,'’–\u00a0\u202f ]*[0-9A-Za-zÀ-ÿ])?)"
)


@dataclass
class Table:
    header: list
    rows: list
    numeric: set = field(default_factory=set)
    widths: tuple | None = None
    caption: str = ""


@dataclass
class Block:
    key: str
    title: str
    paragraphs: list  # of (kind, text): kind "p" or "li"
    tables: list = field(default_factory=list)


@dataclass
class Document:
    kind: str
    title: str
    proposal: object
    blocks: list
    generated: object = None

    @property
    def language(self):
        return self.proposal.language

    @property
    def rtl(self):
        return self.proposal.rtl


def _paragraphs(text: str) -> list:
    out = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("•", "- ", "* ")):
            out.append(("li", stripped.lstrip("•-* ").strip()))
        else:
            out.append(("p", stripped))
    return out


def _logframe(d) -> Table:
    sources = _("Monitoring reports and approved updates (Sharaka), with their evidence")
    assumptions = "\n".join(r[0] for r in d.risks[:2]) or "—"
    rows = []
    for i, result in enumerate(d.results):
        rows.append(
            [
                _("%(level)s: %(title)s") % {"level": result.level, "title": result.title},
                "\n".join(ind.title + (f" ({ind.unit})" if ind.unit else "") for ind in result.indicators)
                or "—",
                "\n".join(ind.baseline or "—" for ind in result.indicators) or "—",
                "\n".join(
                    "; ".join(f"{end}: {t}" for end, t in ind.targets) or "—" for ind in result.indicators
                )
                or "—",
                sources if result.indicators else "—",
                assumptions if i == 0 else "—",
            ]
        )
    return Table(
        header=[
            _("Intervention logic"),
            _("Indicators"),
            _("Baseline"),
            _("Target"),
            _("Sources of verification"),
            _("Assumptions"),
        ],
        rows=rows,
        widths=(3.1, 3.1, 2.4, 2.4, 3, 2.6),
        caption=_("Logframe matrix"),
    )


def _framework(d) -> Table:
    rows = []
    for result in d.results:
        if not result.indicators:
            rows.append(
                [
                    _("%(level)s: %(title)s") % {"level": result.level, "title": result.title},
                    "—",
                    "—",
                    "—",
                    "—",
                ]
            )
        for ind in result.indicators:
            rows.append(
                [
                    _("%(level)s: %(title)s") % {"level": result.level, "title": result.title},
                    ind.title + (f" ({ind.unit})" if ind.unit else ""),
                    ind.baseline or "—",
                    "\n".join(f"{end}: {t}" for end, t in ind.targets) or "—",
                    _("Approved updates and their evidence"),
                ]
            )
    return Table(
        header=[
            _("Result"),
            _("Indicator"),
            _("Baseline"),
            _("Targets per period"),
            _("Means of verification"),
        ],
        rows=rows,
        widths=(4.2, 4, 2.4, 3, 3),
        caption=_("Results framework"),
    )


def _budget_table(d) -> Table:
    other = d.currency != "MAD"
    header = [_("Budget line"), _("Description"), _("Amount (MAD)")]
    if other:
        header.append(_("Amount (%(currency)s)") % {"currency": d.currency})
    rows = []
    for row in d.budget:
        rows.append([row.category, row.description or "—", row.mad, *([row.other or "—"] if other else [])])
    rows.append([_("Total"), "", d.budget_total, *([d.budget_total_other or "—"] if other else [])])
    caption = _("Budget by line")
    if other and d.rate is not None:
        caption += " · " + _("rate of %(date)s: 1 %(currency)s = %(rate)s MAD") % {
            "date": d.rate.date.isoformat(),
            "currency": d.currency,
            "rate": proposals.format_number(d.rate.rate, d.language, 4),
        }
    return Table(
        header=header,
        rows=rows,
        numeric={2, 3} if other else {2},
        widths=(3.6, 5.4, 4, 3.6) if other else (4, 7, 5.6),
        caption=caption,
    )


def _funders_table(d) -> Table:
    return Table(
        header=[_("Funder"), _("Kind"), _("Cash (MAD)"), _("In kind (MAD)"), _("Share")],
        rows=[[f.name, f.kind, f.cash, f.in_kind, f.share] for f in d.funders],
        numeric={2, 3, 4},
        widths=(4.2, 3.4, 3.3, 3.3, 2.4),
        caption=_("Co-financing plan"),
    )


def _risks_table(d) -> Table:
    return Table(
        header=[_("Risk"), _("Category"), _("Score"), _("Mitigation")],
        rows=[[desc, cat, f"{score}/25", mit or "—"] for desc, cat, score, mit in d.risks],
        numeric={2},
        widths=(6, 2.8, 1.8, 6),
        caption=_("Risk register"),
    )


def _overview(d) -> list:
    out = []
    for result in d.results:
        out.append(("li", _("%(level)s: %(title)s") % {"level": result.level, "title": result.title}))
        for ind in result.indicators:
            target = ind.targets[-1][1] if ind.targets else "—"
            title = f"{ind.title} ({ind.unit})" if ind.unit else ind.title
            out.append(
                (
                    "p",
                    _("%(indicator)s: from %(baseline)s to %(target)s")
                    % {"indicator": title, "baseline": ind.baseline or "—", "target": target},
                )
            )
    return out


def build(application, kind: str) -> Document:
    if kind not in DOCUMENTS:
        raise ValueError(kind)
    proposal = proposals.build(application)
    with translation.override(proposal.language):
        return _build(proposal, kind)


def _build(proposal, kind) -> Document:
    d = proposal.data
    blocks = []
    if kind == "concept_note":
        for key in proposals.CONCEPT_NOTE:
            section = proposal.section(key)
            title = str(proposals.SECTIONS[key])
            if key == "results":
                blocks.append(Block(key, _("Expected results (overview)"), _overview(d)))
            elif key == "budget":
                paragraphs = (
                    [("p", _("The total cost of the project is %(total)s.") % {"total": proposals._total(d)})]
                    if d.budget
                    else []
                )
                blocks.append(Block(key, title, paragraphs, [_funders_table(d)] if d.funders else []))
            else:
                text = section.text if section is not None else proposals.draft(key, d)
                blocks.append(Block(key, title, _paragraphs(text)))
        title = _("Concept note")
    else:
        for section in proposal.sections:
            block = Block(section.key, section.title, _paragraphs(section.text))
            if section.key == "results" and d.results:
                block.tables.append(_framework(d) if proposal.family == "un" else _logframe(d))
            if section.key == "budget":
                if d.budget:
                    block.tables.append(_budget_table(d))
                if d.funders:
                    block.tables.append(_funders_table(d))
            if section.key == "risks" and d.risks:
                block.tables.append(_risks_table(d))
            blocks.append(block)
        title = _("Full proposal")
    return Document(kind=kind, title=title, proposal=proposal, blocks=blocks, generated=timezone.localdate())


def filename(application, kind: str, ext: str) -> str:
    """ASCII only: 'aou-2026-014-concept-note-fr.pdf'."""
    code = re.sub(r"[^a-z0-9]+", "-", application.project.code.lower()).strip("-")[:40] or str(application.pk)
    name = "concept-note" if kind == "concept_note" else "proposal"
    return f"{code}-{name}-{application.language}.{ext}"


def _call_title(doc: Document) -> str:
    from sharaka.core.multilingual import best

    call = doc.proposal.application.call
    return best(call, "title", doc.language) or call.reference


def _html(text: str, rtl: bool):
    """User text for the PDF, escaped; in Arabic each left-to-right stretch (a date, a range of dates,
    a code, an amount, Latin words) isolated in <bdi dir="ltr">, so that '2026-01-01 – 2026-12-31'
    keeps its order inside a right-to-left line."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    from sharaka.results.narrative import _has_rtl

    text = str(text or "")
    if not rtl:
        return escape(text)
    if not _has_rtl(text):  # a line wholly left to right (French in an Arabic proposal): one isolate
        return mark_safe(f'<bdi dir="ltr">{escape(text)}</bdi>')  # noqa: S308 (escaped)
    out = []
    for piece in LTR_PIECES.split(text):
        if piece and not _has_rtl(piece) and LTR_PIECES.fullmatch(piece):
            out.append(f'<bdi dir="ltr">{escape(piece)}</bdi>')
        else:
            out.append(escape(piece))
    return mark_safe("".join(out))  # noqa: S308 (every piece escaped above)


def as_html(text: str, rtl: bool):
    """A section's text for a web page: lines joined by <br>, left-to-right pieces isolated in Arabic."""
    from django.utils.safestring import mark_safe

    return mark_safe("<br>".join(str(_html(line, rtl)) for line in (text or "").split("\n")))  # noqa: S308


def _latin(text: str) -> bool:
    """A line in a left-to-right language (words, not only digits) and no Arabic letter."""
    from sharaka.results.narrative import _has_rtl

    return any(ch.isalpha() for ch in text) and not _has_rtl(text)


def _pdf_blocks(doc: Document) -> list[dict]:

    rtl = doc.rtl
    return [
        {
            "key": block.key,
            "title": block.title,
            "paragraphs": [
                (kind, _html(text, rtl), "ltr" if rtl and _latin(text) else "auto")
                for kind, text in block.paragraphs
            ],
            "tables": [
                {
                    "caption": _html(table.caption, rtl),
                    "header": table.header,
                    "numeric": table.numeric,
                    "small": len(table.header) > 4,
                    "rows": [
                        [
                            (_html(cell, rtl and i not in table.numeric), i in table.numeric)
                            for i, cell in enumerate(row)
                        ]
                        for row in table.rows
                    ],
                    "total": block.key == "budget" and t == 0,
                }
                for t, table in enumerate(block.tables)
            ],
        }
        for block in doc.blocks
    ]


def _generated(doc: Document) -> str:
    return _(
        "Generated by Sharaka on %(date)s from the project's data and the sections written by the unit."
    ) % {"date": f"{doc.generated:%Y-%m-%d}"}


def to_pdf(doc: Document) -> bytes:
    from weasyprint import HTML

    with translation.override(doc.language):
        html = render_to_string(
            "funding/proposals/document_pdf.html",
            {
                "doc": doc,
                "d": doc.proposal.data,
                "blocks": _pdf_blocks(doc),
                "submitted_to": _html(
                    _("Submitted to %(funder)s · %(call)s")
                    % {"funder": _funder(doc), "call": _call_title(doc)},
                    doc.rtl,
                ),
                "generated": _html(_generated(doc), doc.rtl),
            },
        )
    return HTML(string=html).write_pdf()


def _funder(doc: Document) -> str:
    from sharaka.core.multilingual import best

    org = doc.proposal.application.call.funder
    return best(org, "name", doc.language) or org.acronym


def to_docx(doc: Document) -> bytes:
    from docx.shared import RGBColor

    from sharaka.agreements.drafts import _Writer, user
    from sharaka.results.narrative import _has_rtl

    class _DocWriter(_Writer):
        """As the narrative report's writer: in Arabic, left-to-right stretches (dates, codes, amounts,
        Latin words) get runs of their own held by LRE…PDF, not marked right to left."""

        def run(self, paragraph, text, **kwargs):
            if not self.rtl:
                return super().run(paragraph, text, **kwargs)
            if not _has_rtl(text):  # wholly left to right (French in an Arabic proposal): one run
                run = super().run(paragraph, "\u202a" + text.strip("\u200e\u200f") + "\u202c", **kwargs)
                run.font.rtl = None
                return run
            run, after_ltr = None, False
            for piece in LTR_PIECES.split(text):
                if piece and not LTR_PIECES.fullmatch(piece):
                    # right to left again after a left-to-right piece: a mark first, so that a closing
                    # full stop or bracket stays on this side (LibreOffice ends the embedding late).
                    run = super().run(paragraph, ("\u200f" if after_ltr else "") + piece, **kwargs)
                    after_ltr = False
                elif piece:
                    run = super().run(paragraph, "\u202a" + piece + "\u202c", **kwargs)
                    run.font.rtl = None
                    after_ltr = True
            return run if run is not None else super().run(paragraph, text, **kwargs)

    d = doc.proposal.data
    with translation.override(doc.language):
        w = _DocWriter(doc.language)
        w.doc.core_properties.title = doc.title
        w.doc.core_properties.comments = ""
        for line in (_("Kingdom of Morocco"), _("Prefecture of Agadir Ida-Outanane"), _("Commune of Aourir")):
            w.paragraph(line, bold=True, space_after=0)
        w.paragraph("")
        w.heading(doc.title, level=0)
        w.paragraph(user(f"{d.code} · {d.title}"), center=True, bold=True)
        w.paragraph(
            user(
                _("Submitted to %(funder)s · %(call)s") % {"funder": _funder(doc), "call": _call_title(doc)}
            ),
            center=True,
        )
        facts = [
            (_("Applicant"), _("Commune of Aourir")),
            (_("Project"), f"{d.code} · {d.title}"),
            (
                _("Duration"),
                (_("%(months)s months") % {"months": d.months} + f" ({d.dates})") if d.months else "—",
            ),
            (_("Total cost"), proposals._total(d) if d.budget else "—"),
        ]
        w.table([_("Item"), _("Details")], [(k, user(v)) for k, v in facts], widths=(4.5, 12))
        for number, block in enumerate(doc.blocks, start=1):
            w.heading(f"{number}. {block.title}", level=1)
            if not block.paragraphs and not block.tables:
                w.paragraph(_("[to be completed]"), italic=True)
            for kind, text in block.paragraphs:
                if kind == "li":
                    w.bullet(user(text))
                else:
                    w.paragraph(user(text))
            for table in block.tables:
                if table.caption:
                    w.paragraph(table.caption, bold=True, size=10, space_after=2)
                w.table(
                    table.header,
                    [[user(c) for c in row] for row in table.rows],
                    numeric=table.numeric,
                    widths=table.widths,
                )
        w.paragraph(
            _(
                "Generated by Sharaka on %(date)s from the project's data and the sections written by the unit."
            )
            % {"date": f"{doc.generated:%Y-%m-%d}"},
            italic=True,
            size=9,
            color=RGBColor(0x55, 0x55, 0x55),
        )
        return w.save()
