from django.urls import path

from .views import coach, equipe, public

app_name = "accompagnateurs"

urlpatterns = [
    # Public: directory, profiles, calls for interest
    path("accompagnateurs/", public.annuaire, name="annuaire"),
    path("accompagnateurs/<int:pk>/", public.profil, name="profil"),
    path("ami/", public.appels, name="appels"),
    path("ami/<int:pk>/", public.appel, name="appel"),
    path("ami/merci/", public.candidature_merci, name="candidature_merci"),
    # The coach's space
    path("accompagnateur/", coach.tableau, name="tableau"),
    path("accompagnateur/profil/", coach.mon_profil, name="mon_profil"),
    path("accompagnateur/demi-journees/", coach.demi_journees, name="demi_journees"),
    path(
        "accompagnateur/demi-journees/nouvelle/",
        coach.demi_journee_nouvelle,
        name="demi_journee_nouvelle",
    ),
    path(
        "accompagnateur/demi-journees/soumettre/",
        coach.demi_journees_soumettre,
        name="demi_journees_soumettre",
    ),
    path("accompagnateur/demi-journees/<int:pk>/", coach.demi_journee, name="demi_journee"),
    path(
        "accompagnateur/demi-journees/<int:pk>/modifier/",
        coach.demi_journee_modifier,
        name="demi_journee_modifier",
    ),
    path(
        "accompagnateur/demi-journees/<int:pk>/supprimer/",
        coach.demi_journee_supprimer,
        name="demi_journee_supprimer",
    ),
    path("accompagnateur/missions/<int:pk>/", coach.mission, name="mission"),
    path("accompagnateur/organisations/<int:pk>/", coach.organisation, name="organisation"),
    path("accompagnateur/activite/", coach.mon_activite, name="mon_activite"),
    path("accompagnateur/bilans/", coach.bilans, name="bilans"),
    path("accompagnateur/bilans/<int:pk>/", coach.bilan, name="bilan"),
    path("accompagnateurs/<int:pk>/activite/", coach.activite_coach, name="activite_coach"),
    path(
        "accompagnateurs/<int:pk>/activite/export/",
        coach.activite_export,
        name="activite_export",
    ),
    # The team
    path("pool/", equipe.pool, name="pool"),
    path(
        "pool/accompagnateurs/<int:pk>/modifier/",
        equipe.pool_profil_modifier,
        name="pool_profil_modifier",
    ),
    path("pool/specialites/", equipe.specialites, name="specialites"),
    path("pool/missions/", equipe.missions, name="missions"),
    path("pool/missions/nouvelle/", equipe.mission_nouvelle, name="mission_nouvelle"),
    path("pool/missions/<int:pk>/modifier/", equipe.mission_modifier, name="mission_modifier"),
    path("pool/suggestions/", equipe.suggestions, name="suggestions"),
    path("pool/demi-journees/", equipe.validation, name="validation"),
    path("pool/demi-journees/traiter/", equipe.validation_traiter, name="validation_traiter"),
    path("pool/activite/", equipe.activite, name="activite"),
    path("pool/ami/", equipe.appels_equipe, name="appels_equipe"),
    path("pool/ami/nouveau/", equipe.appel_nouveau, name="appel_nouveau"),
    path("pool/ami/<int:pk>/modifier/", equipe.appel_modifier, name="appel_modifier"),
    path("pool/ami/<int:pk>/candidatures/", equipe.candidatures, name="candidatures"),
    path("pool/candidatures/<int:pk>/", equipe.candidature, name="candidature"),
    path("pool/candidatures/<int:pk>/cv/", equipe.candidature_cv, name="candidature_cv"),
    path(
        "pool/candidatures/<int:pk>/anonymiser/",
        equipe.candidature_anonymiser,
        name="candidature_anonymiser",
    ),
    path("pool/bilans/nouveau/", equipe.bilan_nouveau, name="bilan_nouveau"),
    path("pool/bilans/<int:pk>/modifier/", equipe.bilan_modifier, name="bilan_modifier"),
]
