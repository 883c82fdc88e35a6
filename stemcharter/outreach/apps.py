from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    """The snowball (issue 14): signatories inviting others, the coordinators' outreach
    pipeline of prospects, share links and their reach counted in aggregate."""

    name = "stemcharter.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        # --- pipeline ---
        # --- reach ---
        from stemcharter.charter.signals import signature_signed

        from .services import signature_signed_receiver

        signature_signed.connect(signature_signed_receiver, dispatch_uid="outreach-reach-referral")
        # --- end of reach ---
        pass
