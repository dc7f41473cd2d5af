"""Access rules of the reports, imports and reminders URLs (merged into tests/access.py)."""

import datetime

from tests.access_base import CONNECTE, EQUIPE, EQUIPE_POST, LOGIN, Acces, expect

CONSULTER = expect(403, anonyme=LOGIN, chargee=200, financeur=200)
CONSULTER_POST = expect(403, anonyme=LOGIN, chargee=405, financeur=405)

TABLE: dict = {
    "rapports:tableau": Acces(EQUIPE),
    "rapports:liste": Acces(CONSULTER, lambda w: {"cle": "organisations_parcours"}),
    "rapports:export_csv": Acces(CONSULTER, query="?du=2019-01-01&au=2021-12-31"),
    "rapports:export_xlsx": Acces(CONSULTER),
    "rapports:generer": Acces(CONSULTER_POST),
    "rapports:generes": Acces(CONSULTER),
    "rapports:rapport": Acces(CONSULTER, lambda w: {"pk": w.rapport_mel.pk}),
    "rapports:telecharger": Acces(
        CONSULTER, lambda w: {"pk": w.rapport_mel.pk}, query="?format=json"
    ),
    "rapports:relancer": Acces(CONSULTER_POST, lambda w: {"pk": w.rapport_mel.pk}),
    "rapports:imports": Acces(EQUIPE),
    "rapports:import_modele": Acces(EQUIPE),
    "rapports:import": Acces(EQUIPE, lambda w: {"pk": w.import_activite.pk}),
    "rapports:import_confirmer": Acces(EQUIPE_POST, lambda w: {"pk": w.import_activite.pk}),
    "rapports:import_abandonner": Acces(EQUIPE_POST, lambda w: {"pk": w.import_activite.pk}),
    "rapports:rappels": Acces(EQUIPE),
    "rapports:preferences_rappels": Acces(CONNECTE),
}


def donnees_minimales(du="2019-01-01", au="2021-12-31") -> dict:
    return {
        "periode": {"du": du, "au": au},
        "chiffres_cles": {
            "accompagnateurs": 13,
            "organisations_parcours": 27,
            "demi_journees_individuelles": 64,
            "demi_journees_collectives": 74,
            "participants_communautes": 106,
        },
        "parcours": [],
        "communautes": [],
        "thematiques": [],
        "donnees_au": "2022-01-15T10:00:00+01:00",
    }


def extend_world(w) -> None:
    from apes_rh.models import ImportActivite, RapportGenere

    w.rapport_mel = RapportGenere.objects.create(
        du=datetime.date(2019, 1, 1),
        au=datetime.date(2021, 12, 31),
        financeur=w.financeur,
        perimetre="Métropole Européenne de Lille — MEL",
        statut="pret",
        tache_envoyee=True,
        donnees=donnees_minimales(),
        demande_par=w.users["financeur"],
    )
    w.import_activite = ImportActivite.objects.create(
        cree_par=w.users["chargee"], statut="refuse", fichiers=["parcours.csv"], essai={}
    )
