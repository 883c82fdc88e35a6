"""Public pages: the directory of signatories and each signatory's page.

Both are read pages for anyone: they work without JavaScript, set no cookie for anonymous
visitors (no session writes, no messages framework, no CSRF token) and use a constant number
of queries.
"""

from django.core.paginator import Page
from django.http import Http404
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from stemcharter.actions.selectors import action_of_organisation
from stemcharter.common.filters import lenient_page
from stemcharter.stories.selectors import story_of_organisation

from ..filters import SORT_CHOICES, SignatoryFilterSet
from ..models import Organisation
from ..selectors import (
    sector_list,
    signatory_commitments,
    signatory_counts,
    signatory_get,
    signatory_list,
    subregion_list,
)


class OrganisationListView(TemplateView):
    """``/ondertekenaars/``: search, filter, sort and page through the public signatories."""

    template_name = "organisations/organisation_list.html"
    results_template_name = "organisations/includes/_results.html"
    paginate_by = 20

    def _is_results_request(self) -> bool:
        # htmx updates only the results when the filter form changes; a history restore or
        # any other htmx request gets the whole page.
        htmx = getattr(self.request, "htmx", None)
        return bool(htmx) and htmx.target == "results" and not htmx.history_restore_request

    def get_template_names(self) -> list[str]:
        if self._is_results_request():
            return [self.results_template_name]
        return [self.template_name]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        patch_vary_headers(response, ("HX-Request", "HX-Target"))
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = SignatoryFilterSet(
            self.request.GET,
            queryset=signatory_list(),
            sectors=sector_list(),
            subregions=subregion_list(),
        )
        page = self._page(filterset.qs, filterset.notices)
        chips = filterset.chips()
        context.update(
            {
                "filterset": filterset,
                "selected": filterset.selected(),
                "chips": chips,
                # A search or filter changes the <title> too, so screen readers announce the count.
                "filters_active": bool(chips),
                "sectors": filterset.sectors,
                "subregions": filterset.subregions,
                "sort_choices": SORT_CHOICES,
                "category_counts": signatory_counts(
                    queryset=filterset.apply(signatory_list(), skip=["category"])
                )["per_category"],
                "page_obj": page,
                "paginator": page.paginator,
                "notices": filterset.notices,
                "is_results_request": self._is_results_request(),
            }
        )
        return context

    def _page(self, queryset, notices: list[str]) -> Page:
        return lenient_page(
            queryset,
            per_page=self.paginate_by,
            number=self.request.GET.get("page"),
            notices=notices,
        )


class OrganisationDetailView(DetailView):
    """``/ondertekenaars/<slug>/``: one public signatory (404 for any other organisation)."""

    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None) -> Organisation:
        try:
            return signatory_get(slug=self.kwargs["slug"])
        except Organisation.DoesNotExist:
            raise Http404(_("There is no public signatory at this address.")) from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["commitments"] = signatory_commitments(organisation=self.object)
        # What it promised (commitments) beside what it did (actions and stories).
        context["actions"], context["more_actions"] = action_of_organisation(
            organisation=self.object
        )
        context["stories"], context["more_stories"] = story_of_organisation(
            organisation=self.object
        )
        context["today"] = timezone.localdate()
        context["is_member"] = (
            user.is_authenticated and self.object.memberships.filter(user=user).exists()
        )
        return context
