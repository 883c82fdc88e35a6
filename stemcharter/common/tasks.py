from django.apps import apps
from django_tasks import task


@task()
def search_reindex_task(*, index: str, model: str, pk: int) -> int:
    """Refresh the search vectors of the rows of ``index`` (``search_index.INDEXES``) that show
    the row ``pk`` of ``model`` (``"app_label.model"``), as they are when the task runs; a row
    deleted since shows nothing. Returns how many rows it refreshed."""
    from .search_index import INDEXES

    search_index = INDEXES[index]
    row = apps.get_model(model)._default_manager.filter(pk=pk).first()
    if row is None:
        return 0
    rows = search_index.rows_showing(row)
    count = rows.count()
    search_index.reindex(rows)
    return count
