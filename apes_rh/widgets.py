"""Form rendering: Django's templates, except for <select>, written in Python.

Django renders each <option> through a template include: a list of a few hundred parcours or
organisations then costs tens of milliseconds per page. The markup produced here is the one of
Django's `select.html` / `select_option.html` / `attrs.html`, attribute for attribute.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

SELECT = "django/forms/widgets/select.html"


def _attrs(attrs: dict) -> str:
    parts = []
    for nom, valeur in attrs.items():
        if valeur is False:
            continue
        if valeur is True:
            parts.append(f" {conditional_escape(nom)}")
        else:
            parts.append(f' {conditional_escape(nom)}="{conditional_escape(str(valeur))}"')
    return "".join(parts)


def rendre_select(widget: dict) -> str:
    morceaux = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for nom_groupe, options, _index in widget["optgroups"]:
        if nom_groupe:
            morceaux.append(f'\n  <optgroup label="{conditional_escape(nom_groupe)}">')
        for option in options:
            morceaux.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                f"{_attrs(option['attrs'])}>{conditional_escape(option['label'])}</option>"
            )
        if nom_groupe:
            morceaux.append("\n  </optgroup>")
    morceaux.append("\n</select>")
    return mark_safe("".join(morceaux))


class RenduFormulaires(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT:
            return rendre_select(context["widget"])
        return super().render(template_name, context, request)
