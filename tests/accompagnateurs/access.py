"""Access rules of the coach pool's URLs (merged into tests/access.py's TABLE).

The coach of the shared world (w.accompagnateur) has a mission with org_a and a draft; a second
coach (w.accompagnateur_b) has a mission with org_b and a draft the first coach must never see.
"""

import datetime
from pathlib import Path

from apes_rh.stockage import stockage_prive
from tests.access_base import EQUIPE, EQUIPE_POST, LOGIN, PUBLIC, Acces, expect

COACH = expect(403, anonyme=LOGIN, accompagnateur=200)
COACH_ET_EQUIPE_OBJET = expect(404, anonyme=LOGIN, accompagnateur=200, chargee=200)

TABLE: dict = {
    # Public
    "accompagnateurs:annuaire": Acces(PUBLIC),
    "accompagnateurs:profil": Acces(PUBLIC, lambda w: {"pk": w.accompagnateur.pk}),
    "accompagnateurs:appels": Acces(PUBLIC),
    "accompagnateurs:appel": Acces(PUBLIC, lambda w: {"pk": w.appel.pk}),
    "accompagnateurs:candidature_merci": Acces(PUBLIC),
    # The coach's space ("accompagnateurs:tableau" is declared in tests/access.py)
    "accompagnateurs:mon_profil": Acces(COACH),
    "accompagnateurs:demi_journees": Acces(COACH),
    "accompagnateurs:demi_journee_nouvelle": Acces(COACH),
    "accompagnateurs:demi_journees_soumettre": Acces(
        expect(403, anonyme=LOGIN, accompagnateur=405)
    ),
    "accompagnateurs:demi_journee": Acces(
        COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.dj_brouillon.pk}
    ),
    # A validated record: its coach sees it but may not edit it; the team corrects it.
    "accompagnateurs:demi_journee_modifier": Acces(
        expect(404, anonyme=LOGIN, accompagnateur=403, chargee=200),
        lambda w: {"pk": w.dj_validee.pk},
    ),
    "accompagnateurs:demi_journee_supprimer": Acces(
        expect(405, anonyme=LOGIN), lambda w: {"pk": w.dj_brouillon.pk}
    ),
    "accompagnateurs:mission": Acces(COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.mission.pk}),
    "accompagnateurs:organisation": Acces(COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.org_a.pk}),
    "accompagnateurs:mon_activite": Acces(COACH),
    "accompagnateurs:bilans": Acces(expect(403, anonyme=LOGIN, accompagnateur=200, chargee=200)),
    "accompagnateurs:bilan": Acces(COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.bilan.pk}),
    "accompagnateurs:activite_coach": Acces(
        COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.accompagnateur.pk}
    ),
    "accompagnateurs:activite_export": Acces(
        COACH_ET_EQUIPE_OBJET, lambda w: {"pk": w.accompagnateur.pk}
    ),
    # The team
    "accompagnateurs:pool": Acces(EQUIPE),
    "accompagnateurs:pool_profil_modifier": Acces(EQUIPE, lambda w: {"pk": w.accompagnateur_b.pk}),
    "accompagnateurs:specialites": Acces(EQUIPE),
    "accompagnateurs:missions": Acces(EQUIPE),
    "accompagnateurs:mission_nouvelle": Acces(EQUIPE),
    "accompagnateurs:mission_modifier": Acces(EQUIPE, lambda w: {"pk": w.mission.pk}),
    "accompagnateurs:suggestions": Acces(EQUIPE, query="?organisation={org}", kwargs=lambda w: {}),
    "accompagnateurs:validation": Acces(EQUIPE),
    "accompagnateurs:validation_traiter": Acces(EQUIPE_POST),
    "accompagnateurs:activite": Acces(EQUIPE),
    "accompagnateurs:appels_equipe": Acces(EQUIPE),
    "accompagnateurs:appel_nouveau": Acces(EQUIPE),
    "accompagnateurs:appel_modifier": Acces(EQUIPE, lambda w: {"pk": w.appel.pk}),
    "accompagnateurs:candidatures": Acces(EQUIPE, lambda w: {"pk": w.appel.pk}),
    "accompagnateurs:candidature": Acces(EQUIPE, lambda w: {"pk": w.candidature.pk}),
    "accompagnateurs:candidature_cv": Acces(EQUIPE, lambda w: {"pk": w.candidature.pk}),
    "accompagnateurs:candidature_anonymiser": Acces(
        EQUIPE_POST, lambda w: {"pk": w.candidature.pk}
    ),
    "accompagnateurs:bilan_nouveau": Acces(EQUIPE),
    "accompagnateurs:bilan_modifier": Acces(EQUIPE, lambda w: {"pk": w.bilan.pk}),
}
# The query string cannot depend on the world: suggestions without parameters show the form.
TABLE["accompagnateurs:suggestions"] = Acces(EQUIPE)

