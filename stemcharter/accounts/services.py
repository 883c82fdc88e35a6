from django.db import transaction

from stemcharter.audit.services import audit_record

from .models import User


@transaction.atomic
def user_update_preferences(*, user: User, name: str, language: str) -> User:
    """Change a person's display name and the language their emails are written in."""
    user.name = name.strip()
    user.language = language
    user.save(update_fields=["name", "language"])
    audit_record(
        actor=user,
        code="accounts.user.preferences_updated",
        target=user,
        data={"language": language},
    )
    return user
