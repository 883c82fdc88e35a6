"""Forms of the back office for signatures, organisations and charter versions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import POSITIVE_INTEGER_MAX
from stemcharter.organisations.models import Category

from .models import CHARTER_BODY_MAX_LENGTH, CharterVersion, Signature
from .selectors import NO_SIGNATURE

ALL_STATUSES = "all"


class SignatureFilterForm(CleanTextForm):
    """The review queue's filters, submitted by GET. No status in the URL means "submitted"."""

    q = forms.CharField(
        label=_("Organisation name or enterprise number"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(ALL_STATUSES, _("All statuses")), *Signature.Status.choices],
    )

    def __init__(self, data=None, **kwargs):
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = Signature.Status.SUBMITTED
        super().__init__(data, **kwargs)

    def filters(self) -> dict[str, str]:
        """The valid filters, or the defaults when the URL holds something unknown."""
        if not self.is_valid():
            return {"query": "", "status": Signature.Status.SUBMITTED}
        status = self.cleaned_data["status"]
        return {
            "query": self.cleaned_data["q"].strip(),
            "status": "" if status == ALL_STATUSES else status,
        }


class OrganisationFilterForm(CleanTextForm):
    """The list's filters, submitted by GET; unknown values are ignored, not an error page."""

    q = forms.CharField(
        label=_("Name or enterprise number"),
        required=False,
        max_length=200,
        widget=forms.SearchInput,
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All categories")), *Category.choices]
    )
    signature_status = forms.ChoiceField(
        label=_("Latest signature"),
        required=False,
        choices=[
            ("", _("Any status")),
            *Signature.Status.choices,
            (NO_SIGNATURE, _("No signature")),
        ],
    )

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {"query": "", "category": "", "signature_status": ""}
        return {
            "query": self.cleaned_data["q"].strip(),
            "category": self.cleaned_data["category"],
            "signature_status": self.cleaned_data["signature_status"],
        }


class SignatureRejectForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Reason for rejection"),
        help_text=_(
            "The signer receives this reason by email. Say what they can change to sign again."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Give a reason, so the signer knows what to do.")},
    )


class CharterVersionForm(CleanTextForm):
    """A new charter text. ``based_on`` is the version the coordinator started from."""

    # Shown rendered as Markdown (its length limit bounds that work).
    markdown_fields = ("body",)

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the charter (Markdown)"),
        help_text=_(
            "Write ## before a heading, - before a list item, **bold** between two stars and "
            "[text](https://example.org) for a link. HTML and scripts are removed."
        ),
        max_length=CHARTER_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 20}),
        error_messages={
            "required": _("Enter the text of the charter."),
            "max_length": _(
                "Shorten the text of the charter to at most %(limit_value)d characters "
                "(it has %(show_value)d)."
            ),
        },
    )
    change_note = forms.CharField(
        label=_("What changed"),
        help_text=_("One sentence for the history, for example: new commitment on internships."),
        max_length=300,
        error_messages={"required": _("Say in one sentence what changed.")},
    )
    # The number of a charter version (a PositiveIntegerField); 0 when there was none.
    based_on = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=0, max_value=POSITIVE_INTEGER_MAX
    )

    field_order = ["title", "body", "change_note"]

    def __init__(self, *args, for_preview: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if for_preview:
            # A preview needs only the text; "what changed" is asked when publishing.
            self.fields["change_note"].required = False

    @classmethod
    def initial_from(cls, version: CharterVersion | None) -> dict:
        if version is None:
            return {"based_on": 0}
        return {"title": version.title, "body": version.body, "based_on": version.number}
