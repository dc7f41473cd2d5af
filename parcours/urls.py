from django.urls import path

from .views import calendriers, espace, organisations, parcours, seances

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

urlpatterns += [
    # Sessions: the team's agenda and forms
    path("seances/", seances.liste, name="seances"),
    path("seances/agenda/", seances.agenda, name="agenda_equipe"),
    path("seances/nouvelle/", seances.creer, name="seance_creer"),
    path("seances/serie/", seances.serie, name="seance_serie"),
    path("seances/<int:pk>/", seances.detail, name="seance"),
    path("seances/<int:pk>/modifier/", seances.modifier, name="seance_modifier"),
    path("seances/<int:pk>/dupliquer/", seances.dupliquer, name="seance_dupliquer"),
    path("seances/<int:pk>/annuler/", seances.annuler, name="seance_annuler"),
    path("seances/<int:pk>/seance.ics", seances.ics, name="seance_ics"),
    # Registration
    path("seances/<int:pk>/inscription/", seances.sinscrire, name="seance_sinscrire"),
    path("seances/<int:pk>/inscrire/", seances.inscrire_autrui, name="seance_inscrire_autrui"),
    path(
        "seances/participations/<int:pk>/annuler/",
        seances.participation_annuler,
        name="participation_annuler",
    ),
    # Attendance
    path("seances/<int:pk>/presences/", seances.presences, name="seance_presences"),
    path(
        "seances/<int:pk>/presences/ajouter/",
        seances.presence_ajouter,
        name="presence_ajouter",
    ),
    path(
        "seances/participations/<int:pk>/presence/",
        seances.presence_enregistrer,
        name="presence_enregistrer",
    ),
    # Calendars
    path("mes-seances/", calendriers.mes_seances, name="mes_seances"),
    path(
        "mes-seances/abonnement/renouveler/",
        calendriers.jeton_renouveler,
        name="calendrier_jeton_renouveler",
    ),
    path(
        "mes-seances/abonnement/revoquer/",
        calendriers.jeton_revoquer,
        name="calendrier_jeton_revoquer",
    ),
    path("calendrier/<str:jeton>.ics", calendriers.calendrier_prive, name="calendrier_prive"),
    # Public agenda of open sessions
    path("agenda/", calendriers.agenda_public, name="agenda_public"),
    path("agenda/seances.ics", calendriers.agenda_public_ics, name="agenda_public_ics"),
    path("agenda/<int:pk>/", calendriers.agenda_public_seance, name="agenda_public_seance"),
]
