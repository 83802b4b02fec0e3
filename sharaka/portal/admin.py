from sharaka.core.admin_readonly import register_read_only
from sharaka.portal.models import ActivityBudgetYear, ActivityFragment, Inquiry, InquiryStatusChange

# Inquiries are answered on the staff pages (/portal/inquiries/), which keep their history.
register_read_only(Inquiry, InquiryStatusChange)
# The IATI file's kept activities (iati/fragments.py): rebuilt from the projects, never edited.
register_read_only(ActivityFragment)
register_read_only(ActivityBudgetYear)
