from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "stemcharter.common"
    label = "common"

    def ready(self) -> None:
        from django.db.models import IntegerField
        from django.urls import register_converter

        from .numbers import IdConverter, IntegerFieldIn

        # ``<id:pk>`` in every URL of an id: at most 18 digits (see numbers.py). Registered
        # here, before the URL configurations are loaded on the first request.
        register_converter(IdConverter, "id")
        # ``pk__in=[...]`` leaves out ids no column holds instead of crashing (numbers.py).
        IntegerField.register_lookup(IntegerFieldIn)
