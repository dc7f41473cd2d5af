from django.urls import path

from .views import communautes, questionnaires, reseaux, seances

app_name = "communautes"

urlpatterns = [
    # Partner contact's space
    path("partenaire/", reseaux.partenaire, name="partenaire"),
    # Communities
    path("communautes/", communautes.liste, name="liste"),
    path("communautes/nouvelle/", communautes.creer, name="creer"),
    path("communautes/demandes/", communautes.demandes, name="demandes"),
    path(
        "communautes/demandes/<int:pk>/accepter/",
        communautes.demande_accepter,
        name="demande_accepter",
    ),
    path(
        "communautes/demandes/<int:pk>/refuser/",
        communautes.demande_refuser,
        name="demande_refuser",
    ),
    path("communautes/satisfaction/", questionnaires.satisfaction, name="satisfaction"),
    path("communautes/<int:pk>/", communautes.detail, name="communaute"),
    path("communautes/<int:pk>/modifier/", communautes.modifier, name="modifier"),
    path("communautes/<int:pk>/membres/", communautes.membres, name="membres"),
    path("communautes/<int:pk>/rejoindre/", communautes.rejoindre, name="rejoindre"),
    path("communautes/<int:pk>/quitter/", communautes.quitter, name="quitter"),
    path("communautes/<int:pk>/demander/", communautes.demander, name="demander"),
    path("communautes/<int:pk>/inviter/", communautes.inviter, name="inviter"),
    path("communautes/<int:pk>/ressources/", communautes.ressources, name="ressources"),
    path("communautes/<int:pk>/seances/nouvelle/", communautes.seance_creer, name="seance_creer"),
    path(
        "communautes/<int:pk>/satisfaction/",
        communautes.satisfaction,
        name="satisfaction_communaute",
    ),
    path(
        "communautes/membres/<int:pk>/retirer/", communautes.membre_retirer, name="membre_retirer"
    ),
    path(
        "communautes/ressources/<int:pk>/telecharger/",
        communautes.ressource_telecharger,
        name="ressource_telecharger",
    ),
    path(
        "communautes/ressources/<int:pk>/supprimer/",
        communautes.ressource_supprimer,
        name="ressource_supprimer",
    ),
    # Community sessions and their formats
    path("communautes/seances/<int:pk>/", seances.detail, name="seance"),
    path("communautes/seances/<int:pk>/inscription/", seances.inscription, name="inscription"),
    path(
        "communautes/seances/<int:pk>/desinscription/",
        seances.desinscription,
        name="desinscription",
    ),
    path("communautes/seances/<int:pk>/inscriptions/", seances.inscriptions, name="inscriptions"),
    path(
        "communautes/seances/<int:pk>/inscriptions.csv",
        seances.inscriptions_csv,
        name="inscriptions_csv",
    ),
    path("communautes/seances/<int:pk>/bulle/notes/", seances.bulle_note, name="bulle_note"),
    path("communautes/seances/<int:pk>/bulle/places/", seances.bulle_places, name="bulle_places"),
    path("communautes/seances/<int:pk>/codev/", seances.codev_modifier, name="codev"),
    path("communautes/seances/<int:pk>/codev/actions/", seances.codev_action, name="codev_action"),
    path("communautes/seances/<int:pk>/codev/copier/", seances.codev_copier, name="codev_copier"),
    path(
        "communautes/codev/actions/<int:pk>/supprimer/",
        seances.codev_action_supprimer,
        name="codev_action_supprimer",
    ),
    path("communautes/seances/<int:pk>/appui/", seances.appui_modifier, name="appui"),
    path("communautes/seances/<int:pk>/support/", seances.support_telecharger, name="support"),
    path(
        "communautes/seances/<int:pk>/coorganisateurs/",
        seances.coorganisateurs,
        name="coorganisateurs",
    ),
    path(
        "communautes/coorganisations/<int:pk>/retirer/",
        seances.coorganisation_retirer,
        name="coorganisation_retirer",
    ),
    path(
        "communautes/seances/<int:pk>/ateliers/nouveau/",
        seances.atelier_ajouter,
        name="atelier_ajouter",
    ),
    path(
        "communautes/seances/<int:pk>/questionnaire/",
        questionnaires.questionnaire,
        name="questionnaire",
    ),
    path(
        "communautes/seances/<int:pk>/satisfaction/",
        questionnaires.satisfaction_seance_vue,
        name="satisfaction_seance",
    ),
    # Partner networks (team)
    path("reseaux/", reseaux.liste, name="reseaux"),
    path("reseaux/nouveau/", reseaux.creer, name="reseau_creer"),
    path("reseaux/<int:pk>/", reseaux.detail, name="reseau"),
    path("reseaux/<int:pk>/modifier/", reseaux.modifier, name="reseau_modifier"),
    path("reseaux/<int:pk>/roles/ajouter/", reseaux.role_ajouter, name="role_ajouter"),
    path("reseaux/roles/<int:pk>/terminer/", reseaux.role_terminer, name="role_terminer"),
    path("reseaux/<int:pk>/contacts/ajouter/", reseaux.contact_ajouter, name="contact_ajouter"),
    path("reseaux/contacts/<int:pk>/retirer/", reseaux.contact_retirer, name="contact_retirer"),
]
