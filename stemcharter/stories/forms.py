"""The steps of writing a story in the portal. Each form validates one step; the portal views
hand ``cleaned_data`` to ``stories.services``, which checks the whole story again."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from stemcharter.actions.models import Action
from stemcharter.common.numbers import IdModelMultipleChoiceField
from stemcharter.organisations.models import Organisation
from stemcharter.reviews.portal import (
    ItemStepForm,
    SubregionsField,
    item_summary_field,
    item_title_field,
)

from .models import Story

MARKDOWN_HINT = _(
    "You can use Markdown: ## for a heading, **bold**, a list with a dash (-) at the start of "
    "each line, a link as [text](https://www.example.be)."
)


class StoryWhatForm(ItemStepForm):
    markdown_fields = ("body",)

    kind = forms.ChoiceField(
        label=_("What kind of story is it?"),
        choices=Story.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of story.")},
    )
    title = item_title_field(
        help_text=_("Short and concrete, for example: How Lisa found her internship in a lab.")
    )
    summary = item_summary_field(
        help_text=_("One or two sentences that appear on the card in the list.")
    )
    body = forms.CharField(
        label=_("The story"),
        max_length=20_000,
        help_text=MARKDOWN_HINT,
        error_messages={
            "required": _("Write the story."),
            "max_length": _(
                "Shorten the story to at most %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 16}),
    )


class StoryLinksForm(ItemStepForm):
    organisations = IdModelMultipleChoiceField(
        label=_("Other organisations in the story"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_(
            "Signatories that took part. The story links to their page, and they see it in "
            "their portal."
        ),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose organisations among those that signed the charter.")
        },
    )
    actions = IdModelMultipleChoiceField(
        label=_("Related actions"),
        queryset=Action.objects.none(),
        required=False,
        help_text=_("Published actions of your organisation, including joint actions."),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose among the published actions.")},
    )
    subregions = SubregionsField(
        label=_("In which subregions did it happen?"),
        help_text=_("The contact point of these subregions reviews the story."),
        error_messages={"required": _("Choose at least one subregion.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        linked_organisations = linked_actions = Q(pk__in=[])
        if self.item is not None:
            linked_organisations = Q(pk__in=self.item.organisations.values("pk"))
            linked_actions = Q(pk__in=self.item.actions.values("pk"))
        self.fields["organisations"].queryset = (
            Organisation.objects.filter(
                Q(pk__in=Organisation.objects.signatories().values("pk")) | linked_organisations
            )
            .exclude(pk=self.organisation.pk)
            .order_by("name")
        )
        own_actions = Action.objects.published().involving(self.organisation).values("pk")
        self.fields["actions"].queryset = Action.objects.filter(
            Q(pk__in=own_actions) | linked_actions
        ).order_by("title")
