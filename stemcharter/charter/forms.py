"""The forms of the signing steps: organisation, signer and commitments (see signing.py)."""

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stemcharter.accounts.forms import PersonEmailField, person_name_field
from stemcharter.accounts.models import User
from stemcharter.accounts.validators import normalise_email
from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelMultipleChoiceField
from stemcharter.common.wizard import UsedOnlyWhenMixin
from stemcharter.organisations.forms import OrganisationDetailsForm
from stemcharter.organisations.models import Category, Organisation
from stemcharter.organisations.services import duplicate_error, organisation_find_duplicate
from stemcharter.organisations.validators import format_enterprise_number
from stemcharter.vocabulary.models import ActionType

from .services import CommitmentData, SignerData

NEW_ORGANISATION = "new"
ORGANISATION_FIELDS = (
    "name",
    "town",
    "category",
    "sector",
    "enterprise_number",
    "website",
    "logo",
    "description",
    "subregions",
)


class OrganisationStepForm(UsedOnlyWhenMixin, OrganisationDetailsForm):
    """Step 1: the organisation the signer signs for.

    ``organisations`` are the organisations the logged-in signer may sign for; when one of
    them is chosen, the new-organisation fields are neither checked nor kept, and what was
    typed into them is named once the step is saved (``used_only_when``, as on every step of
    every journey: common.wizard.UsedOnlyWhenMixin). ``has_logo``: the draft already holds a
    logo, which a new upload replaces.
    """

    used_only_when = dict.fromkeys(
        ORGANISATION_FIELDS, ("organisation_choice", (NEW_ORGANISATION,))
    )

    organisation_choice = forms.ChoiceField(
        label=_("Who do you sign for?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose the organisation you sign for."),
            "invalid_choice": _("Choose one of the organisations in the list."),
        },
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    field_order = ("organisation_choice", *ORGANISATION_FIELDS[:7], "remove_logo")

    def __init__(
        self,
        *args: Any,
        organisations: Sequence[Organisation] = (),
        blocked_organisations: Mapping[str, str] | None = None,
        has_logo: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisations = {str(o.pk): o for o in organisations}
        # The signer's own organisations that cannot sign now, with the reason (pk -> reason).
        self.blocked_organisations = dict(blocked_organisations or {})
        self.has_logo = has_logo
        # The existing organisation this one duplicates, and on which field (see clean).
        self.duplicate: Organisation | None = None
        self.duplicate_field = ""
        if has_logo:
            self.fields["logo"].help_text = _(
                "A PNG, JPEG, GIF or WebP image of at most 5 MB. Choose a file only to "
                "replace the logo you already chose."
            )
        else:
            del self.fields["remove_logo"]

        if self.organisations:
            field = self.fields["organisation_choice"]
            field.choices = [
                *(
                    (pk, _("For %(name)s") % {"name": o.name})
                    for pk, o in self.organisations.items()
                ),
                (NEW_ORGANISATION, _("For a new organisation")),
            ]
            if not self.initial.get("organisation_choice"):
                field.initial = next(iter(self.organisations))
        else:
            del self.fields["organisation_choice"]

        if self.is_bound and (self.signs_for_existing or self.chose_blocked_organisation):
            for name in ORGANISATION_FIELDS:
                self.fields[name].required = False

    @property
    def signs_for_existing(self) -> bool:
        return self.data.get("organisation_choice") in self.organisations

    @property
    def chose_blocked_organisation(self) -> bool:
        """Chose an own organisation that cannot sign (any more): e.g. a colleague just did."""
        return self.data.get("organisation_choice") in self.blocked_organisations

    @property
    def organisation(self) -> Organisation | None:
        """The existing organisation chosen, or None for a new one."""
        if not self.signs_for_existing:
            return None
        return self.organisations[self.data["organisation_choice"]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.chose_blocked_organisation:
            # An own organisation that cannot sign (any more): the new-organisation fields are
            # not used either, and the reason is the one message.
            for name in ORGANISATION_FIELDS:
                self._errors.pop(name, None)
                cleaned.pop(name, None)
            self._errors.pop("organisation_choice", None)
            self.add_error(None, self.blocked_organisations[self.data["organisation_choice"]])
        elif not self.signs_for_existing and cleaned.get("name"):
            self._check_duplicate(cleaned)
        return cleaned

    def _check_duplicate(self, cleaned: dict[str, Any]) -> None:
        """Say now that the organisation exists; signing checks it again at the end."""
        town = cleaned.get("town") or ""
        found = organisation_find_duplicate(
            name=cleaned["name"],
            town=town,
            enterprise_number=cleaned.get("enterprise_number", ""),
        )
        if found is None:
            return
        self.duplicate, self.duplicate_field = found
        self.add_error(
            self.duplicate_field,
            duplicate_error(organisation=self.duplicate, field=self.duplicate_field, town=town),
        )

    def summary_rows(self) -> list[tuple[str, str, bool]]:
        """Label and value of each answer, for the check page (the logo is shown apart)."""
        if self.organisation is not None:
            return [(_("Organisation"), self.organisation.name, False)]
        data = self.cleaned_data
        return _rows(
            self,
            [
                ("name", data["name"]),
                ("town", data.get("town", "")),
                ("category", Category(data["category"]).label),
                ("sector", str(data["sector"]) if data.get("sector") else ""),
                ("enterprise_number", format_enterprise_number(data.get("enterprise_number", ""))),
                ("website", data.get("website", "")),
                ("description", data.get("description", "")),
                ("subregions", ", ".join(s.name for s in data["subregions"])),
            ],
        )

    def organisation_data(self) -> dict[str, Any]:
        """The values for ``organisation_create``, without the logo (it is in the draft)."""
        data = self.cleaned_data
        return {
            "name": data["name"],
            "town": data.get("town", ""),
            "category": data["category"],
            "sector": data.get("sector"),
            "enterprise_number": data.get("enterprise_number", ""),
            "website": data.get("website", ""),
            "description": data.get("description", "").strip(),
            "subregions": data["subregions"],
        }


class SignerStepForm(CleanTextForm):
    """Step 2: the signer. An anonymous signer also chooses a password: signing creates
    their account. ``has_password``: the draft already holds (the hash of) a password, so
    the password fields may stay empty to keep it.
    """

    signer_name = person_name_field()
    signer_function = forms.CharField(
        label=_("Your function"),
        max_length=150,
        help_text=_("For example: director, HR manager, teacher."),
        error_messages={"required": _("Enter your function.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    email = PersonEmailField(
        help_text=_("We send you a link to confirm it. You log in with this address.")
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        help_text=_(
            "At least 8 characters. Not only digits, not a common password and not like "
            "your name or email address."
        ),
        error_messages={"required": _("Choose a password.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Enter the password again"),
        strip=False,
        error_messages={"required": _("Enter the password again.")},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    may_sign = forms.BooleanField(
        label=_("I may sign on behalf of this organisation."),
        error_messages={"required": _("Confirm that you may sign on behalf of this organisation.")},
    )

    def __init__(
        self, *args: Any, user: User | None = None, has_password: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user if user is not None and user.is_authenticated else None
        if self.user is not None:
            # The account's own address: shown, never taken from the POST.
            del self.fields["password1"], self.fields["password2"]
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _("The email address of your account.")
            self.fields["email"].initial = self.user.email
            self.fields["signer_name"].initial = self.user.name
        elif has_password:
            self.fields["password1"].required = False
            self.fields["password2"].required = False
            self.fields["password1"].help_text = _(
                "You already chose a password. Leave both password fields empty to keep it."
            )

    def clean_email(self) -> str:
        """The address in lowercase. Whether it has an account is not said here: that would
        tell anyone which addresses have one. Signing with it emails its holder instead
        (see services.signature_sign)."""
        return normalise_email(self.cleaned_data["email"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.user is not None:
            return cleaned
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if not password1 and not password2:
            return cleaned
        if not password2:
            if "password2" not in self._errors:
                self.add_error("password2", _("Enter the password again."))
            return cleaned
        if password1 and password1 != password2:
            self.add_error(
                "password2", _("The two passwords are different. Enter the same password twice.")
            )
            return cleaned
        if not password1:
            if "password1" not in self._errors:
                self.add_error("password1", _("Choose a password."))
            return cleaned
        candidate = User(email=cleaned.get("email") or "", name=cleaned.get("signer_name") or "")
        try:
            password_validation.validate_password(password1, user=candidate)
        except ValidationError as exc:
            self.add_error("password1", exc)
        return cleaned

    @property
    def new_password(self) -> str:
        """The password typed on this step ('' when the signer kept the earlier one)."""
        return self.cleaned_data.get("password1") or ""

    def summary_rows(self) -> list[tuple[str, str, bool]]:
        """Label and value of each answer, for the check page (never the password)."""
        data = self.cleaned_data
        rows = [
            ("signer_name", data["signer_name"]),
            ("signer_function", data["signer_function"]),
            ("email", self.signer_data().email),
        ]
        summary = _rows(self, rows)
        if self.user is None:
            summary.append((_("Password"), _("Chosen"), False))
        summary.append((_("Authorised to sign"), _("Yes"), False))
        return summary

    def signer_data(self) -> SignerData:
        data = self.cleaned_data
        email = self.user.email if self.user is not None else data["email"]
        return SignerData(name=data["signer_name"], function=data["signer_function"], email=email)


class CommitmentStepForm(CleanTextForm):
    """Step 3: what the organisation will do, with an optional second commitment."""

    action_types = IdModelMultipleChoiceField(
        label=_("What will the organisation do?"),
        queryset=ActionType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose at least one kind of action."),
        error_messages={"required": _("Choose at least one kind of action.")},
    )
    commitment = forms.CharField(
        label=_("In your own words"),
        max_length=2000,
        help_text=_("What will you do, for whom and when? At most 2000 characters."),
        error_messages={"required": _("Describe your commitment in your own words.")},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    second_action_types = IdModelMultipleChoiceField(
        label=_("What else will the organisation do?"),
        queryset=ActionType.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    second_commitment = forms.CharField(
        label=_("Your second commitment in your own words"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if bool(cleaned.get("second_action_types")) != bool(
            (cleaned.get("second_commitment") or "").strip()
        ):
            if cleaned.get("second_action_types"):
                self.add_error(
                    "second_commitment", _("Describe your second commitment in your own words.")
                )
            elif "second_action_types" not in self._errors:
                self.add_error(
                    "second_action_types", _("Choose at least one kind of action for it.")
                )
        return cleaned

    def summary_rows(self) -> list[tuple[str, str, bool]]:
        """Label and value of each answer, for the check page."""
        data = self.cleaned_data
        rows = [
            ("action_types", ", ".join(str(a) for a in data["action_types"])),
            ("commitment", data["commitment"]),
        ]
        if data.get("second_commitment", "").strip():
            rows += [
                ("second_action_types", ", ".join(str(a) for a in data["second_action_types"])),
                ("second_commitment", data["second_commitment"]),
            ]
        return _rows(self, rows)

    def commitments(self) -> list[CommitmentData]:
        data = self.cleaned_data
        items = [CommitmentData(action_types=data["action_types"], description=data["commitment"])]
        if data.get("second_commitment", "").strip():
            items.append(
                CommitmentData(
                    action_types=data["second_action_types"], description=data["second_commitment"]
                )
            )
        return items


class SignerEmailCorrectForm(CleanTextForm):
    """On the thank-you page: the address typed at signing was wrong, this is the right one."""

    email = PersonEmailField(
        label=_("Your correct email address"),
        help_text=_("We send the link there instead; the link in the first email stops working."),
    )


class SignCheckForm(CleanTextForm):
    """Step 4: the final submit. The key lets a second post of the same page create nothing."""

    submission_key = forms.UUIDField(widget=forms.HiddenInput)


# The answers people write in words (in the content language, ``{% content_lang %}`` on the
# check page); not names, places, choices or addresses.
WRITTEN_ANSWERS = {"description", "signer_function", "commitment", "second_commitment"}


def _rows(form: forms.Form, values: list[tuple[str, Any]]) -> list[tuple[str, str, bool]]:
    """(field label, value, is written); an empty optional answer reads 'Not given'."""
    return [
        (form.fields[name].label, value or _("Not given"), bool(value) and name in WRITTEN_ANSWERS)
        for name, value in values
    ]
