from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    """The movement at a glance (issue 15): the coordinators' dashboards in the back office and
    the public headline figures (``/in-cijfers/``). It reads what the other apps record and
    writes nothing of its own."""

    name = "stemcharter.insight"
    label = "insight"
    verbose_name = _("Insight")
