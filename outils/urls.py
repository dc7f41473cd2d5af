from django.urls import path

from .views import (
    diagnostic,
    enquetes,
    espace,
    export,
    liens,
    memoire,
    plan,
    recommandations,
    suivi,
)

app_name = "outils"

E = "espace/<int:pk>/"
D = E + "diagnostics/<int:diagnostic_pk>/"
A = E + "plan/actions/<int:action_pk>/"
R = E + "recommandations/"
S = R + "<int:critere_pk>/<slug:type>/<int:objet_pk>/"

urlpatterns = [
    path("espace/", espace.espaces, name="espaces"),
    path(E, espace.espace, name="espace"),
    # 1. Diagnostic
    path(E + "diagnostics/", diagnostic.diagnostics, name="diagnostics"),
    path(E + "diagnostics/nouveau/", diagnostic.diagnostic_creer, name="diagnostic_creer"),
    path(E + "diagnostics/comparer/", diagnostic.diagnostic_comparer, name="diagnostic_comparer"),
    path(D, diagnostic.diagnostic, name="diagnostic"),
    path(D + "remplir/", diagnostic.diagnostic_remplir, name="diagnostic_remplir"),
    path(
        D + "criteres/<int:critere_pk>/",
        diagnostic.evaluation_enregistrer,
        name="evaluation_enregistrer",
    ),
    path(
        D + "criteres/<int:critere_pk>/axe/",
        diagnostic.axe_depuis_critere,
        name="axe_depuis_critere",
    ),
    path(D + "terminer/", diagnostic.diagnostic_terminer, name="diagnostic_terminer"),
    path(D + "rouvrir/", diagnostic.diagnostic_rouvrir, name="diagnostic_rouvrir"),
    path(D + "supprimer/", diagnostic.diagnostic_supprimer, name="diagnostic_supprimer"),
    path(D + "avis/demander/", diagnostic.avis_demander, name="avis_demander"),
    path(E + "avis/<int:avis_pk>/", diagnostic.avis_remplir, name="avis_remplir"),
    path(
        E + "avis/<int:avis_pk>/criteres/<int:critere_pk>/",
        diagnostic.avis_reponse_enregistrer,
        name="avis_reponse_enregistrer",
    ),
    path(E + "avis/<int:avis_pk>/envoyer/", diagnostic.avis_envoyer, name="avis_envoyer"),
    # Recommendations of the diagnostic
    path(R, recommandations.recommandations, name="recommandations"),
    path(S + "ecarter/", recommandations.suggestion_ecarter, name="suggestion_ecarter"),
    path(S + "action/", recommandations.suggestion_action, name="suggestion_action"),
    path(
        R + "ecartees/<int:traitee_pk>/restaurer/",
        recommandations.suggestion_restaurer,
        name="suggestion_restaurer",
    ),
    # 2. Schéma d'amélioration
    path(E + "plan/", plan.plan, name="plan"),
    path(E + "plan/tableau/", plan.plan_tableau, name="plan_tableau"),
    path(E + "plan/axes/nouveau/", plan.axe_creer, name="axe_creer"),
    path(E + "plan/axes/<int:axe_pk>/modifier/", plan.axe_modifier, name="axe_modifier"),
    path(E + "plan/axes/<int:axe_pk>/supprimer/", plan.axe_supprimer, name="axe_supprimer"),
    path(E + "plan/actions/nouvelle/", plan.action_creer, name="action_creer"),
    path(A, plan.action, name="action"),
    path(A + "modifier/", plan.action_modifier, name="action_modifier"),
    path(A + "statut/", plan.action_statut, name="action_statut"),
    path(A + "supprimer/", plan.action_supprimer, name="action_supprimer"),
    # The buttons of the pilots' weekly e-mail (public: the signed token is the credential)
    path("courriel/action/<str:jeton>/", liens.lien_action, name="lien_action"),
    path(A + "commentaires/", plan.commentaire_ajouter, name="commentaire_ajouter"),
    path(
        E + "commentaires/<int:commentaire_pk>/supprimer/",
        plan.commentaire_supprimer,
        name="commentaire_supprimer",
    ),
    # 3. Suivi opérationnel
    path(E + "suivi/", suivi.suivi, name="suivi"),
    path(E + "suivi/nouveau/", suivi.suivi_creer, name="suivi_creer"),
    path(E + "suivi/<int:suivi_pk>/", suivi.suivi_detail, name="suivi_detail"),
    path(E + "suivi/<int:suivi_pk>/modifier/", suivi.suivi_modifier, name="suivi_modifier"),
    path(E + "suivi/<int:suivi_pk>/supprimer/", suivi.suivi_supprimer, name="suivi_supprimer"),
    path(E + "pieces/<int:piece_pk>/", suivi.piece_jointe, name="piece_jointe"),
    path(
        E + "pieces/<int:piece_pk>/supprimer/",
        suivi.piece_jointe_supprimer,
        name="piece_jointe_supprimer",
    ),
    # Follow-up surveys (3 and 6 months after a parcours or a mission)
    path(E + "enquetes/", enquetes.enquetes, name="enquetes"),
    path(E + "enquetes/<int:enquete_pk>/", enquetes.enquete, name="enquete"),
    path("enquetes-de-suivi/", enquetes.enquetes_equipe, name="enquetes_equipe"),
    # Memory of the approach
    path(E + "chronologie/", memoire.chronologie, name="chronologie"),
    path(E + "historique/", memoire.historique, name="historique"),
    # Export
    path(E + "export/", export.export, name="export"),
    path(E + "export/dossier/", export.export_dossier, name="export_dossier"),
    path(E + "export/dossier/<int:export_pk>/", export.export_statut, name="export_statut"),
    path(
        E + "export/dossier/<int:export_pk>/telecharger/",
        export.export_telecharger,
        name="export_telecharger",
    ),
    path(E + "export/plan.csv", export.export_plan_csv, name="export_plan_csv"),
    path(E + "export/plan.xlsx", export.export_plan_xlsx, name="export_plan_xlsx"),
]
