"""System checks of the operations app (`manage.py check`, and every `runserver` start)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.staticfiles)
def front_end_assets(app_configs, **kwargs):
    """sharaka.W001: an npm package of the pages is missing (development; production refuses to start).

    Without htmx the pages lose their partial updates, without Leaflet the portal has no map: say so
    at each start instead of serving pages that silently fall back.
    """
    missing = getattr(settings, "MISSING_FRONT_END_ASSETS", [])
    if not missing:
        return []
    folders = ", ".join(str(settings.FRONT_END_ASSETS[name]) for name in missing)
    return [
        checks.Warning(
            f"front-end assets missing: {', '.join(missing)} (no folder at {folders})",
            hint="run `npm ci` in the Sharaka folder (make install does it); in production Sharaka "
            "refuses to start without them",
            id="sharaka.W001",
        )
    ]
