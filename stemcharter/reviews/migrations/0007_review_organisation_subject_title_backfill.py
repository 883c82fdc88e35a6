"""Fill in ``Review.organisation`` and ``Review.subject_title`` of the reviews made before they
existed, from their items (``subject_id``) where these still exist: a review of an item deleted
before this migration has nothing left to copy (it shows to coordinators only, untitled)."""

from django.db import migrations

BATCH = 500


def backfill(apps, schema_editor):
    Review = apps.get_model("reviews", "Review")
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_type_ids = (
        Review.objects.filter(organisation__isnull=True)
        .order_by()
        .values_list("content_type_id", flat=True)
        .distinct()
    )
    for content_type in ContentType.objects.filter(pk__in=list(content_type_ids)):
        try:
            model = apps.get_model(content_type.app_label, content_type.model)
        except LookupError:  # an app no longer installed: nothing to copy from
            continue
        # Progress reports have no title field (their title is made of the year).
        has_title = any(field.name == "title" for field in model._meta.get_fields())
        reviews = Review.objects.filter(content_type=content_type, organisation__isnull=True)
        pending = list(reviews.values_list("pk", "subject_id"))
        for start in range(0, len(pending), BATCH):
            rows = pending[start : start + BATCH]
            fields = ["pk", "organisation_id", *(["title"] if has_title else [])]
            subjects = {
                values[0]: values
                for values in model.objects.filter(
                    pk__in={subject_id for _pk, subject_id in rows}
                ).values_list(*fields)
            }
            changed = []
            for pk, subject_id in rows:
                found = subjects.get(subject_id)
                if found is None:
                    continue
                review = Review(pk=pk, organisation_id=found[1])
                review.subject_title = (found[2] if has_title else "")[:300]
                changed.append(review)
            Review.objects.bulk_update(changed, ["organisation", "subject_title"])


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("reviews", "0006_review_organisation_subject_title"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
