from sharaka.core.admin_readonly import register_read_only
from sharaka.finance.models import (
    Account,
    AccountTotal,
    AreaTotal,
    BudgetLine,
    ExchangeRate,
    FinancialReport,
    Funder,
    PartnerTotal,
    Tally,
    Tranche,
    Transaction,
    YearTotal,
)

# Money is written only through the finance pages, whose services lock, convert and audit.
register_read_only(
    Account,
    AccountTotal,
    AreaTotal,
    BudgetLine,
    ExchangeRate,
    FinancialReport,
    Funder,
    PartnerTotal,
    Tally,
    Tranche,
    Transaction,
    YearTotal,
)
