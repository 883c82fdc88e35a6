"""The forms of support requests (issue 13)."""

# --- wait: suggesting a signatory by hand -------------------------------------------------------

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.common.forms import CleanTextForm

from .models import Suggestion


class SuggestionForm(CleanTextForm):
    """Choose a signatory (the short list of ``selectors.suggestion_candidates`` is shown;
    any signatory of ``candidates`` validates) and a word for its members."""

    organisation = forms.ModelChoiceField(
        label=_("Signatory"),
        queryset=None,
        error_messages={
            "required": _("Choose the signatory you suggest."),
            "invalid_choice": _("Choose a signatory of the charter from the list."),
        },
    )
    note = forms.CharField(
        label=_("A word for the signatory"),
        help_text=_("Why you think they could help. It goes in the email to its members."),
        required=False,
        max_length=Suggestion._meta.get_field("note").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, candidates, shown, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        field.queryset = candidates
        # The short list, grouped: the signatories of the subregion first (``shown``).
        groups = []
        if shown.in_subregion:
            groups.append(
                (
                    _("Active in the subregion"),
                    [(organisation.pk, organisation.name) for organisation in shown.in_subregion],
                )
            )
        if shown.elsewhere:
            groups.append(
                (
                    _("Elsewhere"),
                    [(organisation.pk, organisation.name) for organisation in shown.elsewhere],
                )
            )
        field.widget.choices = [("", _("Choose a signatory")), *groups]


# --- end wait -----------------------------------------------------------------------------------
