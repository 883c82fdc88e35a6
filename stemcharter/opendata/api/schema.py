"""How drf-spectacular describes the API (``DEFAULT_SCHEMA_CLASS``): only in the words we give
it, never in a docstring. A view's or serializer's docstring is for developers (English, with
reST markup such as double backticks); left to itself, drf-spectacular would put it in the
OpenAPI document, untranslated. An operation's description comes from ``extend_schema``, a
component's from the serializer's ``schema_description`` (a translatable text), or none.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_override


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, without docstrings as descriptions (see the module)."""

    def get_description(self) -> str:
        return ""  # what extend_schema(description=…) gives replaces this method

    def _map_basic_serializer(self, serializer, direction) -> dict:
        schema = super()._map_basic_serializer(serializer, direction)
        description = get_override(
            serializer, "description", getattr(serializer, "schema_description", None)
        )
        schema.pop("description", None)
        if description:
            schema["description"] = description
        return schema
