from django import forms
from django.utils.translation import gettext_lazy as _

from sharaka.core.forms import SharakaForm
from sharaka.core.uploads import UploadField
from sharaka.partnerspace.models import Submission
from sharaka.partnerspace.services import MAX_MESSAGE, SUBMISSION_FILE


class SubmissionForm(SharakaForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = UploadField(label=_("File"), purpose=SUBMISSION_FILE)
    note = forms.CharField(
        label=_("Note to the unit"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class MessageForm(SharakaForm):
    body = forms.CharField(
        label=_("Your message"), max_length=MAX_MESSAGE, widget=forms.Textarea(attrs={"rows": 4})
    )


class ReviewForm(SharakaForm):
    to = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Submission.Status.ACCEPTED, _("Accept")), (Submission.Status.RETURNED, _("Return"))],
        widget=forms.RadioSelect,
    )
    public = forms.BooleanField(
        label=_("Show it on the public portal"),
        required=False,
        help_text=_("Only for an accepted document; it stays private otherwise."),
    )
    reason = forms.CharField(
        label=_("Note to the partner"),
        required=False,
        help_text=_("Required when you return the document: say what to change."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
