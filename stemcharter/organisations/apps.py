from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "stemcharter.organisations"
    label = "organisations"
    verbose_name = _("Organisations")

    def ready(self) -> None:
        from stemcharter.common.page_cache import register_public_content

        from .models import Organisation

        # Shown on public pages: a change makes the cached pages stale (common.page_cache).
        register_public_content(Organisation)

        from stemcharter.common.mixins import portal_organisations_register

        from . import audit_labels, personal_data  # noqa: F401
        from .models import Organisation

        # The portal (common's PortalAccessMixin) looks an organisation up among these only.
        portal_organisations_register(lambda user: Organisation.objects.for_member(user))
