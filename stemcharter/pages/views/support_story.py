"""Turning a delivered support request into a story (``pages.support_story``):
``/portal/organisaties/<org>/aanbiedingen/<pk>/verhaal/``, ``<pk>`` the accepted offer.

The organisation in the URL tells the story: the signatory that helped (its own offer), or
the school that asked when it signed the charter. Anyone else: 404, as the portal does. One
page, three states: the prefilled form, the story already sent (a second send makes no second
story), or why there is no story to tell yet."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.reviews.models import ReviewStatus
from stemcharter.reviews.portal import add_service_errors
from stemcharter.support.models import Offer

from ..support_story import (
    SupportStoryForm,
    story_author_error,
    story_initial,
    support_story,
    support_story_create,
)


class SupportStoryView(PortalAccessMixin, TemplateView):
    template_name = "support/portal/offer_story.html"

    @cached_property
    def offer(self) -> Offer:
        # The organisation's own offer, or an offer on a request of the organisation (the
        # school); any other: 404.
        return get_object_or_404(
            Offer.objects.select_related(
                "organisation", "support_request__organisation", "support_request__kind"
            ).filter(
                Q(organisation=self.organisation)
                | Q(
                    support_request__organisation=self.organisation,
                    status=Offer.Status.ACCEPTED,
                )
            ),
            pk=self.kwargs["pk"],
        )

    @property
    def support_request(self):
        return self.offer.support_request

    def confirm_url(self) -> str:
        if self.offer.organisation_id == self.organisation.pk:
            return reverse(
                "portal:support-offer-confirm",
                kwargs={"organisation_slug": self.organisation.slug, "pk": self.offer.pk},
            )
        return reverse("portal:support-request-confirm", kwargs={"pk": self.support_request.pk})

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        if support_story(self.support_request, self.organisation) is not None or (
            story_author_error(self.offer, self.organisation)
        ):
            return self.render_to_response(self.get_context_data())
        form = SupportStoryForm(request.POST)
        if form.is_valid():
            try:
                support_story_create(
                    offer=self.offer,
                    organisation=self.organisation,
                    by=request.user,
                    **form.cleaned_data,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Your story was sent for review; once published, everyone can read it."),
                )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        story = support_story(self.support_request, self.organisation)
        context.update(
            offer=self.offer,
            support_request=self.support_request,
            story=story,
            confirm_url=self.confirm_url(),
        )
        if story is not None:
            context["story_url"] = reverse(
                "portal:story-detail",
                kwargs={"organisation_slug": self.organisation.slug, "pk": story.pk},
            )
            context["story_published"] = story.status == ReviewStatus.PUBLISHED
        elif refusal := story_author_error(self.offer, self.organisation):
            context["refusal"] = refusal
        elif "form" not in context:
            context["form"] = SupportStoryForm(initial=story_initial(self.offer))
        return context
