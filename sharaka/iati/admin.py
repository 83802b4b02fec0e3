from sharaka.core.admin_readonly import register_read_only
from sharaka.iati.models import (
    ActivityCountry,
    ActivitySector,
    Flow,
    ForeignActivity,
    ImportRun,
    Participant,
    PublishedBudget,
    Publisher,
)

# Other publishers' data is written only by the import (iati/importing.py), which keeps each file
# whole or not at all and records it in the ledger; matches are decided on the matches page.
register_read_only(
    ActivityCountry,
    ActivitySector,
    Flow,
    ForeignActivity,
    ImportRun,
    Participant,
    PublishedBudget,
    Publisher,
)
