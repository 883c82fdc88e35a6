"""The back office's forms of the outreach pipeline: a prospect, and the import of a file."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm, CleanTextModelForm
from stemcharter.common.numbers import IdModelChoiceField, IdModelMultipleChoiceField
from stemcharter.organisations.validators import clean_enterprise_number

from .models import Prospect, ProspectGroup
from .selectors_pipeline import prospect_owner_candidates
from .services import PROSPECT_GROUP_MAX_LENGTH, PROSPECT_IMPORT_MAX_BYTES


class ProspectForm(CleanTextModelForm):
    """A prospect's fields; the service (``prospect_create``/``prospect_update``) checks the
    enterprise number and the names and saves."""

    # Typed as people write it ("BE 0123.456.749"); the service keeps the ten digits.
    enterprise_number = forms.CharField(
        label=_("Enterprise number"),
        required=False,
        max_length=20,
        help_text=_("Ten digits, e.g. 0123.456.789."),
    )
    groups = IdModelMultipleChoiceField(
        label=_("Proposed under"),
        queryset=ProspectGroup.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    new_group = forms.CharField(
        label=_("Another group"),
        required=False,
        max_length=PROSPECT_GROUP_MAX_LENGTH,
        help_text=_("A group that is not in the list yet, e.g. “sector energie”."),
    )

    class Meta:
        model = Prospect
        fields = [
            "name",
            "also_known_as",
            "status",
            "owner",
            "contact_email",
            "enterprise_number",
            "groups",
            "new_group",
            "next_step",
            "next_step_on",
            "notes",
        ]
        # Ids typed out of range are a form error, not a database error (common.numbers).
        field_classes = {"owner": IdModelChoiceField}
        widgets = {
            "next_step_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "name": {"required": _("Enter the organisation's name.")},
            "next_step_on": {"invalid": _("Enter a date like 2025-03-31.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = prospect_owner_candidates()
        self.fields["owner"].empty_label = _("Nobody")
        self.fields["owner"].label_from_instance = lambda user: user.name or user.email
        if self.instance.pk and self.instance.enterprise_number:
            self.initial["enterprise_number"] = self.instance.enterprise_number

    def clean_enterprise_number(self) -> str:
        number = self.cleaned_data["enterprise_number"].strip()
        return clean_enterprise_number(number) if number else ""

    def values(self) -> dict:
        """The cleaned values for the service, without the groups."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in ("groups", "new_group")
        }


class ProspectImportForm(CleanTextForm):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns group, organisation and (optional) note, separated by commas or "
            "semicolons, saved as UTF-8 (in Excel: “CSV UTF-8”)."
        ),
        error_messages={
            "required": _("Choose the CSV file to import."),
            "empty": _("The file is empty."),
        },
    )
    dry_run = forms.BooleanField(
        label=_("Only show what would change, import nothing"), required=False
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > PROSPECT_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s."),
                code="too_large",
                params={"size": filesizeformat(PROSPECT_IMPORT_MAX_BYTES)},
            )
        return file
