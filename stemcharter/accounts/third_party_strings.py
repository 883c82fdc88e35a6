"""Strings of Django and allauth that our Dutch catalogue translates again, in the house's
"je" form (their own Dutch says "u", "uw" and "a.u.b." beside allauth's "je").

Nothing calls these: naming them here keeps ``makemessages`` from dropping their entries in
``locale/nl/LC_MESSAGES/django.po``, which take precedence over the packages' catalogues
(``LOCALE_PATHS``). ``tests/test_je_form.py`` reads the account pages in Dutch.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

# django.contrib.auth: the password validators' help texts (signup, password change and reset).
ngettext_lazy(
    "Your password must contain at least %(min_length)d character.",
    "Your password must contain at least %(min_length)d characters.",
    "min_length",
)
gettext_noop("Your password can’t be too similar to your other personal information.")
gettext_noop("Your password can’t be a commonly used password.")
gettext_noop("Your password can’t be entirely numeric.")

# allauth: "Neem a.u.b. contact met ons op ..." on the password reset and verification pages.
gettext_noop("Please contact us if you have any trouble resetting your password.")
gettext_noop(
    "We have sent you an email. If you have not received it please check your spam folder. "
    "Otherwise contact us if you do not receive it in a few minutes."
)
gettext_noop(
    "We have sent an email to you for verification. Follow the link provided to finalize the "
    "signup process. If you do not see the verification email in your main inbox, check your "
    "spam folder. Please contact us if you do not receive the verification email within a few "
    "minutes."
)
gettext_noop(
    "We have sent an email to you for\nverification. Please click on the link inside that "
    "email. If you do not see the verification email in your main inbox, check your spam "
    "folder. Otherwise\ncontact us if you do not receive it within a few minutes."
)
