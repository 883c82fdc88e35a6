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
        from stemcharter.charter.signals import signature_approved

        from . import audit_labels, personal_data  # noqa: F401
        from .services import signature_approved_receiver

        # An approved signature marks the prospects it is as signed (and links them).
        signature_approved.connect(
            signature_approved_receiver, dispatch_uid="outreach_prospects_signed"
        )
        # --- end of pipeline ---
        # --- reach ---
        from stemcharter.charter.signals import signature_signed

        from .services import signature_signed_receiver

        signature_signed.connect(signature_signed_receiver, dispatch_uid="outreach-reach-referral")
        # --- end of reach ---
        # The back office's signature page names a share link's channel in words.
        from stemcharter.charter.referrals import register_channel_labels

        from .models import Channel

        register_channel_labels(dict(Channel.choices))
