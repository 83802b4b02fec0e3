"""What the portal shows of a project's life after its partners' support ends: who maintains what was
built, who pays each yearly cost, the share of those costs with a confirmed payer, the handover date
and the exit strategy.

It reads `sustainability.queries.public_summary` and nothing else of that app (no evidence, risks,
checks, warnings or the president's reason: the summary does not carry them), and words the kinds
in the portal's own catalogue so that they exist in Tamazight too. Two queries whatever the number of
costs; none when the sustainability app is not installed.
"""

from django.apps import apps
from django.utils.translation import pgettext_lazy

from sharaka.portal.chains import plain

# The portal's own words for who maintains and who pays (translated in the portal's catalogue, zgh
# too). A context keeps them apart from the staff pages' longer labels of the same kinds.
MAINTAINERS = {
    "commune_service": pgettext_lazy("maintained by", "The commune's services"),
    "association": pgettext_lazy("maintained by", "An association"),
    "operator": pgettext_lazy("maintained by", "An operator"),
    "cooperative": pgettext_lazy("maintained by", "A cooperative"),
}
PAYERS = {
    "commune_budget": pgettext_lazy("paid by", "The commune's budget"),
    "user_fees": pgettext_lazy("paid by", "The users' fees"),
    "national_programme": pgettext_lazy("paid by", "A national programme (INDH…)"),
    "follow_on_partner": pgettext_lazy("paid by", "Another partner"),
    "nobody": pgettext_lazy("paid by", "Nobody yet"),
}


def summary(project) -> dict | None:
    """The public summary with the portal's labels, or None (no plan, or no sustainability app)."""
    if not apps.is_installed("sharaka.sustainability"):
        return None
    from sharaka.sustainability.queries import public_summary

    found = public_summary(project)
    if found is None:
        return None
    return {
        "maintainer": MAINTAINERS.get(found["maintainer_code"], found["maintainer_kind"]),
        "maintainer_name": found["maintainer_name"],
        "handover_on": found["handover_on"],
        "exit_strategy": found["exit_strategy"],
        "no_recurrent_cost": found["no_recurrent_cost"],
        "coverage": plain(found["coverage"]),
        "coverage_value": found["coverage"],
        "total_per_year": found["total_per_year"],
        "costs": [
            {
                "what": cost["what"],
                "amount_per_year": cost["amount_per_year"],
                "payer": PAYERS.get(cost["payer_code"], cost["payer"]),
                "payer_name": cost["payer_name"],
                "confirmed": cost["confirmed"],
            }
            for cost in found["costs"]
        ],
    }
