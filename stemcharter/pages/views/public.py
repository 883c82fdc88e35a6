"""Public pages that gather many apps: the home page and each signatory's page.

Both are read pages for anyone: they work without JavaScript, set no cookie for anonymous
visitors (no session writes, no messages framework, no CSRF token) and use a constant number
of queries.
"""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import DetailView, TemplateView

from stemcharter.actions.selectors import action_latest, action_of_organisation
from stemcharter.charter.selectors import (
    signatory_commitments,
    signatory_counts,
    signatory_get,
    signatory_latest,
)
from stemcharter.common.fragments import PAGE_DATA_CACHE, until_content_changes
from stemcharter.images.share_images import share_image_meta
from stemcharter.organisations.models import Organisation
from stemcharter.organisations.selectors import subregion_list
from stemcharter.progress.proof import proof_for_viewer, signatory_proof  # --- proof ---
from stemcharter.progress.selectors import public_progress  # report
from stemcharter.stories.selectors import story_latest, story_of_organisation
from stemcharter.support.selectors import signatory_support_counts, support_stats


def home_latest() -> dict:
    """The newest actions, stories and signatories the home page shows."""
    return {
        "latest_actions": action_latest(limit=3),
        "latest_stories": story_latest(limit=3),
        "latest": signatory_latest(limit=6),
        # How schools' support requests were answered, everywhere (counts, no details).
        "support_stats": support_stats(),
    }


class HomeView(TemplateView):
    """The home page: first a pupil's way in (actions near you, the newest actions and
    stories), then what the charter is, how many signed (per category) and who signed last."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        context["subregions"] = subregion_list()
        # The newest of each, the same for every visitor: kept until public content changes.
        context.update(
            until_content_changes("home-latest", home_latest, today, store=PAGE_DATA_CACHE)
        )
        context["today"] = today
        context["counts"] = signatory_counts()
        return context


def signatory_page_data(slug: str) -> dict | None:
    """What the page of the public signatory ``slug`` shows from the database (``None`` when
    there is none): what it promised (commitments) beside what it did (actions and stories)."""
    try:
        organisation = signatory_get(slug=slug)
    except Organisation.DoesNotExist:
        return None
    actions, more_actions = action_of_organisation(organisation=organisation)
    stories, more_stories = story_of_organisation(organisation=organisation)
    commitments = signatory_commitments(organisation=organisation)
    return {
        "organisation": organisation,
        "commitments": commitments,
        # --- proof --- Per commitment and year what it delivered, gaps too (the view filters).
        "proof": signatory_proof(
            organisation=organisation, commitments=commitments, signed_at=organisation.signed_at
        ),
        # --- end of proof ---
        "actions": actions,
        "more_actions": more_actions,
        "stories": stories,
        "more_stories": more_stories,
        # What it did for schools' support requests this year (counts, no details).
        "support_counts": signatory_support_counts(
            organisation=organisation, year=timezone.localdate().year
        ),
        # --- report --- Its published progress reports, and "did not report" lines.
        "progress": public_progress(organisation=organisation),
        # --- end of report ---
    }


class SignatoryDetailView(DetailView):
    """``/ondertekenaars/<slug>/``: one public signatory (404 for any other organisation)."""

    template_name = "organisations/organisation_detail.html"
    context_object_name = "organisation"

    def get_object(self, queryset=None) -> Organisation:
        # What the page reads, the same for every visitor: kept until public content changes.
        self.page_data = until_content_changes(
            "signatory-page",
            lambda: signatory_page_data(self.kwargs["slug"]),
            self.kwargs["slug"],
            timezone.localdate(),
            store=PAGE_DATA_CACHE,
        )
        if self.page_data is None:
            raise Http404(_("There is no public signatory at this address."))
        return self.page_data["organisation"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(self.page_data)
        context["today"] = timezone.localdate()
        # --- images-reach --- Link previews show the drawn share image (name, logo, date).
        context["og_image"] = share_image_meta(
            url=reverse("public:share-image-signatory", kwargs={"slug": self.object.slug}),
            alt=_("%(name)s signed the STEM-charter.") % {"name": self.object.name},
            alt_translated=True,
        )
        # --- proof --- The gaps only for whom may see them (progress.see_commitment_gaps).
        context["proof"] = proof_for_viewer(
            proof=self.page_data["proof"], user=user, organisation=self.object
        )
        # --- end of proof ---
        context["is_member"] = (
            user.is_authenticated and self.object.memberships.filter(user=user).exists()
        )
        return context
