"""The serializers of the public datasets: one row each, every field with a ``help_text`` (the
data dictionary, shown in the OpenAPI document, on ``/open-data/api/`` and by the downloads).

Nothing of a person: no email address (an action's ``participation_email`` may be someone's
own), no account, no contact point, no reviewer; organisations by their public name only, and
a private person who signed the charter (``Category.INDIVIDUAL``) never by name: the datasets
signatories and commitments leave them out, and an item they organise has no organisation
(``PublicOrganiserMixin``).
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from stemcharter.actions.models import Action
from stemcharter.charter.models import Commitment
from stemcharter.events.models import Event
from stemcharter.organisations.models import Category, Organisation
from stemcharter.regions.models import Subregion
from stemcharter.stories.models import Story
from stemcharter.vocabulary.models import ActionType, Audience, Discipline, Sector


@extend_schema_field(OpenApiTypes.URI)
class PublicPageField(serializers.Field):
    """The absolute address of the row's public page (``get_absolute_url``, in Dutch: the
    default language has no prefix; ``/en`` before the path gives the English page)."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value) -> str:
        path = value.get_absolute_url()
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class SlugListField(serializers.SlugRelatedField):
    """The slugs of a many-to-many relation (prefetched by the dataset's queryset)."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", many=False, read_only=True, **kwargs)


def slug_list(help_text, **kwargs) -> serializers.ManyRelatedField:
    return serializers.ManyRelatedField(
        child_relation=SlugListField(), read_only=True, help_text=help_text, **kwargs
    )


def is_private_person(organisation: Organisation | None) -> bool:
    """Whether ``organisation`` is a private person who signed the charter
    (``Category.INDIVIDUAL``): never named in open data (see the module)."""
    return organisation is not None and organisation.category == Category.INDIVIDUAL


class PublicOrganiserMixin(serializers.Serializer):
    """The organiser of an item by its public name, and its slug when it is a public signatory
    (``organiser_is_public``, annotated by the dataset's queryset), else null; both null for
    the coordinators and for a private person (``is_private_person``)."""

    organisation = serializers.SerializerMethodField(
        help_text=_(
            "The name of the organisation that publishes it, or null: the coordinators, or a "
            "private person (never named in open data)."
        ),
    )
    organisation_slug = serializers.SerializerMethodField(
        help_text=_(
            "The slug of that organisation in the dataset signatories; null when it is "
            "not a public signatory (any more) or a private person."
        )
    )

    def get_organisation(self, obj) -> str | None:
        if obj.organisation_id is None or is_private_person(obj.organisation):
            return None
        return obj.organisation.name

    def get_organisation_slug(self, obj) -> str | None:
        public = obj.organisation_id is not None and getattr(obj, "organiser_is_public", False)
        if not public or is_private_person(obj.organisation):
            return None
        return obj.organisation.slug


class SignatorySerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True, help_text=_("The signatory's unique key."))
    name = serializers.CharField(read_only=True, help_text=_("The organisation's name."))
    category = serializers.CharField(
        read_only=True, help_text=_("The category of the charter the organisation belongs to.")
    )
    sector = serializers.SlugRelatedField(
        allow_null=True,
        slug_field="slug",
        read_only=True,
        help_text=_("The sector's slug (dataset sectors), or null."),
    )
    town = serializers.CharField(read_only=True, help_text=_("The town it is based in."))
    website = serializers.CharField(read_only=True, help_text=_("Its website, or empty."))
    subregions = slug_list(_("The slugs of the regions it is active in (dataset subregions)."))
    signed_at = serializers.DateTimeField(
        read_only=True, help_text=_("When its signature of the charter was approved.")
    )
    charter_version = serializers.IntegerField(
        source="charter_version_number",
        read_only=True,
        help_text=_("The version of the charter it signed."),
    )
    url = PublicPageField(help_text=_("The address of its public page."))

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "category",
            "sector",
            "town",
            "website",
            "subregions",
            "signed_at",
            "charter_version",
            "url",
        ]


class CommitmentSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text=_("The commitment's unique key."))
    signatory = serializers.SlugField(
        source="signature.organisation.slug",
        read_only=True,
        help_text=_("The slug of the signatory that made it (dataset signatories)."),
    )
    description = serializers.CharField(
        read_only=True, help_text=_("The commitment in the signatory's own words.")
    )
    action_types = slug_list(_("The slugs of the types of action it commits to."))
    created_at = serializers.DateTimeField(read_only=True, help_text=_("When it was made."))

    class Meta:
        model = Commitment
        fields = ["id", "signatory", "description", "action_types", "created_at"]


class PublishedItemMixin(serializers.Serializer):
    """The fields of a reviewed item (an action, a story): when it was first published, when
    its current version was, and its public page."""

    first_published_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text=_("When it was first published.")
    )
    published_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text=_("When its current version was published.")
    )
    url = PublicPageField(help_text=_("The address of its public page."))


class ActionSerializer(PublicOrganiserMixin, PublishedItemMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True, help_text=_("The action's unique key."))
    title = serializers.CharField(read_only=True, help_text=_("The title."))
    summary = serializers.CharField(read_only=True, help_text=_("A short summary."))
    description = serializers.CharField(read_only=True, help_text=_("The full description."))
    action_type = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text=_("The slug of its type (action-types).")
    )
    location = serializers.CharField(read_only=True, help_text=_("Where it takes place."))
    timing = serializers.CharField(read_only=True, help_text=_("When, in words."))
    start_date = serializers.DateField(
        allow_null=True, read_only=True, help_text=_("The first day, or null (on request).")
    )
    end_date = serializers.DateField(
        allow_null=True, read_only=True, help_text=_("The last day, or null.")
    )
    places = serializers.IntegerField(
        allow_null=True,
        read_only=True,
        help_text=_("The number of places offered, or null (no limit)."),
    )
    group_min = serializers.IntegerField(
        allow_null=True, read_only=True, help_text=_("The smallest group it takes, or null.")
    )
    group_max = serializers.IntegerField(
        allow_null=True, read_only=True, help_text=_("The largest group it takes, or null.")
    )
    cost = serializers.CharField(read_only=True, help_text=_("What it costs, in words."))
    participation = serializers.CharField(
        read_only=True, help_text=_("How to take part (a code: registration, link, email, …).")
    )
    participation_url = serializers.CharField(
        read_only=True, help_text=_("The address to take part at, or empty.")
    )
    subregions = slug_list(_("The slugs of the regions it takes place in."))
    audiences = slug_list(_("The slugs of its target audiences (dataset audiences)."))
    disciplines = slug_list(_("The slugs of its STEM disciplines (dataset disciplines)."))

    class Meta:
        model = Action
        fields = [
            "slug",
            "title",
            "summary",
            "description",
            "action_type",
            "organisation",
            "organisation_slug",
            "location",
            "timing",
            "start_date",
            "end_date",
            "places",
            "group_min",
            "group_max",
            "cost",
            "participation",
            "participation_url",
            "subregions",
            "audiences",
            "disciplines",
            "first_published_at",
            "published_at",
            "url",
        ]


class EventSerializer(PublicOrganiserMixin, serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True, help_text=_("The event's unique key."))
    title = serializers.CharField(read_only=True, help_text=_("The title."))
    summary = serializers.CharField(read_only=True, help_text=_("A short summary."))
    venue_name = serializers.CharField(read_only=True, help_text=_("The venue, or empty."))
    venue_address = serializers.CharField(
        read_only=True, help_text=_("The venue's address, or empty.")
    )
    online_url = serializers.CharField(
        read_only=True, help_text=_("The address to follow it online, or empty.")
    )
    starts_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text=_("When it starts.")
    )
    ends_at = serializers.DateTimeField(
        allow_null=True, read_only=True, help_text=_("When it ends.")
    )
    audience = serializers.CharField(read_only=True, help_text=_("For whom (a code)."))
    capacity = serializers.IntegerField(
        allow_null=True, read_only=True, help_text=_("The number of places, or null (no limit).")
    )
    event_status = serializers.CharField(
        read_only=True, help_text=_("Whether it takes place as planned (a code).")
    )
    subregions = slug_list(_("The slugs of the regions it is for."))
    url = PublicPageField(help_text=_("The address of its public page."))

    class Meta:
        model = Event
        fields = [
            "slug",
            "title",
            "summary",
            "organisation",
            "organisation_slug",
            "venue_name",
            "venue_address",
            "online_url",
            "starts_at",
            "ends_at",
            "audience",
            "capacity",
            "event_status",
            "subregions",
            "url",
        ]


class StorySerializer(PublicOrganiserMixin, PublishedItemMixin, serializers.ModelSerializer):
    """A row of the dataset stories: the metadata of a story, not its text."""

    schema_description = _("A story's metadata (not its text).")

    slug = serializers.SlugField(read_only=True, help_text=_("The story's unique key."))
    title = serializers.CharField(read_only=True, help_text=_("The title."))
    kind = serializers.CharField(read_only=True, help_text=_("The kind of story (a code)."))
    summary = serializers.CharField(read_only=True, help_text=_("A short summary."))
    subregions = slug_list(_("The slugs of the regions it is about."))

    class Meta:
        model = Story
        fields = [
            "slug",
            "title",
            "kind",
            "summary",
            "organisation",
            "organisation_slug",
            "subregions",
            "first_published_at",
            "published_at",
            "url",
        ]


class SubregionSerializer(serializers.ModelSerializer):
    slug = serializers.SlugField(read_only=True, help_text=_("The region's unique key."))
    name_nl = serializers.CharField(read_only=True, help_text=_("Its name in Dutch."))
    name_en = serializers.CharField(read_only=True, help_text=_("Its name in English."))
    province = serializers.SlugField(
        source="province.slug", read_only=True, help_text=_("The slug of its province.")
    )
    province_name_nl = serializers.CharField(
        source="province.name_nl", read_only=True, help_text=_("Its province's name in Dutch.")
    )
    province_name_en = serializers.CharField(
        source="province.name_en", read_only=True, help_text=_("Its province's name in English.")
    )
    url = PublicPageField(help_text=_("The address of its public page."))

    class Meta:
        model = Subregion
        fields = [
            "slug",
            "name_nl",
            "name_en",
            "province",
            "province_name_nl",
            "province_name_en",
            "url",
        ]


def vocabulary_serializer(model, extra: dict | None = None) -> type[serializers.ModelSerializer]:
    """A serializer of a vocabulary: slug and names in both languages, plus ``extra`` fields
    (name: serializer field)."""
    declared = {
        "slug": serializers.SlugField(read_only=True, help_text=_("The term's unique key.")),
        "name_nl": serializers.CharField(read_only=True, help_text=_("Its name in Dutch.")),
        "name_en": serializers.CharField(read_only=True, help_text=_("Its name in English.")),
        **(extra or {}),
    }
    meta = type("Meta", (), {"model": model, "fields": list(declared)})
    name = f"{model.__name__}Serializer"
    return type(name, (serializers.ModelSerializer,), {**declared, "Meta": meta})


ActionTypeSerializer = vocabulary_serializer(
    ActionType,
    {
        "position": serializers.IntegerField(
            read_only=True, help_text=_("Its place in the lists.")
        ),
        "is_active": serializers.BooleanField(
            read_only=True, help_text=_("Whether new actions may still take it.")
        ),
    },
)
AudienceSerializer = vocabulary_serializer(
    Audience,
    {"position": serializers.IntegerField(read_only=True, help_text=_("Its place in the lists."))},
)
DisciplineSerializer = vocabulary_serializer(
    Discipline,
    {"position": serializers.IntegerField(read_only=True, help_text=_("Its place in the lists."))},
)
SectorSerializer = vocabulary_serializer(Sector)
