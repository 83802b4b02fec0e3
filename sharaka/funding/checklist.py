"""What is still missing before a proposal is exported and sent, each item with the page that fixes it.

For the application's current stage (its call's next stage, whose `word_limits` say how many words
each section may have):
- a section missing (nothing saved and nothing the data can draft) or too long (words counted by
  `proposals.count_words`, Arabic included);
- project data missing: no summary in the proposal's language, no localities, no dates, no results
  chain or indicators without targets, no budget lines, no co-financing plan, no sustainability plan,
  no open risk when the family has a risks section, no partner when it has a partners section;
- attachments the call requires (`RequiredAttachment`) not among the project's documents: a document
  counts when its title holds one of the words of `ATTACHMENT_WORDS` (in ar, fr or en), or, for the
  kinds that have one, when its type is the matching `Document.Kind` (`ATTACHMENT_DOCUMENT_KINDS`);
- the proposal's language not among the call's languages.
"""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sharaka.core.multilingual import LANGUAGE_NAMES
from sharaka.funding.models import RequiredAttachment
from sharaka.funding.proposals import join_list
from sharaka.funding.sections import SECTIONS
from sharaka.lib.text import isolate

K = RequiredAttachment.Kind
# A project's document counts as the attachment when its title holds one of these (case-insensitive).
ATTACHMENT_WORDS = {
    K.DELIBERATION: ("délibération", "deliberation", "mdawala", "مداولة", "مقرر", "council decision", "décision du conseil"),
    K.LETTER_OF_INTENT: ("lettre d'intention", "lettre d’intention", "letter of intent", "intention", "رسالة نوايا", "رسالة النوايا", "التزام"),
    K.BUDGET: ("budget", "ميزانية", "الميزانية"),
    K.LOGFRAME: ("cadre logique", "logframe", "logical framework", "الإطار المنطقي"),
    K.PARTNERSHIP: ("partenariat", "partnership", "شراكة"),
    K.LEGAL: ("statut", "juridique", "legal", "قانون", "النظام الأساسي"),
}  # fmt: skip
# ... or when its type is this one (projects.Document.Kind).
ATTACHMENT_DOCUMENT_KINDS = {K.PARTNERSHIP: "agreement"}


@dataclass
class Item:
    kind: str  # section_missing, section_too_long, data_missing, attachment_missing, language
    message: str
    url: str
    fix: str  # the link's text


def _url(name, *args, anchor="") -> str:
    try:
        return reverse(name, args=args) + (f"#{anchor}" if anchor else "")
    except NoReverseMatch:  # a page of another part not merged yet
        return ""


def attachment_found(attachment: RequiredAttachment, documents) -> bool:
    words = ATTACHMENT_WORDS.get(attachment.kind, ())
    if attachment.kind == K.OTHER and attachment.label:
        words = (attachment.label,)
    for document in documents:
        title = document.title.casefold()
        if any(word.casefold() in title for word in words):
            return True
        if ATTACHMENT_DOCUMENT_KINDS.get(attachment.kind) == document.kind:
            return True
    return False


def check(proposal) -> list[Item]:
    """The items still to do for `proposal` (proposals.build), in the reader's language."""
    application, d = proposal.application, proposal.data
    project_pk = application.project_id
    page = reverse("funding_proposal", args=[application.pk])
    items: list[Item] = []
    write = _("Write it")
    for section in proposal.sections:
        if not section.text.strip():
            items.append(
                Item(
                    "section_missing",
                    _("The section “%(section)s” is empty and the project's data cannot draft it.")
                    % {"section": str(SECTIONS[section.key])},
                    f"{page}#{section.anchor}",
                    write,
                )
            )
        elif section.too_long:
            items.append(
                Item(
                    "section_too_long",
                    _(
                        "The section “%(section)s” has %(words)s words; the call allows %(limit)s at this stage."
                    )
                    % {"section": str(SECTIONS[section.key]), "words": section.words, "limit": section.limit},
                    f"{page}#{section.anchor}",
                    _("Shorten it"),
                )
            )
    keys = {s.key for s in proposal.sections}
    project_edit = _url("project_edit", project_pk)
    missing = []
    if not d.summary:
        missing.append(
            (_("The project has no summary in the proposal's language."), project_edit, _("Edit the project"))
        )
    if not d.localities:
        missing.append((_("The project names no locality."), project_edit, _("Edit the project")))
    if not (d.start and d.end):
        missing.append((_("The project has no planned start and end."), project_edit, _("Edit the project")))
    if not d.results:
        missing.append(
            (
                _("The project has no results chain."),
                _url("results_project", project_pk),
                _("Open the results"),
            )
        )
    elif not any(ind.targets for r in d.results for ind in r.indicators):
        missing.append(
            (
                _("No indicator of the results chain has a target."),
                _url("results_project", project_pk),
                _("Open the results"),
            )
        )
    if not d.budget:
        missing.append(
            (
                _("The project has no budget lines."),
                _url("finance_budget_line_add", project_pk),
                _("Add a budget line"),
            )
        )
    if not d.funders:
        missing.append(
            (
                _("The project has no co-financing plan."),
                _url("finance_funder_add", project_pk),
                _("Add a funder"),
            )
        )
    if d.budget and d.currency != "MAD" and d.rate is None:
        missing.append(
            (
                _(
                    "There is no exchange rate for %(currency)s: the budget cannot be shown in the call's currency."
                )
                % {"currency": isolate(d.currency)},
                _url("finance_rates"),
                _("Enter a rate"),
            )
        )
    if "sustainability" in keys and d.plan is None:
        missing.append(
            (
                _("The project has no sustainability plan."),
                _url("sustainability_plan_edit", project_pk),
                _("Write the plan"),
            )
        )
    if "risks" in keys and not d.risks:
        missing.append(
            (
                _("The project's risk register is empty."),
                _url("sustainability_risk_add", project_pk),
                _("Add a risk"),
            )
        )
    if "partners" in keys and not d.partners:
        missing.append(
            (_("The project has no partner."), _url("project_partner_add", project_pk), _("Add a partner"))
        )
    items += [Item("data_missing", message, url, fix) for message, url, fix in missing]

    documents = list(application.project.documents.only("title", "kind"))
    upload = _url("project_document_upload", project_pk)
    for attachment in application.call.attachments.all():
        if not attachment_found(attachment, documents):
            items.append(
                Item(
                    "attachment_missing",
                    _("The call asks for: %(attachment)s. No document of the project is one yet.")
                    % {"attachment": isolate(str(attachment))},
                    upload,
                    _("Upload it"),
                )
            )
    accepted = application.call.language_list
    if application.language not in accepted:
        items.append(
            Item(
                "language",
                _("The call accepts proposals %(accepted)s, not %(language)s.")
                % {
                    "accepted": join_list([str(LANGUAGE_NAMES[c]) for c in accepted]) or "—",
                    "language": str(LANGUAGE_NAMES[application.language]),
                },
                _url("funding_application_edit", application.pk)
                or _url("funding_application", application.pk),
                _("Change the language"),
            )
        )
    return items
