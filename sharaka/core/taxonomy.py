"""The seed's five objectives and five cooperation areas, and the UN Sustainable Development Goals."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Objective(models.TextChoices):
    LOCAL_DEVELOPMENT = "local_development", _("Strengthen local development")
    INFRASTRUCTURE = "infrastructure", _("Support infrastructure")
    CAPACITIES = "capacities", _("Strengthen local capacities")
    SUSTAINABILITY = "sustainability", _("Encourage sustainable development")
    PROMOTION = "promotion", _("Cultural and tourism promotion")


class Area(models.TextChoices):
    WATER_ENERGY = "water_energy", _("Water and energy management")
    ENVIRONMENT = "environment", _("Environmental protection")
    SOCIAL = "social", _("Social development")
    URBAN = "urban", _("Urban development")
    CULTURE = "culture", _("Cultural promotion")


class SDG(models.TextChoices):
    G1 = "1", _("1. No poverty")
    G2 = "2", _("2. Zero hunger")
    G3 = "3", _("3. Good health and well-being")
    G4 = "4", _("4. Quality education")
    G5 = "5", _("5. Gender equality")
    G6 = "6", _("6. Clean water and sanitation")
    G7 = "7", _("7. Affordable and clean energy")
    G8 = "8", _("8. Decent work and economic growth")
    G9 = "9", _("9. Industry, innovation and infrastructure")
    G10 = "10", _("10. Reduced inequalities")
    G11 = "11", _("11. Sustainable cities and communities")
    G12 = "12", _("12. Responsible consumption and production")
    G13 = "13", _("13. Climate action")
    G14 = "14", _("14. Life below water")
    G15 = "15", _("15. Life on land")
    G16 = "16", _("16. Peace, justice and strong institutions")
    G17 = "17", _("17. Partnerships for the goals")


KINDS = {"objective": Objective, "area": Area, "sdg": SDG}
