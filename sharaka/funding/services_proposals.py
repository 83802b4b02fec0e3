"""Every change to a proposal's sections goes through these functions: who may, validate, write, audit.

- `section_save`: the unit, or the project's manager for their own projects (`access.may_write_proposal`),
  writes one section; the optimistic `version` (0 for a section never saved) refuses a stale form.
- `section_reuse`: copy the text of a section of an AWARDED application offered as a starting point
  (`proposals.reuse_offers`: same funder or shared area, same key) into this application's section.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sharaka.core import audit
from sharaka.core.services import check_version
from sharaka.funding import access, proposals
from sharaka.funding.models import Application, ProposalSection

MAX_SECTION_CHARS = 60_000


def _require_writer(actor, application: Application) -> None:
    if not access.may_write_proposal(actor, application):
        raise PermissionDenied(
            _("Only the cooperation unit and the project's manager may write this proposal.")
        )
    if application.project.archived_at is not None:
        raise ValidationError(_("This project is archived: it can no longer be changed."), code="archived")


def _check_key(application: Application, key: str) -> None:
    if key not in proposals.sections_of(application):
        raise ValidationError({"key": _("This proposal has no such section.")}, code="unknown_section")


def _write(actor, application, key, text, *, reused_from=None, expected_version=None, action):
    application = (
        Application.objects.select_for_update(of=("self",))
        .select_related("project", "call")
        .get(pk=application.pk)
    )
    _require_writer(actor, application)
    _check_key(application, key)
    text = (text or "").replace("\r\n", "\n").strip()
    if len(text) > MAX_SECTION_CHARS:
        raise ValidationError(
            {"text": _("A section holds at most %(count)s characters.") % {"count": f"{MAX_SECTION_CHARS}"}},
            code="too_long",
        )
    section = ProposalSection.objects.select_for_update().filter(application=application, key=key).first()
    if expected_version is not None:  # a section never saved is at version 0
        check_version(section or ProposalSection(version=0), expected_version)
    creating = section is None
    before = {} if creating else {"text": section.text, "reused_from": section.reused_from_id}
    if creating:
        section = ProposalSection(application=application, key=key)
    else:
        section.version += 1
    section.text = text
    section.reused_from = (
        reused_from if reused_from is not None else (None if creating else section.reused_from)
    )
    section.updated_by = actor
    section.full_clean()
    section.save()
    audit.record(
        actor=actor,
        action=action,
        obj=section,
        before=before,
        after={"key": key, "text": text, "reused_from": section.reused_from_id},
    )
    return section


@transaction.atomic
def section_save(
    *, actor, application: Application, key: str, text: str, expected_version: int, reused_from=None
):
    """Save one section (`expected_version`: the section's version the form was opened on, 0 if new)."""
    return _write(
        actor,
        application,
        key,
        text,
        reused_from=reused_from,
        expected_version=expected_version,
        action="funding_proposal_section.save",
    )


@transaction.atomic
def section_reuse(*, actor, application: Application, key: str, source_section: ProposalSection):
    """Start the section from an awarded application's section offered for it (same key)."""
    _require_writer(actor, application)
    if source_section.key != key or not proposals.may_reuse(application, source_section):
        raise ValidationError(
            {
                "source": _(
                    "Only a section of an awarded application to the same funder or in the same area, for the same section, can be reused."
                )
            },
            code="not_offered",
        )
    return _write(
        actor,
        application,
        key,
        source_section.text,
        reused_from=source_section,
        expected_version=None,
        action="funding_proposal_section.reuse",
    )
