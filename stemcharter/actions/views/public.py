"""Public pages: the catalogue of actions ``/acties/`` and the page of one action.

Read pages for anyone: they work without JavaScript, set no cookie for anonymous visitors
(notices are part of the page, not flash messages) and use a constant number of queries.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, TemplateView

from stemcharter.common.calendar import calendar_response
from stemcharter.common.filters import HtmxResultsMixin, catalogue_context
from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.common.templatetags.sharing import absolute_url, organisation_json_ld
from stemcharter.images.selectors import image_social
from stemcharter.images.share_images import share_image_meta
from stemcharter.organisations.selectors import subregion_list
from stemcharter.registrations.selectors import item_places, own_registration_url
from stemcharter.reviews.selectors import review_public_summary

from ..calendar import action_calendar_entry
from ..filters import SORT_CHOICES, ActionFilterSet
from ..models import Action
from ..registrable import ACTION_REGISTRATIONS
from ..selectors import (
    action_card_list,
    action_catalogue,
    action_get,
    action_stories,
    action_type_list,
    audience_list,
    discipline_list,
)


class ActionListView(HtmxResultsMixin, TemplateView):
    """``/acties/``: search and filter the published, current actions."""

    template_name = "actions/action_list.html"
    results_template_name = "actions/includes/_results.html"
    paginate_by = 20

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        filterset = ActionFilterSet(
            self.request.GET,
            queryset=action_catalogue(),
            action_types=action_type_list(),
            subregions=subregion_list(),
            audiences=audience_list(),
            disciplines=discipline_list(),
            today=today,
        )
        context.update(
            catalogue_context(
                filterset=filterset,
                request=self.request,
                per_page=self.paginate_by,
                rows=action_card_list,
            )
        )
        if not context["paginator"].count:
            # No dead end: the same search in a wider region or just outside the dates. Each
            # counts or reads the catalogue again: kept until public content changes, like the
            # number of results, for the same filters, day and language (labels).
            key = (sorted(filterset.valid_data.items()), today, get_language())
            context["wider_regions"] = until_content_changes(
                "action-wider-regions", filterset.wider_regions, *key
            )
            context["outside_dates"] = until_content_changes(
                "action-outside-dates", filterset.outside_dates, *key
            )
        context.update(
            {
                "action_types": filterset.action_types,
                "audiences": filterset.audiences,
                "disciplines": filterset.disciplines,
                "sort_choices": SORT_CHOICES,
                "is_results_request": self._is_results_request(),
                "today": today,
            }
        )
        return context


def action_json_ld(action: Action, *, og_image: dict | None) -> dict | None:
    """schema.org ``Event`` for a dated action. An action "on request" has no date, so it is
    not an event a search engine could list; it gets no JSON-LD."""
    if action.timing == Action.Timing.ON_REQUEST:
        return None
    online = "online" in action.location.casefold()
    place_name = action.location or ", ".join(s.name for s in action.subregions.all())
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": action.title,
        "description": action.summary,
        "url": absolute_url(action.get_absolute_url()),
        "startDate": action.start_date.isoformat(),
        "endDate": action.end_date.isoformat(),
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
        if online
        else "https://schema.org/OfflineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": absolute_url(action.get_absolute_url())}
        if online
        else {"@type": "Place", "name": place_name, "address": place_name},
        "organizer": [
            organisation_json_ld(action.organisation, is_public=action.organiser_is_public),
            *(
                organisation_json_ld(partner, is_public=partner.is_public)
                for partner in action.partners.all()
            ),
        ],
    }
    if og_image:
        data["image"] = [absolute_url(og_image["url"])]
    return data


def action_page_data(slug: str) -> dict | None:
    """What the page of the published action ``slug`` shows from the database (``None``
    when there is none): the action with its relations, its images, the public summary of its
    review and the stories about it."""
    try:
        action = action_get(slug=slug)
    except Action.DoesNotExist:
        return None
    return {
        "action": action,
        "images": list(action.images.all()),
        **review_public_summary(item=action),
        "stories": action_stories(action=action),
    }


class ActionDetailView(DetailView):
    """``/acties/<slug>/``: one published action (404 for anything else, past ones included)."""

    template_name = "actions/action_detail.html"
    context_object_name = "action"

    def get_object(self, queryset=None) -> Action:
        # What the page reads, the same for every visitor: kept until public content changes.
        self.page_data = until_content_changes(
            "action-page",
            lambda: action_page_data(self.kwargs["slug"]),
            self.kwargs["slug"],
            timezone.localdate(),
            store=PAGE_DATA_CACHE,
        )
        if self.page_data is None:
            raise Http404(_("There is no published action at this address."))
        return self.page_data["action"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        action = self.object
        today = timezone.localdate()
        # Link previews show the drawn share image (title, organisation, logo); search
        # engines get the action's own photo when it has one.
        og_image = share_image_meta(
            url=reverse("public:share-image-action", kwargs={"slug": action.slug}),
            alt=action.title,
        )
        context.update(
            {
                "today": today,
                "is_past": action.timing != Action.Timing.ON_REQUEST and action.end_date < today,
                **self.page_data,
                "og_image": og_image,
                "json_ld": action_json_ld(action, og_image=image_social(item=action) or og_image),
                "share_url": absolute_url(action.get_absolute_url()),
            }
        )
        if action.participation == Action.Participation.REGISTRATION:
            # Counted for every request (one query): the page itself is cached for anonymous
            # visitors only until a registration changes (Registration is public content).
            key = {"type_key": ACTION_REGISTRATIONS.key, "pk": action.pk}
            context["registration_places"] = item_places(item=action)
            context["register_url"] = reverse("registrations:register", kwargs=key)
            user = self.request.user
            context["own_registration_url"] = own_registration_url(item=action, user=user)
            if user.is_authenticated and user.has_perm(
                "registrations.manage_registrations", action
            ):
                context["registrations_url"] = reverse("portal:registration-list", kwargs=key)
        return context


class ActionCalendarView(View):
    """``/acties/<slug>/agenda.ics``: a dated, published action to add to one's calendar (an
    action on request has no date: 404)."""

    def get(self, request, slug: str):
        try:
            action = action_get(slug=slug)
        except Action.DoesNotExist:
            raise Http404(_("There is no published action at this address.")) from None
        if action.timing == Action.Timing.ON_REQUEST:
            raise Http404(_("This action has no date to put in a calendar."))
        return calendar_response(
            [action_calendar_entry(action)], filename=action.slug, name=action.title
        )
