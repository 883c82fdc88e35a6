"""Forms of the signatory portal: the organisation profile, members, invitations, join requests.

Forms only validate input; the views hand ``cleaned_data`` to organisations.services.
None of them has an organisation field: the organisation always comes from the URL.
OrganisationDetailsForm holds the organisation fields once, for the profile here and for
step 1 of signing (charter.forms.OrganisationStepForm).
"""

from typing import Any

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.validators import normalise_email
from stemcharter.common.forms import CleanTextForm
from stemcharter.common.images import validate_image_upload
from stemcharter.common.numbers import IdField, IdModelChoiceField
from stemcharter.regions.models import Subregion
from stemcharter.vocabulary.models import Sector

from .models import Category, Membership, Organisation
from .validators import (
    TOWN_MAX_LENGTH,
    check_normalised_length,
    clean_enterprise_number,
    format_enterprise_number,
)

IMAGE_TYPES = "image/png,image/jpeg,image/gif,image/webp"
# One wording for the fields an individual may leave empty, in every form that has them.
SECTOR_HINT = _("Not needed for an individual.")
ENTERPRISE_NUMBER_HINT = _(
    "The Belgian enterprise number, for example 0123.456.749. Not needed for an individual."
)
SECTOR_REQUIRED_MESSAGE = _("Choose the sector of the organisation.")
ENTERPRISE_NUMBER_REQUIRED_MESSAGE = _(
    "Enter the enterprise number, for example 0123.456.749. Only individuals can leave it empty."
)


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


class SectorChoiceField(IdModelChoiceField):
    """Required except for individuals, checked by the form's clean() like
    EnterpriseNumberField."""

    widget = SectorSelect

    def validate(self, value) -> None:
        pass


def subregion_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The subregions grouped per province, as choices."""
    groups: dict[int, tuple[str, list[tuple[str, str]]]] = {}
    for subregion in Subregion.objects.with_province():
        _label, items = groups.setdefault(subregion.province_id, (subregion.province.name, []))
        items.append((str(subregion.pk), subregion.name))
    return list(groups.values())


class OrganisationDetailsForm(CleanTextForm):
    """The details of an organisation, as a signer enters them and its members edit them.

    Sector and enterprise number are required except for individuals: clean() checks them,
    as it knows the category.
    """

    name = forms.CharField(
        label=_("Name of the organisation"),
        max_length=200,
        help_text=_("For an individual: your own name."),
        error_messages={"required": _("Enter the name of the organisation.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    town = forms.CharField(
        label=_("Town or municipality"),
        max_length=TOWN_MAX_LENGTH,
        help_text=_(
            "Where the organisation is based, for example Aalst. For an individual: where you "
            "work. It tells organisations with the same name apart."
        ),
        error_messages={"required": _("Enter the town or municipality, for example Aalst.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the category that fits the organisation best.")},
    )
    sector = SectorChoiceField(
        label=_("Sector"),
        queryset=Sector.objects.all(),
        empty_label=_("Choose a sector"),
        help_text=SECTOR_HINT,
        error_messages={"required": SECTOR_REQUIRED_MESSAGE},
    )
    enterprise_number = EnterpriseNumberField(
        label=_("Enterprise number"),
        max_length=20,
        help_text=ENTERPRISE_NUMBER_HINT,
        error_messages={"required": ENTERPRISE_NUMBER_REQUIRED_MESSAGE},
        widget=EnterpriseNumberInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        help_text=_("For example https://www.example.be"),
        error_messages={"invalid": _("Enter a web address, for example https://www.example.be.")},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        validators=[validate_image_upload],
        help_text=_("A PNG, JPEG, GIF or WebP image of at most 5 MB."),
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )
    description = forms.CharField(
        label=_("Short description"),
        max_length=1000,
        required=False,
        help_text=_("What your organisation does for STEM, in at most 1000 characters."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    # Grouped per province: render it with includes/_subregions.html.
    subregions = forms.MultipleChoiceField(
        label=_("Where is the organisation active?"),
        help_text=_("Choose at least one subregion."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one subregion.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subregions"].choices = subregion_choices()
        if (translation.get_language() or "").startswith("en"):
            self.fields["sector"].queryset = Sector.objects.order_by("name_en", "name_nl")

    def subregion_groups(self) -> list[tuple[str, list]]:
        """The subregion checkboxes grouped per province, for the template."""
        groups: dict[str, list] = {}
        labels = [label for label, _choices in self.fields["subregions"].choices]
        for widget in self["subregions"].subwidgets:
            group_index = int(str(widget.data["index"]).split("_")[0])
            groups.setdefault(labels[group_index], []).append(widget)
        return list(groups.items())

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        _raise_field_error(check_normalised_length, "name", name=name)
        return name

    def clean_town(self) -> str:
        town = self.cleaned_data["town"].strip()
        _raise_field_error(check_normalised_length, "town", town=town)
        return town

    def clean_enterprise_number(self) -> str:
        value = (self.cleaned_data.get("enterprise_number") or "").strip()
        return clean_enterprise_number(value) if value else ""

    def clean_subregions(self) -> list[Subregion]:
        pks = self.cleaned_data["subregions"]
        return list(Subregion.objects.filter(pk__in=pks))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        # Also when no category is chosen yet, so that every problem shows at once.
        if cleaned.get("category") != Category.INDIVIDUAL:
            for name in ("sector", "enterprise_number"):
                if not cleaned.get(name) and name not in self.errors:
                    self.add_error(
                        name,
                        forms.ValidationError(
                            self.fields[name].error_messages["required"], code="required"
                        ),
                    )
        return cleaned


class OrganisationProfileForm(OrganisationDetailsForm):
    """The public profile of an organisation, as its members edit it."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["logo"].help_text = _(
            "A PNG, JPEG, GIF or WebP image of at most 5 MB. Leave empty to keep it."
        )

    @classmethod
    def initial_for(cls, organisation: Organisation) -> dict[str, Any]:
        return {
            "name": organisation.name,
            "town": organisation.town,
            "category": organisation.category,
            "sector": organisation.sector_id,
            "enterprise_number": format_enterprise_number(organisation.enterprise_number),
            "website": organisation.website,
            "description": organisation.description,
            "subregions": [str(s.pk) for s in organisation.subregions.all()],
        }

    @property
    def logo_must_be_chosen_again(self) -> bool:
        """A valid logo was sent with a form that has errors: the browser will not keep it."""
        return bool(self.is_bound and self.errors and self.files.get("logo"))

    def profile_data(self) -> dict[str, Any]:
        """The cleaned data as organisations.services.organisation_update expects it."""
        data = {key: value for key, value in self.cleaned_data.items() if key != "logo"}
        data["subregions"] = list(data["subregions"])
        return data


def _raise_field_error(check, field: str, **values: Any) -> None:
    """Run a check that raises ValidationError({field: ...}); re-raise that field's errors."""
    try:
        check(**values)
    except forms.ValidationError as error:
        raise forms.ValidationError(error.error_dict[field]) from error


class InvitationForm(CleanTextForm):
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

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class MembershipRoleForm(CleanTextForm):
    membership = IdField(widget=forms.HiddenInput)
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class JoinRequestForm(CleanTextForm):
    message = forms.CharField(
        label=_("Message to the admins"),
        max_length=1000,
        required=False,
        help_text=_("Tell them who you are and why you want to join, in at most 1000 characters."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class JoinRequestDecisionForm(CleanTextForm):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("decline", _("Decline"))],
    )
