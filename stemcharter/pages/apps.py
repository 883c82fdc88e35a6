from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The top floor: the pages that gather many apps (the home page) and the demo data.

    It may import every app of ours; nothing imports it but ``config/urls.py``.
    """

    name = "stemcharter.pages"
    label = "pages"
