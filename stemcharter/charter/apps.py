from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CharterConfig(AppConfig):
    name = "stemcharter.charter"
    label = "charter"
    verbose_name = _("Charter")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import CharterVersion, Commitment, Signature

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(CharterVersion, Signature, Commitment)

        from . import audit_labels, personal_data, receivers  # noqa: F401

        _register_signatory_condition()

        from stemcharter.organisations.offers import offer_source_register

        from .offers import COMMITMENT_OFFERS

        # Support requests (issue 13) match signatories on the action types they commit to.
        offer_source_register(COMMITMENT_OFFERS)


def _register_signatory_condition() -> None:
    """``Organisation.objects.signatories()`` asks the charter which organisations are
    signatories (organisations lies below the charter and does not name it)."""
    from stemcharter.organisations.models import signatory_condition_register

    from .selectors import signatory_condition

    signatory_condition_register(signatory_condition)
