"""The world's IATI objects for the URL walk and the pages' tests: one file imported for real."""

import io

from sharaka.iati.tests.samples import ACTIVITY_201, ACTIVITY_UNDP, activity_file


def world_iati(w) -> dict:
    """Import two activities once per world: AFD (proposed as the same as a partner named like it)
    and UNDP (linked to the world's organisation when it holds UNDP's identifier)."""
    from sharaka.core.testing import make_organisation
    from sharaka.iati import importing
    from sharaka.iati.models import ForeignActivity, ImportRun, Publisher

    if getattr(w, "_iati", None):
        return w._iati
    make_organisation(
        acronym="AFD",
        name_fr="Agence française de développement",
        name_en="",
        name_ar="",
        iati_identifier="",
        model="bilateral_agency",
        legal_type="foreign_public_agency",
        country="FR",
    )
    data = activity_file(ACTIVITY_201 + ACTIVITY_UNDP)
    run = ImportRun.objects.create(source=ImportRun.Source.COMMAND, name="world.xml", size=len(data))
    importing.import_file(run, io.BytesIO(data), actor=w.personas.officer)
    w._iati = {
        "run": run,
        "activity": ForeignActivity.objects.get(identifier="FR-6-AFD-CMA1234"),
        "proposal": Publisher.objects.get(ref="FR-6"),
        "donor": Publisher.objects.get(ref="XM-DAC-41114"),
    }
    return w._iati
