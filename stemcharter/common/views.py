from django.views.generic import TemplateView

from stemcharter.organisations.selectors import signatory_counts, signatory_latest


class HomeView(TemplateView):
    """The home page: what the charter is, how many signed (per category) and who signed last."""

    template_name = "public/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = signatory_counts()
        context["latest"] = signatory_latest(limit=6)
        return context
