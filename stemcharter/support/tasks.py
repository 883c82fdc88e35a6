"""The task worker's jobs for support requests (issue 13)."""

from django_tasks import task

# --- wait: the escalation of requests without an offer -----------------------------------------


@task()
def support_request_flag_task(*, support_request_id: int) -> list[str]:
    """Tell the contact points, then the coordinators, about a request still without an offer,
    each once (``services.support_request_flag``: a request flagged by an earlier run, or
    that got an offer meanwhile, is left alone)."""
    from .services import support_request_flag

    return support_request_flag(support_request_id=support_request_id)


# --- end wait ----------------------------------------------------------------------------------

# --- match: the daily digest --------------------------------------------------------------------


@task()
def support_digest_task(*, user_id: int) -> int:
    """Send one person's digest of new school requests, at most once a day
    (``services.support_digest_send``: a failed send leaves it for the next run of
    ``send_support_request_digests``). Returns the number of requests told."""
    from .services import support_digest_send

    return support_digest_send(user_id=user_id)


# --- end of match -------------------------------------------------------------------------------


# --- deliver --------------------------------------------------------------------------------


@task()
def support_confirm_reminder_task(*, support_request_id: int) -> bool:
    """Remind the sides of one request, once, to say whether the help took place
    (``services.support_confirm_reminder_send``)."""
    from .services import support_confirm_reminder_send

    return support_confirm_reminder_send(support_request_id=support_request_id)


# --- end deliver ----------------------------------------------------------------------------
