"""Running calls at the same moment, each in its own thread and database connection: the
concurrency tests (PostgreSQL row locks and constraints) of registrations and support."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def at_once(
    calls: list[Callable[[], Any]],
    *,
    refused: type[BaseException] | tuple[type[BaseException], ...],
    timeout: float = 120,
) -> list:
    """Run each callable in its own thread (its own connection), all released together.
    Returns what each returned or the ``refused`` exception it raised, in the order of
    ``calls``; any other exception fails the test in the main thread."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)
    errors: list = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except refused as error:
            results[index] = error
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert errors == []
    return results
