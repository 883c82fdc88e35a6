"""The back-office home: the numbers and queues of several apps (signatures from the charter,
everything waiting in the review queue, the user's subregions) and the way
to each; the workspace of a contact point (their subregions: what waits for them, the upcoming
events there with their registrations, the signatories there and their commitments), which a
coordinator sees for every subregion or the one they choose."""

from django.views.generic import TemplateView

from stemcharter.charter.selectors import signature_counts, signature_queue_oldest
from stemcharter.common.mixins import BackofficeAccessMixin
from stemcharter.pages.selectors import workspace
from stemcharter.reviews.selectors import review_queue_count


class HomeView(BackofficeAccessMixin, TemplateView):
    """``/beheer/``: contact points and coordinators; coordinators also see the signatures."""

    template_name = "charter/backoffice/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = signature_counts()
        if self.request.user.has_perm("accounts.coordinate"):
            context["oldest"] = signature_queue_oldest(limit=5, reviewer=self.request.user)
        context["my_subregions"] = self.request.user.contact_point_for.select_related("province")
        context["review_count"] = review_queue_count(user=self.request.user)
        context["workspace"] = workspace(
            user=self.request.user, subregion_slug=self.request.GET.get("subregion", "")
        )
        return context
