"""{% project_funding project as found %}: the funding section of the project's page (included from
projects/detail.html) for the commune's staff who read funding: the PAC flag, the three best calls
and the project's applications, in a number of queries that does not depend on the calls."""

from django import template

from sharaka.funding import access, matching
from sharaka.funding.models import Application

register = template.Library()
TOP = 3


@register.simple_tag(takes_context=True)
def project_funding(context, project):
    if not access.sees(context["request"].user):
        return None
    index = matching.calls_index(project)
    top = [pk for pk, _total in index.ranked[:TOP]]
    return {
        "outside_pac": not (project.pac_reference or "").strip(),
        "top": matching.calls_shown(project, index, top, []).matches,
        "applications": list(
            Application.objects.filter(project=project).select_related("call__funder").order_by("-updated_at")
        ),
    }
