"""The task worker's job for the public figures (``/in-cijfers/``): count them again."""

from django_tasks import task


@task()
def public_figures_refresh_task() -> int:
    """Count every public figure again and keep the result for every process
    (``figures.public_figures_store``). Returns the content generation it counted at."""
    from .figures import public_figures_store

    return public_figures_store().generation
