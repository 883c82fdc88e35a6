"""Conflict of interest: nobody decides on something that names an organisation of theirs.

The one rule for every decision of the back office: the review of actions and stories
(``reviews.models.Reviewable``) and the decision on a signature (``charter.models.Signature``),
see ``docs/adr/0001-signature-workflow.md``. It lives here, below both, because it is about
memberships. A model takes part by inheriting ``NamesOrganisations`` (listing the relations to
the organisations named on it) with a queryset that inherits ``ConflictOfInterestQuerySet``.
The permissions (``has_conflict_of_interest``), the queues (``without_conflict_of_interest``),
the services and the emails to reviewers (``named_organisations``) all ask these, so what a
reviewer sees and what they may decide never disagree.
"""

from typing import ClassVar

from django.db import models
from django.db.models import Q

from .models import Organisation


def member_organisation_ids(user) -> models.QuerySet:
    """The ids of the organisations ``user`` is a member of (none for None or a visitor), as a
    subquery."""
    if user is None:
        return Organisation.objects.none().values("pk")
    return Organisation.objects.for_member(user).values("pk")


class ConflictOfInterestQuerySet(models.QuerySet):
    def without_conflict_of_interest(self, user) -> "ConflictOfInterestQuerySet":
        """The rows on which no organisation of ``user`` is named: the only ones ``user`` may
        decide on (all of them for None or a visitor, who belong to no organisation)."""
        if user is None or not user.is_authenticated:
            return self.all()
        organisation_ids = member_organisation_ids(user)
        condition = Q(pk__in=[])
        for path in self.model.named_organisation_paths():
            condition |= Q(**{f"{path}__in": organisation_ids})
        # A subquery on the primary key: an exclude across a many-to-many relation would
        # not mean "none of them".
        naming = self.model._default_manager.filter(condition)
        return self.exclude(pk__in=naming.values("pk"))


class NamesOrganisations(models.Model):
    """Abstract base of a model on which organisations are named, whose members may not decide
    on it. Its manager must come from ``ConflictOfInterestQuerySet``."""

    # The relations (foreign key or many-to-many) from a row to the organisations named on it.
    named_organisation_fields: ClassVar[tuple[str, ...]] = ("organisation",)

    class Meta:
        abstract = True

    @classmethod
    def named_organisation_paths(cls) -> list[str]:
        """The lookups from a row to its named organisations (``named_organisation_fields``;
        a model may add paths through other rows, as a working copy does to its live item)."""
        return list(cls.named_organisation_fields)

    def named_organisations(self) -> models.QuerySet:
        """The organisations named on this row."""
        row = type(self)._default_manager.filter(pk=self.pk)
        condition = Q(pk__in=[])
        for path in self.named_organisation_paths():
            condition |= Q(pk__in=row.exclude(**{f"{path}__isnull": True}).values(path))
        return Organisation.objects.filter(condition)

    def has_conflict_of_interest(self, user) -> bool:
        """Whether ``user`` is a member of an organisation named on this row, and so may not
        decide on it. The same rule as the queues (``without_conflict_of_interest``); an
        unsaved row counts as a conflict (fails closed)."""
        rows = type(self)._default_manager.filter(pk=self.pk)
        return not rows.without_conflict_of_interest(user).exists()
