from django.conf import settings

from sharaka.core.roles import can, is_internal, needs_second_factor


def awaiting_second_factor(user) -> bool:
    return bool(
        settings.SECOND_FACTOR_REQUIRED
        and needs_second_factor(user)
        and not getattr(user, "is_verified", lambda: False)()
    )


def sharaka(request):
    user = getattr(request, "user", None)
    if awaiting_second_factor(user):  # no page opens before the code: the menu offers none
        return {"nav": {"awaiting_code": True, "second_factor": True}}
    return {
        "nav": {
            "internal": is_internal(user),
            "dashboard": can(user, "dashboard.view"),
            "partners": can(user, "partners.view"),
            "projects": can(user, "projects.view"),
            "search": can(user, "search.use"),
            "agreements": can(user, "agreements.view") or can(user, "agreements.prefecture"),
            "finance": can(user, "finance.view"),
            "publishing": can(user, "portal.publish"),
            "sustainability": can(user, "sustainability.view"),
            "funding": can(user, "funding.view"),
            "capacity": can(user, "capacity.view"),
            "promotion": can(user, "promotion.view"),
            "operations": can(user, "operations.view"),
            "admin": bool(user and user.is_authenticated and user.is_staff),
            "second_factor": needs_second_factor(user),
        }
    }
