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
