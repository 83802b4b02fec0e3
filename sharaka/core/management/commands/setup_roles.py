"""Create one Django group per role with the model permissions its admin pages need, and put each
user in the group of their role. Run by load_demo; safe to run again."""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction

from sharaka.core.models import User
from sharaka.core.roles import Role

# app_label -> actions, per role; the web pages check roles.CAPABILITIES, the admin checks these.
ADMIN_PERMISSIONS = {
    Role.ADMINISTRATOR: {
        "core": "add change view",
        "partners": "add change view",
        "projects": "add change view",
    },
    Role.COOPERATION_OFFICER: {"partners": "add change view", "projects": "add change view"},
    Role.FINANCE_OFFICER: {"partners": "view", "projects": "view"},
    Role.PROJECT_MANAGER: {"partners": "view", "projects": "view"},
    Role.PRESIDENT: {"partners": "view", "projects": "view"},
    Role.COUNCIL_MEMBER: {"projects": "view"},
    Role.PREFECTURE: {},
    Role.AUDITOR: {"core": "view", "partners": "view", "projects": "view"},
    Role.PARTNER_VIEWER: {},
}


def sync_roles() -> None:
    with transaction.atomic():
        for role, apps in ADMIN_PERMISSIONS.items():
            group, _ = Group.objects.get_or_create(name=role.value)
            perms = []
            for app_label, actions in apps.items():
                codenames = actions.split()
                perms += [
                    p
                    for p in Permission.objects.filter(content_type__app_label=app_label)
                    if p.codename.split("_", 1)[0] in codenames
                ]
            group.permissions.set(perms)
        groups = {g.name: g for g in Group.objects.filter(name__in=[r.value for r in Role])}
        for user in User.objects.all():
            role_groups = [g for name, g in groups.items() if name != user.role]
            user.groups.remove(*role_groups)
            user.groups.add(groups[user.role])


class Command(BaseCommand):
    help = "Create the role groups and their permissions; put each user in their role's group."

    def handle(self, *args, **options):
        sync_roles()
        self.stdout.write("roles synchronised")
