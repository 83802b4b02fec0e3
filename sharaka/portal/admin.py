from sharaka.core.admin_readonly import register_read_only
from sharaka.portal.models import Inquiry, InquiryStatusChange

# Inquiries are answered on the staff pages (/portal/inquiries/), which keep their history.
register_read_only(Inquiry, InquiryStatusChange)
