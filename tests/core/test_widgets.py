"""The Python <select> renders exactly what Django's templates render."""

import re

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from apes_rh.widgets import RenduFormulaires


class Formulaire(forms.Form):
    simple = forms.ChoiceField(choices=[("", "— choisir —"), ("a", "A & <b>"), (1, "Un")])
    groupes = forms.ChoiceField(
        choices=[("", "—"), ("Mes missions", [(3, "L'Atelier « vert »")]), ("Autres", [(4, "X")])]
    )
    plusieurs = forms.MultipleChoiceField(
        choices=[("x", "X"), ("y", "Y")], widget=forms.SelectMultiple(attrs={"size": 3})
    )


def _sans_blancs(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize(
    "donnees", [None, {"simple": "a", "groupes": "3", "plusieurs": ["x", "y"]}]
)
def test_the_python_select_is_identical_to_djangos(donnees):
    for nom in ("simple", "groupes", "plusieurs"):
        champ_rapide = Formulaire(donnees, renderer=RenduFormulaires())[nom]
        champ_django = Formulaire(donnees, renderer=DjangoTemplates())[nom]
        assert _sans_blancs(str(champ_rapide)) == _sans_blancs(str(champ_django))
