"""Small factories for tests that need a sustainability plan (e.g. to complete or close a project)."""

from decimal import Decimal


def make_plan(project, *, costs=(), no_recurrent_cost=None, **overrides):
    """A plan for `project`. `costs`: (what, MAD per year, payer kind, confirmed) tuples; without
    costs the plan states that the asset has none (coverage 100%) unless `no_recurrent_cost=False`."""
    from django.core.files.base import ContentFile

    from sharaka.sustainability.models import Evidence, Plan, RecurrentCost

    data = {
        "exit_strategy": "Le service technique de la commune reprend l'ouvrage.",
        "maintainer_kind": Plan.Maintainer.COMMUNE_SERVICE,
        "maintainer_name": "Service technique",
        "no_recurrent_cost": not costs if no_recurrent_cost is None else no_recurrent_cost,
    }
    data.update(overrides)
    plan = Plan.objects.create(project=project, **data)
    evidence = None
    for what, amount, payer, confirmed in costs:
        if confirmed and evidence is None:
            evidence = Evidence.objects.create(
                plan=plan,
                title="Décision du conseil",
                kind=Evidence.Kind.COUNCIL_DECISION,
                file=ContentFile(b"%PDF-1.4 decision", name="decision.pdf"),
                content_type="application/pdf",
                size=17,
                sha256="0" * 64,
                uploaded_by=project.manager or _someone(),
            )
        RecurrentCost.objects.create(
            plan=plan,
            what=what,
            amount_per_year=Decimal(amount),
            payer_kind=payer,
            payer_detail="Ligne 10.20" if confirmed else "",
            confirmed=confirmed,
            evidence=evidence if confirmed else None,
        )
    return plan


def _someone():
    from sharaka.core.models import User

    return User.objects.order_by("pk").first()
