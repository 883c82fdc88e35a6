"""Read queries for provinces, subregions and their contact points."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet

from .models import Province, Subregion


def province_list_with_subregions() -> QuerySet[Province]:
    """Provinces, each with ``subregions`` (with contact points and organisation counts)."""
    subregions = (
        Subregion.objects.annotate(organisation_count=Count("organisations", distinct=True))
        .prefetch_related("contact_points")
        .order_by("name_nl")
    )
    return Province.objects.prefetch_related(Prefetch("subregions", queryset=subregions))


def contact_point_candidate(*, email: str):
    """The active account with this email address, or None."""
    return get_user_model().objects.filter(email__iexact=email.strip(), is_active=True).first()


def subregion_neighbours(*, slugs: list[str]) -> list[Subregion]:
    """The subregions that border any of these (not these themselves), with their province, in
    province order: where to look next when a search in these finds nothing. One query."""
    return list(
        Subregion.objects.with_province()
        .filter(neighbours__slug__in=slugs)
        .exclude(slug__in=slugs)
        .distinct()
    )
