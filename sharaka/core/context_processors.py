from sharaka.core.roles import can, is_internal, needs_second_factor


def sharaka(request):
    user = getattr(request, "user", None)
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
            "admin": bool(user and user.is_authenticated and user.is_staff),
            "second_factor": needs_second_factor(user),
        }
    }
