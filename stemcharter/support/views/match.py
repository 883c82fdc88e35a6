"""The signatory's list of school requests it can help with, and the digest's opt-out link
(issue 13, the matching part).

The list: members of an approved signatory (``PortalAccessMixin`` finds the organisation among
the user's own: another's is a 404). It shows what a signatory may see of a request (kind,
topic, disciplines, subregion, dates, pupils, deadline, the school's name and town), never the
asker nor the other offers; only whether this signatory offered. Its POST turns the person's
daily digest on or off. The opt-out page needs no login: its signed link is the key.
"""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from stemcharter.common.filters import lenient_page
from stemcharter.common.mixins import PortalAccessMixin
from stemcharter.organisations.models import Organisation

from .. import services
from ..digest_links import OptOutLinkProblem, user_from_opt_out_token
from ..filters import SupportRequestFilterSet
from ..selectors import (
    request_town,
    support_digest_receives,
    support_offer_path,
    support_request_rows,
    support_requests_matching,
    support_requests_open_to,
)

LIST_PAGE_SIZE = 25


class SupportRequestMatchingListView(PortalAccessMixin, TemplateView):
    template_name = "support/match/request_list.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not self._is_signatory():
            raise Http404  # only signatories offer help
        return super().dispatch(request, *args, **kwargs)

    def _is_signatory(self) -> bool:
        return Organisation.objects.signatories().filter(pk=self.organisation.pk).exists()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = self.organisation
        filterset = SupportRequestFilterSet(self.request.GET or None)
        base = (
            support_requests_open_to(organisation)
            if filterset.shows_all
            else support_requests_matching(organisation)
        )
        requests = support_request_rows(
            filterset.filtered(base, skip=("scope",)), organisation=organisation
        ).order_by("answer_deadline", "-created_at", "id")
        page = lenient_page(
            requests,
            per_page=LIST_PAGE_SIZE,
            number=self.request.GET.get("page"),
            notices=filterset.notices,
        )
        for support_request in page.object_list:
            support_request.town = request_town(support_request)
            support_request.offer_url = support_offer_path(
                organisation_slug=organisation.slug, support_request_pk=support_request.pk
            )
        context.update(
            {
                "filters": filterset.form,
                "filterset": filterset,
                "active": filterset.active,
                "labels": filterset.labels(),
                "shows_all": filterset.shows_all,
                "notices": filterset.notices,
                "page_obj": page,
                "paginator": page.paginator,
                "support_requests": page.object_list,
                "receives_digest": support_digest_receives(self.request.user),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        """Turn the person's daily digest on or off."""
        choice = request.POST.get("digest")
        if choice not in ("on", "off"):
            messages.error(request, _("Choose to turn the daily email on or off."))
        else:
            services.support_digest_set(user=request.user, receives=choice == "on")
            if choice == "on":
                messages.success(request, _("You get a daily email when schools ask for help."))
            else:
                messages.success(request, _("You no longer get the daily email."))
        return HttpResponseRedirect(request.get_full_path())


@method_decorator(never_cache, name="dispatch")
class DigestOptOutView(TemplateView):
    """The one-click opt-out of the digest's emails: GET asks to confirm (a mail scanner that
    follows links turns nothing off), POST turns it off. A changed, made-up or old link gets a
    page that says so."""

    template_name = "support/match/digest_opt_out.html"

    def dispatch(self, request, *args, **kwargs):
        try:
            self.person = user_from_opt_out_token(kwargs["token"])
        except OptOutLinkProblem as problem:
            return render(
                request,
                "support/match/digest_link_problem.html",
                {"reason": problem.reason},
                status=404,
            )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["receives_digest"] = support_digest_receives(self.person)
        return context

    def post(self, request, *args, **kwargs):
        services.support_digest_set(user=self.person, receives=False)
        return render(request, "support/match/digest_opted_out.html")
