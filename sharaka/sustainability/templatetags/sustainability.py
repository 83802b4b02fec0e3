"""{% project_sustainability project as sust %}: the compact section of the project's page
(included from projects/detail.html), in three queries without a plan (plan, open warnings, top risks), five with one (its coverage and
the threshold); a partner viewer only the plan, its coverage and the threshold."""

from django import template

from sharaka.sustainability import access, queries, warnings
from sharaka.sustainability.models import Plan, SustainabilitySettings

register = template.Library()
TOP = 3


@register.simple_tag(takes_context=True)
def project_sustainability(context, project):
    user = context["request"].user
    internal = access.sees_internal(user)
    plan = Plan.objects.filter(project=project).first()
    if plan is None and not internal:
        return None  # a partner reads the plan once there is one
    found = {"plan": plan, "internal": internal}
    if plan is not None:
        queries.annotate_plans([plan])
        found["threshold"] = SustainabilitySettings.current().coverage_threshold
    if internal:
        found["warnings"] = list(
            warnings.open_warnings().filter(project=project).order_by("rule", "since")[:5]
        )
        found["risks"] = list(project.risks.filter(status="open").order_by("-score", "review_on")[:TOP])
    return found
