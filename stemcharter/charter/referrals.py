"""How a signature came (issue 14, the snowball): the words for ``Signature.referral_channel``.

"invitation" is charter's own (``services.REFERRAL_CHANNEL_INVITATION``); the other values are
the share link channels of an app above charter (outreach), which registers their labels in
its ``AppConfig.ready`` (``register_channel_labels``): charter never imports it.
"""

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from .services import REFERRAL_CHANNEL_INVITATION

_labels: dict[str, str] = {REFERRAL_CHANNEL_INVITATION: _("invitation")}


def register_channel_labels(labels: Mapping[str, str]) -> None:
    """Name the channels ``labels`` maps (value -> label, e.g. ``dict(Channel.choices)``)."""
    _labels.update(labels)


def referral_channel_label(value: str) -> str:
    """The label of a channel value; an unknown value as it is, "" for none."""
    return str(_labels.get(value, value)) if value else ""
