"""The proposal builder's pages: the sections with their drafts and word counts, the checklist, reuse
offers and lessons; saving a section, reusing one, downloading the concept note or the full proposal.

Reading: the commune's staff (funding.view; partners and the prefecture get 404). Writing: the unit,
or the project's manager for their own projects (`access.may_write_proposal`; 403 otherwise).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from sharaka.core.forms import apply_errors
from sharaka.funding import access, checklist, proposal_docs, proposals, services_proposals
from sharaka.funding.forms_proposals import DownloadForm, ReuseForm, SectionForm
from sharaka.funding.models import ProposalSection


def _page(request, application, *, bound=None, status=200):
    proposal = proposals.build(application, offers=True)
    forms = {}
    for section in proposal.sections:
        if bound is not None and bound[0] == section.key:
            forms[section.key] = bound[1]
        else:
            forms[section.key] = SectionForm(
                initial={"text": section.text, "version": section.version}, prefix=section.key
            )
    for section in proposal.sections:
        section.form = forms[section.key]
        section.html = proposal_docs.as_html(section.text, proposal.rtl)
    context = {
        "application": application,
        "project": application.project,
        "call": application.call,
        "proposal": proposal,
        "items": checklist.check(proposal),
        "lessons": proposals.lessons(application),
        "may_write": access.may_write_proposal(request.user, application),
        "download_form": DownloadForm(initial={"document": "concept_note", "format": "pdf"}),
    }
    return render(request, "funding/proposals/proposal.html", context, status=status)


@require_GET
def proposal(request, pk):
    application = access.get_application_for(request.user, pk)
    return _page(request, application)


@require_POST
def proposal_section(request, pk, key):
    application = access.get_application_for(request.user, pk, proposal=True)
    if key not in proposals.sections_of(application):
        raise Http404
    form = SectionForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            services_proposals.section_save(
                actor=request.user,
                application=application,
                key=key,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The section was saved."))
            return redirect(reverse("funding_proposal", args=[application.pk]) + f"#section-{key}")
    return _page(request, application, bound=(key, form))


@require_POST
def proposal_reuse(request, pk):
    application = access.get_application_for(request.user, pk, proposal=True)
    form = ReuseForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a section to reuse."))
    source = get_object_or_404(
        ProposalSection.objects.select_related("application"), pk=form.cleaned_data["source"]
    )
    try:
        services_proposals.section_reuse(
            actor=request.user, application=application, key=source.key, source_section=source
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("funding_proposal", pk=application.pk)
    messages.success(request, _("The section now starts from the awarded proposal's text: adapt it."))
    return redirect(reverse("funding_proposal", args=[application.pk]) + f"#section-{source.key}")


@require_GET
def proposal_download(request, pk):
    application = access.get_application_for(request.user, pk)
    form = DownloadForm(request.GET or {"document": "concept_note", "format": "docx"})
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose a document and a format."))
    kind, fmt = form.cleaned_data["document"], form.cleaned_data["format"]
    doc = proposal_docs.build(application, kind)
    if fmt == "pdf":
        content, content_type = proposal_docs.to_pdf(doc), "application/pdf"
    else:
        content, content_type = proposal_docs.to_docx(doc), proposal_docs.DOCX_TYPE
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{proposal_docs.filename(application, kind, fmt)}"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
