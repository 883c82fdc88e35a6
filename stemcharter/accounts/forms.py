from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm

from .validators import normalise_email


class PersonEmailField(forms.EmailField):
    """A person's email address as our forms ask it (signing, the contact form): the messages
    of UI.md, the browser's autocomplete, lowercased as it is stored (``normalise_email``)."""

    def __init__(self, *, label=None, help_text="", **kwargs) -> None:
        kwargs.setdefault("max_length", 254)
        kwargs.setdefault(
            "error_messages",
            {
                "required": _("Enter your email address."),
                "invalid": _(
                    "Enter an email address in the correct format, like name@example.com."
                ),
                "max_length": _(
                    "Shorten the email address to at most %(limit_value)d characters (it has "
                    "%(show_value)d)."
                ),
            },
        )
        kwargs.setdefault("widget", forms.EmailInput(attrs={"autocomplete": "email"}))
        super().__init__(label=label or _("Your email address"), help_text=help_text, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return normalise_email(value) if value else value


def person_name_field(**kwargs) -> forms.CharField:
    """A person's name as our forms ask it."""
    return forms.CharField(
        label=kwargs.pop("label", _("Your name")),
        max_length=150,
        error_messages={
            "required": _("Enter your name."),
            "max_length": _(
                "Shorten the name to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        **kwargs,
    )


class PreferencesForm(CleanTextForm):
    name = forms.CharField(label=_("Your name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language of your emails"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )
    name.widget.attrs["autocomplete"] = "name"
    contact_point_email_public = forms.BooleanField(
        label=_("Show my email address on the page of my region"),
        required=False,
        help_text=_(
            "You are a contact point. Visitors can always write to you with the region's "
            "contact form, which does not show your address. Tick this to show your email "
            "address on the region's page as well."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only contact points are named on a region's page.
        if not user.is_contact_point:
            del self.fields["contact_point_email_public"]


class AccountDeleteForm(CleanTextForm):
    """The person types their email address to confirm deleting their account."""

    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Type the email address you log in with to confirm."),
    )
    email.widget.attrs["autocomplete"] = "off"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip()
        if email.lower() != self.user.email.lower():
            raise forms.ValidationError(
                _("This is not the email address you log in with."), code="mismatch"
            )
        return email
