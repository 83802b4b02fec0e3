from sharaka.core.admin_readonly import register_read_only
from sharaka.finance.models import (
    Account,
    BudgetLine,
    ExchangeRate,
    FinancialReport,
    Funder,
    Tally,
    Tranche,
    Transaction,
)

# Money is written only through the finance pages, whose services lock, convert and audit.
register_read_only(Account, BudgetLine, ExchangeRate, FinancialReport, Funder, Tally, Tranche, Transaction)
