"""Demo proposals: every demo application (of a demo project) in drafting or awarded that has no
section yet gets the sections of its call's family, drafted from the project's data in the proposal's
language and saved through `funding.services_proposals.section_save` (audited, as if typed in).

Idempotent: an application that has any section is left alone. The applications themselves come from
the funding applications part (ORDER 55); without them this part does nothing.
"""

from sharaka.funding import proposals, services_proposals
from sharaka.funding.models import Application

ORDER = 57


def load(loader) -> None:
    officer = loader.users["officer"]
    applications = (
        Application.objects.filter(
            project__is_fictional=True, status__in=["drafting", "awarded"], sections__isnull=True
        )
        .select_related("project", "call")
        .order_by("id")
    )
    for application in applications:
        proposal = proposals.build(application)
        for section in proposal.sections:
            if not section.draft:
                continue
            services_proposals.section_save(
                actor=officer,
                application=application,
                key=section.key,
                text=section.draft,
                expected_version=0,
            )
            loader.created["proposal sections"] += 1
