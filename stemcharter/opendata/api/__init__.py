"""The public API under ``/api/v1/`` (issue 15, point 6): Django REST framework views built from
the registered datasets (``opendata.datasets``), their OpenAPI document (drf-spectacular) and a
page that shows it (``/open-data/api/``). See docs/api.md."""
