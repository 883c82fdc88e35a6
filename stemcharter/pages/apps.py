from django.apps import AppConfig


class PagesConfig(AppConfig):
    """The top floor: the pages that gather many apps (the home page) and the demo data.

    It may import every app of ours; nothing imports it but ``config/urls.py``.
    """

    name = "stemcharter.pages"
    label = "pages"

    def ready(self) -> None:
        # --- i14 ---
        from . import receivers

        # A deleted organisation, action or story takes its stored share images with it.
        receivers.connect()
        # --- end of i14 ---
