from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "stemcharter.common"
    label = "common"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created
        from django.db.models import IntegerField
        from django.urls import register_converter

        from .numbers import IdConverter, IntegerFieldIn

        # ``<id:pk>`` in every URL of an id: at most 18 digits (see numbers.py). Registered
        # here, before the URL configurations are loaded on the first request.
        register_converter(IdConverter, "id")
        # ``pk__in=[...]`` leaves out ids no column holds instead of crashing (numbers.py).
        IntegerField.register_lookup(IntegerFieldIn)
        # The search folds accents in the database as in Python (search.Fold): SQLite gets the
        # Python function on every new connection.
        connection_created.connect(add_sqlite_functions, dispatch_uid="common_sqlite_functions")


def add_sqlite_functions(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        from .search import SQLITE_FOLD_FUNCTION, sqlite_fold

        connection.connection.create_function(
            SQLITE_FOLD_FUNCTION, 1, sqlite_fold, deterministic=True
        )
