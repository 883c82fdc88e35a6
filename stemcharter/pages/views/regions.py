"""The public region pages: ``/regio/`` (the provinces and their subregions, with counts) and
``/regio/<slug>/`` (one subregion: its contact points and how to reach them, the signatories
active there, its actions and stories, its feeds).

Read pages for anyone, like the home page: no cookie for anonymous visitors, a constant number
of queries, and what they read kept until public content changes.
"""

from django.core.validators import slug_re
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.pages.selectors import region_overview, subregion_page_data
from stemcharter.regions.models import Subregion


class RegionListView(TemplateView):
    """``/regio/``: each province as a heading, its subregions with how many signatories are
    active there and how many actions are current."""

    template_name = "regions/region_list.html"

    def get(self, request, *args, **kwargs):
        # The home page's "near you" form sends its choice here (``?subregion=<slug>``): on to
        # that region's page; an unknown or empty choice shows the list.
        slug = request.GET.get("subregion", "")
        # Only a slug is looked up (PostgreSQL refuses a NUL byte in a query: a 500).
        if slug_re.fullmatch(slug) and Subregion.objects.filter(slug=slug).exists():
            return redirect("regions:subregion-detail", slug=slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["subregions"] = until_content_changes(
            "region-overview", lambda: region_overview(today=today), today, store=PAGE_DATA_CACHE
        )
        return context


class SubregionDetailView(TemplateView):
    """``/regio/<slug>/``: one subregion (404 for a slug that is none)."""

    template_name = "regions/subregion_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        slug = self.kwargs["slug"]
        data = until_content_changes(
            "region-page",
            lambda: subregion_page_data(slug=slug, today=today),
            slug,
            today,
            store=PAGE_DATA_CACHE,
        )
        if data is None:
            raise Http404(_("There is no region at this address."))
        context.update(data)
        context["today"] = today
        return context
