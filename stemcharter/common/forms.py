from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Renders every field as label, hint, error and input, following UI.md."""

    field_template_name = "includes/_field.html"
