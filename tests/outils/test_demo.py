import io

import pytest

from outils import demo
from outils.models import Action, Diagnostic, Suivi
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_demo_tells_a_complete_story_and_is_idempotent():
    orgs = [OrganisationFactory(nom=f"Association démo {i}") for i in range(4)]
    sortie = io.StringIO()
    demo.charger(sortie)
    assert Diagnostic.objects.filter(organisation__in=orgs).count() == 6
    assert Diagnostic.objects.filter(statut="termine").count() == 6
    assert Action.objects.count() == 27 and Suivi.objects.count() == 9
    premier = Diagnostic.objects.filter(organisation=orgs[0]).order_by("cree_le").first()
    assert premier.cree_le.year == 2019
    avant = (Diagnostic.objects.count(), Action.objects.count(), Suivi.objects.count())
    demo.charger(sortie)
    assert (Diagnostic.objects.count(), Action.objects.count(), Suivi.objects.count()) == avant
    assert "inchangé" in sortie.getvalue()
