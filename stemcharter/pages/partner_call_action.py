"""The joint action a partner call led to: the caller chooses it among its published actions
(organiser or partner). Here in pages, which may read both apps: support knows nothing of
actions (``support.services.partner_call_link_action`` takes the chosen one)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from stemcharter.actions.models import Action
from stemcharter.common.forms import CleanTextForm
from stemcharter.common.numbers import IdModelChoiceField


def partner_call_action_choices(partner_call):
    """The published actions of the caller, as organiser or partner, newest first."""
    return (
        Action.objects.published()
        .involving(partner_call.organisation)
        .order_by("-created_at", "-pk")
    )


class PartnerCallActionForm(CleanTextForm):
    action = IdModelChoiceField(
        label=_("The joint action"),
        help_text=_("Your published actions, as organiser or partner."),
        queryset=Action.objects.none(),
        required=False,
        empty_label=_("No joint action"),
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, partner_call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = partner_call_action_choices(partner_call)
