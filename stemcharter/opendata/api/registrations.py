"""The public datasets (``opendata.datasets``), registered once from ``OpenDataConfig.ready``:
the API and the open-data downloads both read them.

Each queryset starts from the owning app's public selector (what an anonymous visitor sees on
its public pages: approved signatories, published actions, events and stories), adds what the
serializer reads in a constant number of queries (select_related, prefetches), and is ordered
by its primary key: unique and indexed, so pages and exports are stable.
"""

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _

from stemcharter.actions.selectors import action_catalogue
from stemcharter.charter.models import Commitment, Signature
from stemcharter.charter.selectors import signatory_exists, signatory_list
from stemcharter.events.selectors import event_published
from stemcharter.organisations.models import Category
from stemcharter.regions.models import Subregion
from stemcharter.stories.selectors import story_catalogue
from stemcharter.vocabulary.models import ActionType, Audience, Discipline, Sector

from ..datasets import Dataset, register
from . import serializers
from .filters import (
    ActionApiFilterSet,
    EventApiFilterSet,
    SignatoryApiFilterSet,
    StoryApiFilterSet,
)
from .views import interpolated


def _slugs(relation: str, model) -> Prefetch:
    return Prefetch(relation, queryset=model.objects.only("pk", "slug").order_by("slug"))


def signatories() -> QuerySet:
    """Approved signatories (``charter.selectors.signatory_list``), with their regions; not the
    individuals who signed as private persons (``Category.INDIVIDUAL``): their page names them,
    but open data under CC BY holds no private persons (``/open-data/`` says so)."""
    return (
        signatory_list()
        .exclude(category=Category.INDIVIDUAL)
        .prefetch_related(_slugs("subregions", Subregion))
        .order_by("id")
    )


def commitments() -> QuerySet:
    """The commitments of the approved signatures (those the signatories' pages show), but
    not those of individuals (see ``signatories``)."""
    return (
        Commitment.objects.filter(signature__status=Signature.Status.APPROVED)
        .exclude(signature__organisation__category=Category.INDIVIDUAL)
        .select_related("signature__organisation")
        .prefetch_related(_slugs("action_types", ActionType))
        .order_by("id")
    )


def actions() -> QuerySet:
    """Published actions (``actions.selectors.action_catalogue``)."""
    return (
        action_catalogue()
        .annotate(organiser_is_public=signatory_exists("organisation"))
        .prefetch_related(
            _slugs("subregions", Subregion),
            _slugs("audiences", Audience),
            _slugs("disciplines", Discipline),
        )
        .order_by("id")
    )


def events() -> QuerySet:
    """Published events (``events.selectors.event_published``)."""
    return (
        event_published()
        .annotate(organiser_is_public=signatory_exists("organisation"))
        .prefetch_related(None)
        .prefetch_related(_slugs("subregions", Subregion))
        .order_by("id")
    )


def stories() -> QuerySet:
    """Published stories (``stories.selectors.story_catalogue``), their metadata."""
    return (
        story_catalogue()
        .annotate(organiser_is_public=signatory_exists("organisation"))
        .prefetch_related(_slugs("subregions", Subregion))
        .order_by("id")
    )


def subregions() -> QuerySet:
    return Subregion.objects.select_related("province").order_by("id")


register(
    Dataset(
        key="signatories",
        title=_("Signatories"),
        # The category by its label, in the reader's language (its code as the data has it).
        description=interpolated(
            _(
                "The organisations whose signature of the charter was approved, as the "
                "directory of signatories shows them, but not the private persons who signed "
                "(the category “%(category)s”, %(code)s in the data)."
            ),
            {"category": Category.INDIVIDUAL.label, "code": Category.INDIVIDUAL.value},
        ),
        queryset=signatories,
        serializer_class=serializers.SignatorySerializer,
        filterset_class=SignatoryApiFilterSet,
    )
)
register(
    Dataset(
        key="commitments",
        title=_("Commitments"),
        description=_(
            "What each signatory of the dataset signatories committed to when it signed: types "
            "of action, in its own words. Not the commitments of private persons."
        ),
        queryset=commitments,
        serializer_class=serializers.CommitmentSerializer,
        lookup_field="id",
    )
)
register(
    Dataset(
        key="actions",
        title=_("Actions"),
        description=_(
            "Every published action, past and current. A private person who organises one is "
            "not named."
        ),
        list_note=_(
            "Like the catalogue, the API's list shows current actions unless past=1; a detail "
            "finds any published action."
        ),
        queryset=actions,
        serializer_class=serializers.ActionSerializer,
        filterset_class=ActionApiFilterSet,
    )
)
register(
    Dataset(
        key="events",
        title=_("Events"),
        description=_(
            "Every published event, past and upcoming. A private person who organises one is "
            "not named."
        ),
        list_note=_(
            "Like the events page, the API's list shows upcoming events unless tab=past (then "
            "the past ones); a detail finds any published event."
        ),
        queryset=events,
        serializer_class=serializers.EventSerializer,
        filterset_class=EventApiFilterSet,
    )
)
register(
    Dataset(
        key="stories",
        title=_("Stories"),
        description=_(
            "Every published story: its title, kind, summary, organisation, regions, dates and "
            "address, not its text. A private person who wrote one is not named."
        ),
        queryset=stories,
        serializer_class=serializers.StorySerializer,
        filterset_class=StoryApiFilterSet,
    )
)
register(
    Dataset(
        key="subregions",
        title=_("Regions"),
        description=_("The regions of Flanders and Brussels, with their province."),
        queryset=subregions,
        serializer_class=serializers.SubregionSerializer,
    )
)
for key, title, model, serializer in (
    ("action-types", _("Types of action"), ActionType, serializers.ActionTypeSerializer),
    ("audiences", _("Target audiences"), Audience, serializers.AudienceSerializer),
    ("disciplines", _("STEM disciplines"), Discipline, serializers.DisciplineSerializer),
    ("sectors", _("Sectors"), Sector, serializers.SectorSerializer),
):
    register(
        Dataset(
            key=key,
            title=title,
            description=_("Every term of a list the other datasets name by their slug."),
            queryset=lambda model=model: model.objects.order_by("id"),
            serializer_class=serializer,
        )
    )
