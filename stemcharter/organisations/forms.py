"""Forms of the signatory portal: the organisation profile, members, invitations, join requests.

Forms only validate input; the views hand ``cleaned_data`` to organisations.services.
None of them has an organisation field: the organisation always comes from the URL.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.images import validate_image_upload
from stemcharter.regions.models import Subregion

from .models import Category, Membership, Organisation, Sector
from .validators import clean_enterprise_number, format_enterprise_number


class SubregionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Subregion) -> str:
        return f"{obj.name} ({obj.province.name})"


# One wording for the fields an individual may leave empty, in every form that has them.
SECTOR_HINT = _("Not needed for an individual.")
ENTERPRISE_NUMBER_HINT = _(
    "The Belgian enterprise number, for example 0123.456.749. Not needed for an individual."
)
SECTOR_REQUIRED_MESSAGE = _("Choose the sector of the organisation.")


class EnterpriseNumberInput(forms.TextInput):
    def use_required_attribute(self, initial) -> bool:
        return False  # individuals may leave it empty


class EnterpriseNumberField(forms.CharField):
    """Required except for individuals. The form's clean() checks that, as it knows the
    category; the field stays "required" so that its label is not marked optional."""

    widget = EnterpriseNumberInput

    def validate(self, value: str) -> None:
        pass


class SectorSelect(forms.Select):
    def use_required_attribute(self, initial) -> bool:
        return False  # individuals may leave it empty


class SectorChoiceField(forms.ModelChoiceField):
    """Required except for individuals, checked by the form's clean() like
    EnterpriseNumberField."""

    widget = SectorSelect

    def validate(self, value) -> None:
        pass


class OrganisationProfileForm(forms.Form):
    """The public profile of an organisation, as its members edit it."""

    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        error_messages={"required": _("Enter the name of the organisation.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the category of your organisation.")},
    )
    sector = SectorChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        empty_label=_("Choose a sector"),
        help_text=SECTOR_HINT,
    )
    enterprise_number = EnterpriseNumberField(
        label=_("Enterprise number"),
        max_length=20,
        help_text=ENTERPRISE_NUMBER_HINT,
        widget=EnterpriseNumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("For example https://www.example.be"),
        error_messages={"invalid": _("Enter a web address, for example https://www.example.be.")},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        validators=[validate_image_upload],
        help_text=_("A PNG, JPEG, GIF or WebP image of at most 5 MB. Leave empty to keep it."),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    description = forms.CharField(
        label=_("Short description"),
        max_length=1000,
        required=False,
        help_text=_("What your organisation does for STEM, in at most 1000 characters."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    subregions = SubregionChoiceField(
        label=_("Subregions where your organisation is active"),
        queryset=Subregion.objects.with_province(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one subregion.")},
    )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "category": organisation.category,
            "sector": organisation.sector_id,
            "enterprise_number": format_enterprise_number(organisation.enterprise_number),
            "website": organisation.website,
            "description": organisation.description,
            "subregions": [s.pk for s in organisation.subregions.all()],
        }

    def clean_name(self) -> str:
        return self.cleaned_data["name"].strip()

    def clean_enterprise_number(self) -> str:
        value = (self.cleaned_data.get("enterprise_number") or "").strip()
        return clean_enterprise_number(value) if value else ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (
            cleaned.get("category")
            and cleaned.get("category") != Category.INDIVIDUAL
            and "sector" not in self.errors
            and not cleaned.get("sector")
        ):
            self.add_error(
                "sector", forms.ValidationError(SECTOR_REQUIRED_MESSAGE, code="required")
            )
        if (
            cleaned.get("category")
            and cleaned.get("category") != Category.INDIVIDUAL
            and "enterprise_number" not in self.errors
            and not cleaned.get("enterprise_number")
        ):
            self.add_error(
                "enterprise_number",
                forms.ValidationError(
                    _(
                        "Enter the enterprise number, for example 0123.456.749. "
                        "Only individuals can leave it empty."
                    ),
                    code="required",
                ),
            )
        return cleaned

    @property
    def logo_must_be_chosen_again(self) -> bool:
        """A valid logo was sent with a form that has errors: the browser will not keep it."""
        return bool(self.is_bound and self.errors and self.files.get("logo"))

    def profile_data(self) -> dict[str, Any]:
        """The cleaned data as organisations.services.organisation_update expects it."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "logo"}
        data["subregions"] = list(data["subregions"])
        return data


class InvitationForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address of your colleague"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Enter an email address, for example name@example.be."),
            "invalid": _("Enter a valid email address, for example name@example.be."),
        },
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Membership.Role.choices,
        initial=Membership.Role.EDITOR,
        widget=forms.RadioSelect,
        help_text=_("Editors keep the profile up to date; admins also manage the members."),
    )


class MembershipRoleForm(forms.Form):
    membership = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the admins"),
        max_length=1000,
        required=False,
        help_text=_("Tell them who you are and why you want to join, in at most 1000 characters."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinRequestDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
    )
