"""A member's registrations (made in one click with their account), registered with accounts
(stemcharter/accounts/registry.py) by ``RegistrationsConfig.ready``. Visitors' registrations
have no account: their names and addresses are erased after the activity
(``services.registrations_erase_personal_data``)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from stemcharter.accounts.registry import PersonalData, register_personal_data
from stemcharter.accounts.selectors import iso_datetime

from .models import Registration
from .registry import registrable_type_for
from .services import registrations_of_user_erase


def _export(user) -> list[dict]:
    rows = []
    for registration in Registration.objects.filter(user=user).select_related("content_type"):
        model = registration.content_type.model_class()
        item = model._base_manager.filter(pk=registration.object_id).first() if model else None
        rows.append(
            {
                "for": registrable_type_for(item).title(item) if item is not None else "",
                "status": registration.state,
                "kind": registration.kind,
                "group": registration.group_name,
                "places": registration.seats,
                "registered_at": iso_datetime(registration.created_at),
            }
        )
    return rows


register_personal_data(
    PersonalData(
        key="registrations",
        fields=("registrations.Registration.user",),
        order=55,
        export=_export,
        summary=lambda registrations: (
            (
                ngettext(
                    "%(counter)s registration for an activity",
                    "%(counter)s registrations for activities",
                    len(registrations),
                )
                % {"counter": len(registrations)}
            )
            if registrations
            else ""
        ),
        on_delete=_("your registrations for activities are cancelled and removed;"),
        erase=lambda user: registrations_of_user_erase(user=user),
    )
)
