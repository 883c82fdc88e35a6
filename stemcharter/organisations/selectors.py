"""Read queries for organisations and the public directory of signatories."""

from django.db.models import Count, F, Prefetch, QuerySet

from .models import Category, Organisation


def signatory_list() -> QuerySet[Organisation]:
    """Public signatories with what a card needs, in a constant number of queries."""
    from stemcharter.charter.models import Signature

    return (
        Organisation.objects.signatories()
        .annotate(
            signed_at=F("signatures__decided_at"),
            charter_version_number=F("signatures__charter_version__number"),
        )
        .select_related("sector")
        .prefetch_related(
            Prefetch("subregions"),
            Prefetch(
                "signatures",
                queryset=Signature.objects.approved().select_related("charter_version"),
                to_attr="approved_signatures",
            ),
        )
    )


def signatory_latest(*, limit: int = 6) -> list[Organisation]:
    return list(signatory_list().order_by("-signed_at", "name")[:limit])


def signatory_counts() -> dict:
    """Number of public signatories per category, with labels, and the total."""
    rows = dict(
        Organisation.objects.signatories()
        .values_list("category")
        .annotate(n=Count("pk", distinct=True))
        .values_list("category", "n")
    )
    per_category = [
        {"value": value, "label": label, "count": rows.get(value, 0)}
        for value, label in Category.choices
    ]
    return {"total": sum(rows.values()), "per_category": per_category}
