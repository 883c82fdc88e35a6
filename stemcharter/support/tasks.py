from django_tasks import task

# --- match: the daily digest --------------------------------------------------------------------


@task()
def support_digest_task(*, user_id: int) -> int:
    """Send one person's digest of new school requests, at most once a day
    (``services.support_digest_send``: a failed send leaves it for the next run of
    ``send_support_request_digests``). Returns the number of requests told."""
    from .services import support_digest_send

    return support_digest_send(user_id=user_id)


# --- end of match -------------------------------------------------------------------------------
