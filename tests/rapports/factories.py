"""Test data for imports, reports and reminders."""

import csv
import datetime
import io
from pathlib import Path

import factory
from factory.django import DjangoModelFactory

from accompagnateurs.models import Accompagnateur, DemiJournee
from communautes.models import Communaute
from parcours.models import Inscription, Parcours, Participation, Seance
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory

DEMO = Path(__file__).resolve().parents[2] / "apes_rh" / "demo"


def ecrire_csv(dossier: Path, nom: str, lignes: list[list], *, sep=",", bom=False) -> Path:
    """Writes a CSV file: `lignes[0]` is the header row."""
    tampon = io.StringIO(newline="")
    csv.writer(tampon, delimiter=sep, lineterminator="\n").writerows(lignes)
    chemin = Path(dossier) / nom
    chemin.write_bytes(("\ufeff" if bom else "").encode() + tampon.getvalue().encode("utf-8"))
    return chemin


def jeu_synthetique(dossier: Path, n: int) -> Path:
    """A consistent dataset with `n` rows in most files (for the query-count tests)."""
    d = Path(dossier)
    d.mkdir(parents=True, exist_ok=True)
    ecrire_csv(
        d,
        "accompagnateurs.csv",
        [["prenom", "nom", "email", "structure", "specialites", "entree", "sortie"]]
        + [
            [f"Coach{i}", "Test", f"coach{i}@example.org", "Cabinet", "RH|ESS", "2019-01-01", ""]
            for i in range(n)
        ],
    )
    ecrire_csv(
        d,
        "organisations.csv",
        [["nom", "siret", "forme_juridique", "territoire", "commune", "effectif"]]
        + [[f"Org {i}", "", "Association", "MEL", "Lille", "5"] for i in range(n)],
    )
    ecrire_csv(
        d,
        "parcours.csv",
        [
            ["code", "nom", "territoire", "debut", "fin"],
            ["P1", "Parcours 1", "MEL", "2019-01-01", "2019-12-31"],
        ],
    )
    ecrire_csv(
        d,
        "inscriptions.csv",
        [["parcours", "organisation", "date"]]
        + [["P1", f"Org {i}", "2019-01-05"] for i in range(n)],
    )
    ecrire_csv(d, "communautes.csv", [["code", "nom", "type"], ["C1", "Communauté", "virtuelle"]])
    ecrire_csv(
        d,
        "seances.csv",
        [
            [
                "ref",
                "titre",
                "type",
                "date",
                "demi_journees",
                "parcours",
                "communaute",
                "thematiques",
                "animateurs",
            ]
        ]
        + [
            [
                f"S{i}",
                f"Séance {i}",
                "appui_collectif",
                "2019-03-01",
                "1",
                "" if i % 2 else "P1",
                "C1" if i % 2 else "",
                "Recrutement|Management",
                f"coach{i}@example.org",
            ]
            for i in range(n)
        ],
    )
    ecrire_csv(
        d,
        "participations.csv",
        [["seance", "email", "prenom", "nom", "organisation"]]
        + [[f"S{i}", f"personne{i}@example.org", "P", f"N{i}", f"Org {i}"] for i in range(n)],
    )
    ecrire_csv(
        d,
        "appuis_individuels.csv",
        [["accompagnateur", "organisation", "date", "demi_journees", "thematique", "notes"]]
        + [
            [f"coach{i}@example.org", f"Org {i}", "2019-05-02", "2", "Recrutement", "x"]
            for i in range(n)
        ],
    )
    return d


class CoachFactory(DjangoModelFactory):
    class Meta:
        model = Accompagnateur

    user = factory.SubFactory(UserFactory)
    structure = "Cabinet"
    entree = datetime.date(2019, 1, 1)


class ParcoursFactory(DjangoModelFactory):
    class Meta:
        model = Parcours

    code = factory.Sequence(lambda n: f"P-{n}")
    nom = factory.LazyAttribute(lambda o: f"Parcours {o.code}")
    territoire = factory.SubFactory(TerritoireFactory, code="MEL")
    debut = datetime.date(2020, 1, 1)
    fin = datetime.date(2020, 12, 31)


class CommunauteFactory(DjangoModelFactory):
    class Meta:
        model = Communaute

    code = factory.Sequence(lambda n: f"C-{n}")
    nom = factory.LazyAttribute(lambda o: f"Communauté {o.code}")
    type = "virtuelle"


class SeanceFactory(DjangoModelFactory):
    class Meta:
        model = Seance

    ref = factory.Sequence(lambda n: f"S-{n}")
    titre = factory.LazyAttribute(lambda o: f"Séance {o.ref}")
    type = "appui_collectif"
    date = datetime.date(2020, 3, 1)
    demi_journees = 1


class InscriptionFactory(DjangoModelFactory):
    class Meta:
        model = Inscription

    parcours = factory.SubFactory(ParcoursFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2020, 1, 1)


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    seance = factory.SubFactory(SeanceFactory)
    personne = factory.SubFactory(UserFactory)
    statut = "present"


class DemiJourneeFactory(DjangoModelFactory):
    class Meta:
        model = DemiJournee

    accompagnateur = factory.SubFactory(CoachFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2020, 3, 1)
    nature = "individuel"
    demi_journees = 1
    statut = "validee"
