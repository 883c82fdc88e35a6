import time

import factory
from allauth.account.models import EmailAddress
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

from stemcharter.accounts.models import User

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    language = "nl"
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(
                user=self, email=self.email, primary=True, verified=extracted is not False
            )


class CoordinatorFactory(UserFactory):
    is_coordinator = True


def totp_code(secret: str, *, margin: float = 5.0) -> str:
    """The code an authenticator app shows now for ``secret``, valid for ``margin`` seconds more.

    allauth checks a code against the current 30-second window only (MFA_TOTP_TOLERANCE 0).
    A code computed just before the window rolls over would be stale by the time the server
    checks it, so when fewer than ``margin`` seconds are left this waits for the next window.
    """
    period = mfa_settings.TOTP_PERIOD
    left = period - time.time() % period
    if left < margin:
        time.sleep(left + 0.1)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))
