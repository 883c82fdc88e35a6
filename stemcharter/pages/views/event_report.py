"""Closing an event with a report (``pages.event_report``): the back office's page for an event
of the STEM-charter (``/beheer/evenementen/<slug>/afsluiten/``, its contact points and the
coordinators) and the portal's for an event a signatory proposed
(``/portal/organisaties/<org>/evenementen/<pk>/verslag/``, its members).

One page, three states: the form (an event that has ended), the report already written (a
second close shows it, it makes no second story), or why it cannot be closed yet."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.events.models import Event
from stemcharter.events.services import event_close_error
from stemcharter.events.views.backoffice import OneEventMixin
from stemcharter.images.forms import ImageAddForm
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.portal import add_service_errors
from stemcharter.reviews.registry import reviewable_backoffice_url

from ..event_report import EventReportForm, event_report_close, event_report_story

PHOTO_FIELDS = ("file", "alt_text", "caption", "minors_recognisable", "consent_confirmed")


class _EventReportMixin:
    """``event`` is set by the subclass; its permission is checked before."""

    def story_url(self, story) -> str:
        raise NotImplementedError

    def done_url(self) -> str:
        raise NotImplementedError

    def forms(self, data=None, files=None) -> tuple[EventReportForm, ImageAddForm]:
        event = self.event
        if data is None:
            form = EventReportForm(event=event, initial=EventReportForm.initial_for(event))
        else:
            form = EventReportForm(data, event=event)
        return form, ImageAddForm(data, files, prefix="photo")

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if event_report_story(self.event) is not None or event_close_error(self.event):
            return self.render_to_response(self.get_context_data())
        form, photo_form = self.forms(request.POST, request.FILES)
        with_photo = photo_form.has_input()
        forms_valid = form.is_valid()
        photo_valid = photo_form.is_valid() if with_photo else True
        if forms_valid and photo_valid:
            data = form.cleaned_data
            try:
                event_report_close(
                    event=self.event,
                    by=request.user,
                    attendance=data["attendance"],
                    highlights=data["highlights"],
                    lessons=data["lessons"],
                    organisations=data["organisations"],
                    author=data.get("author"),
                    photo=(
                        {**photo_form.image_values(), "file": photo_form.cleaned_data["file"]}
                        if with_photo
                        else None
                    ),
                )
            except ValidationError as error:
                self._add_errors(form, photo_form, error)
            else:
                messages.success(
                    request,
                    _(
                        "You closed the event. Its report was sent for review as a story; "
                        "once published, the event's page shows it."
                    ),
                )
                return HttpResponseRedirect(self.done_url())
        if not with_photo:
            # No photo given: its fields come back empty, without errors (a bound form would
            # demand a file, a description and an answer about minors on rendering).
            photo_form = ImageAddForm(prefix="photo")
        return self.render_to_response(self.get_context_data(form=form, photo_form=photo_form))

    @staticmethod
    def _add_errors(form, photo_form, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            photo = {k: v for k, v in error.error_dict.items() if k in PHOTO_FIELDS}
            rest = {k: v for k, v in error.error_dict.items() if k not in PHOTO_FIELDS}
            if photo:
                add_service_errors(photo_form, ValidationError(photo))
            if rest:
                add_service_errors(form, ValidationError(rest))
        else:
            form.add_error(None, error)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        event = self.event
        story = event_report_story(event)
        context.update(event=event, story=story)
        if story is not None:
            context["story_url"] = self.story_url(story)
            context["story_published"] = story.status == ReviewStatus.PUBLISHED
        elif refusal := event_close_error(event):
            context["refusal"] = refusal
        elif "form" not in context:
            context["form"], context["photo_form"] = self.forms()
        if "photo_form" in context:
            context["photo_forms"] = [context["photo_form"]]
        return context


class EventReportBackofficeView(_EventReportMixin, OneEventMixin, TemplateView):
    """``/beheer/evenementen/<slug>/afsluiten/``: an event of the STEM-charter (a contact point
    of another region: 403, an event a signatory proposed: 404, as its other pages)."""

    template_name = "events/backoffice/event_report.html"

    def story_url(self, story) -> str:
        return reviewable_backoffice_url(story)

    def done_url(self) -> str:
        return reverse("backoffice:event-report", kwargs={"slug": self.event.slug})


class EventReportPortalView(_EventReportMixin, PortalAccessMixin, TemplateView):
    """``/portal/organisaties/<org>/evenementen/<pk>/verslag/``: an event the organisation
    proposed, published (another organisation's event, or a draft: 404)."""

    template_name = "events/portal/event_report.html"

    @cached_property
    def event(self) -> Event:
        return get_object_or_404(
            Event.objects.published()
            .filter(organisation=self.organisation)
            .select_related("organisation"),
            pk=self.kwargs["pk"],
        )

    def story_url(self, story) -> str:
        if story.organisation_id == self.organisation.pk:
            return reverse(
                "portal:story-detail",
                kwargs={"organisation_slug": self.organisation.slug, "pk": story.pk},
            )
        return story.get_absolute_url()

    def done_url(self) -> str:
        return reverse(
            "portal:event-report",
            kwargs={"organisation_slug": self.organisation.slug, "pk": self.event.pk},
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["event_url"] = reverse(
            "portal:event-detail",
            kwargs={"organisation_slug": self.organisation.slug, "pk": self.event.pk},
        )
        context["list_url"] = reverse(
            "portal:event-list", kwargs={"organisation_slug": self.organisation.slug}
        )
        return context