CV_MATRICE = "candidatures/matrice-acces.pdf"


def extend_world(w) -> None:
    from accompagnateurs.enums import StatutDemiJournee
    from accompagnateurs.models import (
        Accompagnateur,
        AppelAManifestation,
        BilanAnnuel,
        Candidature,
        DemiJournee,
        Mission,
    )
    from apes_rh.models import Thematique
    from parcours.models import Seance
    from tests.factories import UserFactory

    today = datetime.date.today()
    theme = Thematique.objects.create(nom="Recrutement et intégration")
    w.thematique = theme
    coach_b = UserFactory(email="coach-b@example.org")
    w.accompagnateur_b = Accompagnateur.objects.create(
        user=coach_b, structure="Autre cabinet", entree=datetime.date(2019, 1, 1)
    )
    w.mission = Mission.objects.create(
        organisation=w.org_a,
        thematique=theme,
        objectif="Recruter une coordinatrice.",
        accompagnateur=w.accompagnateur,
        budget_demi_journees=4,
        debut=datetime.date(2021, 1, 1),
    )
    w.mission_b = Mission.objects.create(
        organisation=w.org_b,
        thematique=theme,
        objectif="Fiches de poste.",
        accompagnateur=w.accompagnateur_b,
        budget_demi_journees=3,
        debut=datetime.date(2021, 1, 1),
    )
    w.dj_brouillon = DemiJournee.objects.create(
        accompagnateur=w.accompagnateur,
        organisation=w.org_a,
        mission=w.mission,
        date=datetime.date(2021, 2, 1),
        thematique=theme,
    )
    w.dj_validee = DemiJournee.objects.create(
        accompagnateur=w.accompagnateur,
        organisation=w.org_a,
        mission=w.mission,
        date=datetime.date(2021, 1, 15),
        statut=StatutDemiJournee.VALIDEE,
    )
    w.dj_autre = DemiJournee.objects.create(
        accompagnateur=w.accompagnateur_b,
        organisation=w.org_b,
        mission=w.mission_b,
        date=datetime.date(2021, 2, 3),
    )
    w.appel = AppelAManifestation.objects.create(
        titre="AMI accompagnateurs",
        description="Rejoindre le pool.",
        ouverture=today - datetime.timedelta(days=5),
        cloture=today + datetime.timedelta(days=25),
    )
    chemin = Path(stockage_prive().path(CV_MATRICE))
    chemin.parent.mkdir(parents=True, exist_ok=True)
    if not chemin.exists():
        chemin.write_bytes(b"%PDF-1.4\n%matrice\n")
    w.candidature = Candidature.objects.create(
        appel=w.appel,
        prenom="Camille",
        nom="Martin",
        email="camille@example.org",
        experience_ess="Associations.",
        cv=CV_MATRICE,
        cv_nom="cv.pdf",
    )
    seance = Seance.objects.create(
        ref="BILAN-POOL-2021",
        titre="Bilan annuel du pool",
        type="rencontre_thematique",
        date=datetime.date(2021, 12, 10),
    )
    w.bilan = BilanAnnuel.objects.create(seance=seance, notes="Bonne année.")
