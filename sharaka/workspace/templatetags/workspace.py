from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# What the audit ledger's action codes mean, for the "recent changes" of the dashboard.
ACTION_LABELS = {
    "organisation.create": _("created the partner"),
    "organisation.update": _("changed the partner"),
    "organisation.delete": _("deleted the partner"),
    "contact.create": _("added a contact"),
    "contact.update": _("changed a contact"),
    "contact.delete": _("removed a contact"),
    "interaction.create": _("logged an interaction"),
    "follow_up.complete": _("completed a follow-up"),
    "negotiation_round.create": _("recorded a negotiation round"),
    "partner_access.grant": _("gave a partner access"),
    "partner_access.revoke": _("withdrew a partner's access"),
    "project.create": _("created the project"),
    "project.update": _("changed the project"),
    "project.advance": _("moved the project along its pipeline"),
    "project.archive": _("archived the project"),
    "project.admin_change": _("changed the project in the administration"),
    "project.admin_delete": _("deleted the project in the administration"),
    "project_partner.add": _("added a partner to the project"),
    "project_partner.remove": _("removed a partner from the project"),
    "document.upload": _("uploaded a document"),
    "locality.create": _("added a locality"),
    "user.create": _("created a user"),
}


@register.filter
def action_label(code):
    return ACTION_LABELS.get(code, code)
