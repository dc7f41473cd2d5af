"""communautes.demo.charger: idempotent, builds on the imported programme, changes none of
its counted figures."""

import datetime
import io

import pytest

from communautes import demo
from communautes.models import (
    Atelier,
    BulleDialogue,
    Codeveloppement,
    Communaute,
    CoOrganisation,
    NoteBulle,
    ReseauPartenaire,
    RoleReseauPartenaire,
)
from communautes.statistiques import activite_communaute
from parcours.enums import StatutParticipation as S
from parcours.models import Participation, Seance
from tests.factories import OrganisationFactory, UserFactory

from .factories import CommunauteFactory, SeanceFactory

pytestmark = pytest.mark.django_db


def _compter():
    from django.apps import apps

    return {
        m._meta.label: m.objects.count() for m in apps.get_app_config("communautes").get_models()
    } | {
        "Seance": Seance.objects.count(),
        "Participation": Participation.objects.count(),
    }


@pytest.fixture
def programme_importe():
    """A slice of the imported 2019–2021 dataset and the demo accounts."""
    virtuelle = CommunauteFactory(code="VIRTUELLE-2021", nom="Communauté apprenante virtuelle 2021")
    partenariale = CommunauteFactory(code="PARTENARIALE-2020", type="partenariale")
    bulle = SeanceFactory(
        ref="VIRT21-01",
        type="bulle_dialogue",
        date=datetime.date(2021, 1, 21),
        communaute=virtuelle,
    )
    rencontre = SeanceFactory(
        ref="PART20-01",
        type="rencontre_thematique",
        date=datetime.date(2020, 6, 23),
        communaute=partenariale,
    )
    for seance in (bulle, rencontre):
        for _ in range(4):
            Participation.objects.create(seance=seance, personne=UserFactory(), statut=S.PRESENT)
    org = OrganisationFactory(nom="Élevages sans Frontières")
    UserFactory(email="pilote@demo.apes-hdf.org", pilote_de=org)
    UserFactory(email="membre@demo.apes-hdf.org", membre_de=org)
    UserFactory(email="anne-catherine.delvinquiere@example.org")
    return virtuelle, partenariale


def test_the_demo_builds_networks_a_bulle_a_codev_and_a_joint_event(programme_importe):
    sortie = io.StringIO()
    demo.charger(sortie)
    assert "Communautés :" in sortie.getvalue()
    assert set(Communaute.objects.values_list("code", flat=True)) == {
        "VIRTUELLE-2020",
        "PARTENARIALE-2020",
        "CAVM-COMMUNAUTE-2021",
        "VIRTUELLE-2021",
    }
    assert set(ReseauPartenaire.objects.values_list("code", flat=True)) == {
        "MRES",
        "FCS",
        "URIOPSS",
        "COORACE",
        "MDA",
    }
    fcs = ReseauPartenaire.objects.get(code="FCS")
    assert fcs.roles.count() == 3 and fcs.roles.actifs(datetime.date(2020, 11, 1)).count() == 3
    assert CoOrganisation.objects.filter(seance__ref="PART20-01", reseau__code="MRES").exists()

    bulle = BulleDialogue.objects.get(seance__ref="DEMO-BULLE-01")
    assert bulle.seance.date > datetime.date.today() and bulle.notes.count() == 2
    assert bulle.seance.participations.filter(personne__email="pilote@demo.apes-hdf.org").exists()
    codev = Codeveloppement.objects.get(seance__ref="DEMO-CODEV-01")
    assert codev.etapes.count() == 6 and codev.actions.count() == 3
    assert codev.client.email == "pilote@demo.apes-hdf.org"
    assert codev.organisation_client.nom == "Élevages sans Frontières"
    evenement = Seance.objects.get(ref="DEMO-FCS-JOURNEE")
    assert Atelier.objects.filter(evenement=evenement).count() == 4
    # Imported sessions got their format.
    assert BulleDialogue.objects.filter(seance__ref="VIRT21-01").exists()


def test_the_demo_is_idempotent(programme_importe):
    demo.charger(io.StringIO())
    avant = _compter()
    demo.charger(io.StringIO())
    assert _compter() == avant
    assert NoteBulle.objects.count() == 2 and RoleReseauPartenaire.objects.count() == 9


def test_the_demo_changes_no_figure_of_2019_2021(programme_importe):
    virtuelle, partenariale = programme_importe
    du, au = datetime.date(2019, 1, 1), datetime.date(2021, 12, 31)
    avant = [activite_communaute(c, du, au) for c in (virtuelle, partenariale)]
    periode = Seance.objects.filter(date__range=(du, au))
    seances_avant = periode.count()
    presences_avant = Participation.objects.filter(seance__in=periode, statut=S.PRESENT).count()
    demo.charger(io.StringIO())
    assert [activite_communaute(c, du, au) for c in (virtuelle, partenariale)] == avant
    assert periode.count() == seances_avant
    assert (
        Participation.objects.filter(seance__in=periode, statut=S.PRESENT).count()
        == presences_avant
    )


def test_the_demo_works_without_the_imported_activity():
    demo.charger(io.StringIO())
    assert Communaute.objects.count() == 4 and ReseauPartenaire.objects.count() == 5
