"""Forms of the invitations to sign (issue 14, lane invite): the portal's invitation and the
back office's do-not-contact address. They only validate input; the views hand
``cleaned_data`` to the services (``outreach.services.signing_invitation_create``,
``organisations.services.do_not_contact_add``). No form has an organisation field."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.validators import normalise_email
from stemcharter.common.forms import CleanTextForm
from stemcharter.organisations.models import Category, Invitation
from stemcharter.organisations.validators import NAME_MAX_LENGTH, TOWN_MAX_LENGTH

MESSAGE_MAX_LENGTH = Invitation._meta.get_field("message").max_length
EMAIL_ERRORS = {
    "required": _("Enter an email address, for example name@example.be."),
    "invalid": _("Enter a valid email address, for example name@example.be."),
}


class SigningInvitationForm(CleanTextForm):
    email = forms.EmailField(
        label=_("Email address of the person you invite"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages=EMAIL_ERRORS,
    )
    invitee_name = forms.CharField(
        label=_("Their name"),
        max_length=Invitation._meta.get_field("invitee_name").max_length,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    invitee_organisation_name = forms.CharField(
        label=_("Organisation you invite"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Enter the name of the organisation you invite.")},
    )
    invitee_town = forms.CharField(label=_("Town"), max_length=TOWN_MAX_LENGTH, required=False)
    invitee_category = forms.ChoiceField(
        label=_("Kind of organisation"),
        choices=[("", _("I don't know")), *Category.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a kind of organisation from the list.")},
    )
    invitee_website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        max_length=200,
        error_messages={"invalid": _("Enter a web address, for example https://example.be.")},
    )
    message = forms.CharField(
        label=_("Personal message"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "At most 1000 characters. It is sent as your words, quoted with your name; web "
            "addresses in it are not clickable."
        ),
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])


class DoNotContactForm(CleanTextForm):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages=EMAIL_ERRORS,
    )

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])
