from django.urls import path

from .views import espace, organisations, parcours

app_name = "parcours"

urlpatterns = [
    path("mon-espace/", espace.mon_espace, name="mon_espace"),
    # Organisations
    path("organisations/", organisations.liste, name="organisations"),
    path("organisations/nouvelle/", organisations.creer, name="organisation_creer"),
    path("organisations/<int:pk>/", organisations.detail, name="organisation"),
    path("organisations/<int:pk>/modifier/", organisations.modifier, name="organisation_modifier"),
    path("organisations/<int:pk>/archiver/", organisations.archiver, name="organisation_archiver"),
    path(
        "organisations/<int:pk>/restaurer/", organisations.restaurer, name="organisation_restaurer"
    ),
    path("organisations/<int:pk>/membres/", organisations.membres, name="organisation_membres"),
    path(
        "organisations/<int:pk>/membres/inviter/",
        organisations.inviter,
        name="organisation_inviter",
    ),
    path(
        "organisations/<int:pk>/passation/",
        organisations.passation,
        name="organisation_passation",
    ),
    path("organisations/membres/<int:pk>/role/", organisations.membre_role, name="membre_role"),
    path(
        "organisations/membres/<int:pk>/retirer/",
        organisations.membre_retirer,
        name="membre_retirer",
    ),
]

urlpatterns += [
    path("parcours/", parcours.liste, name="parcours_liste"),
    path("parcours/nouveau/", parcours.creer, name="parcours_creer"),
    path("parcours/candidatures/", parcours.candidatures, name="candidatures"),
    path("parcours/<int:pk>/", parcours.detail, name="parcours"),
    path("parcours/<int:pk>/modifier/", parcours.modifier, name="parcours_modifier"),
    path("parcours/<int:pk>/inscrire/", parcours.inscrire, name="parcours_inscrire"),
    path("parcours/<int:pk>/candidater/", parcours.candidater, name="parcours_candidater"),
    path(
        "parcours/inscriptions/<int:pk>/decider/",
        parcours.candidature_decider,
        name="candidature_decider",
    ),
    path(
        "parcours/inscriptions/<int:pk>/etape/",
        parcours.inscription_etape,
        name="inscription_etape",
    ),
]
