from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "stemcharter.common"
    label = "common"
