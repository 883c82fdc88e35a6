"""Actions in the signatory portal: the generic item portal of ``reviews`` configured for
actions (steps, services, permissions). Partners see joint actions, read-only. ``urls.py``
mounts it (``reviews.portal_urls.item_portal_urlpatterns``)."""

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stemcharter.common.wizard import Step
from stemcharter.reviews.portal import ItemPortal, PortalTexts

from . import services
from .forms import ActionWhatForm, ActionWhenHowForm, ActionWhoWhereForm
from .models import Action
from .registrable import ACTION_REGISTRATIONS


def _create(*, organisation, by, data) -> Action:
    return services.action_create(organisation=organisation, by=by, data=data)


def _update(*, item, by, data) -> Action:
    return services.action_update(action=item, by=by, data=data)


def _registration_links(action: Action, user) -> list[tuple[str, str, str]]:
    """The registrations of a live action that takes them, for those who manage them."""
    if (
        action.participation != Action.Participation.REGISTRATION
        or action.is_revision
        or not user.has_perm("registrations.manage_registrations", action)
    ):
        return []
    url = reverse(
        "portal:registration-list", kwargs={"type_key": ACTION_REGISTRATIONS.key, "pk": action.pk}
    )
    return [(gettext("Registrations"), gettext("See the registrations"), url)]


ACTION_PORTAL = ItemPortal(
    key="action",
    model=Action,
    segment="acties",
    steps=(
        Step("wat", _("What is the action?"), ActionWhatForm),
        Step("voor-wie-en-waar", _("For whom and where?"), ActionWhoWhereForm),
        Step(
            "wanneer-en-hoe",
            _("When and how to take part?"),
            ActionWhenHowForm,
            template_name="actions/portal/_step_when_how.html",
        ),
        Step("afbeeldingen", _("Images")),
    ),
    create=_create,
    update=_update,
    add_permission="actions.add_action",
    change_permission="actions.change_action",
    view_permission="actions.view_action",
    visible_to=lambda organisation: Action.objects.involving(organisation),
    partner_field="partners",
    kind_label=lambda action: action.action_type.name,
    list_select_related=("action_type",),
    extra_links=_registration_links,
    texts=PortalTexts(
        items=_("Actions"),
        new=_("New action"),
        empty=_(
            "There are no actions yet. Create one: an internship, an open day, a guest lesson, "
            "a joint project…"
        ),
        not_signatory=_(
            "Your organisation can publish actions once a coordinator has approved its "
            "signature of the charter. Has it not signed yet? An admin of your organisation "
            "signs the charter from the portal home page."
        ),
        read_only=_(
            "%(organisation)s organises this joint action with your organisation as a partner. "
            "Only the members of %(organisation)s can change it."
        ),
    ),
)
