from django.utils import timezone
from django.views.generic import TemplateView

from stemcharter.actions.selectors import action_latest
from stemcharter.organisations.selectors import signatory_counts, signatory_latest, subregion_list
from stemcharter.stories.selectors import story_latest


class HomeView(TemplateView):
    """The home page: first a pupil's way in (actions near you, the newest actions and
    stories), then what the charter is, how many signed (per category) and who signed last."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subregions"] = subregion_list()
        context["latest_actions"] = action_latest(limit=3)
        context["latest_stories"] = story_latest(limit=3)
        context["today"] = timezone.localdate()
        context["counts"] = signatory_counts()
        context["latest"] = signatory_latest(limit=6)
        return context
