from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportConfig(AppConfig):
    """Support requests (a school's ask), offers (a signatory's answer) and partner calls."""

    name = "stemcharter.support"
    label = "support"
    verbose_name = _("Support requests")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from . import audit_labels, personal_data, rules  # noqa: F401
        from .models import SupportRequest

        # Public pages show counts of requests (answered, delivered, the median time to the
        # first offer, which the first offer writes on its request), never their details.
        register_public_content(SupportRequest)

        # calls: an accepted offer is a collaboration (partner calls suggest others).
        from stemcharter.organisations.collaborations import collaborations_register

        from .selectors import support_collaborators

        collaborations_register("support", support_collaborators)
