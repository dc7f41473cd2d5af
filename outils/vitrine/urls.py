from django.urls import path

from .views import demandes, mooc, ressources, seo, temoignages, themes

app_name = "vitrine"

urlpatterns = [
    # Référencement
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots, name="robots"),
    # Thèmes RH
    path("themes/", themes.themes, name="themes"),
    path("themes/<slug:slug>/", themes.theme, name="theme"),
    # Témoignages
    path("temoignages/", temoignages.temoignages, name="temoignages"),
    path("temoignages/a-relire/", temoignages.a_relire, name="temoignages_a_relire"),
    path("temoignages/<int:pk>/", temoignages.temoignage, name="temoignage"),
    path("temoignages/<int:pk>/relecture/", temoignages.relecture, name="temoignage_relecture"),
    # Rejoindre la démarche
    path("rejoindre/", demandes.rejoindre, name="rejoindre"),
    path("rejoindre/merci/", demandes.rejoindre_merci, name="rejoindre_merci"),
    # Ressources
    path("ressources/", ressources.ressources, name="ressources"),
    path("ressources/nouvelle/", ressources.creer, name="ressource_creer"),
    path(
        "ressources/mes-propositions/",
        ressources.mes_propositions,
        name="ressources_propositions",
    ),
    path("ressources/epingles/", ressources.epingles, name="epingles"),
    path(
        "ressources/epingles/<int:pk>/retirer/",
        ressources.epingle_retrait,
        name="epingle_retirer",
    ),
    path("ressources/<int:pk>/", ressources.ressource, name="ressource"),
    path("ressources/<int:pk>/fichier/", ressources.ressource_fichier, name="ressource_fichier"),
    path("ressources/<int:pk>/modifier/", ressources.modifier, name="ressource_modifier"),
    path("ressources/<int:pk>/proposer/", ressources.proposer, name="ressource_proposer"),
    path("ressources/<int:pk>/supprimer/", ressources.supprimer, name="ressource_supprimer"),
    path("ressources/<int:pk>/epingler/", ressources.epingler, name="ressource_epingler"),
    # MOOC
    path("mooc/", mooc.mooc, name="mooc"),
    path("mooc/mon-parcours/", mooc.mon_parcours, name="mooc_mon_parcours"),
    path("mooc/suivi/", mooc.suivi, name="mooc_suivi"),
    path("mooc/<slug:code>/", mooc.module, name="module"),
    path("mooc/<slug:code>/attestation.pdf", mooc.attestation, name="attestation"),
    path("mooc/<slug:code>/lecons/<int:pk>/", mooc.lecon, name="lecon"),
    path(
        "mooc/<slug:code>/lecons/<int:pk>/terminer/",
        mooc.lecon_terminee,
        name="lecon_terminer",
    ),
    path("mooc/<slug:code>/lecons/<int:pk>/support/", mooc.lecon_support, name="lecon_support"),
    # Équipe
    path("vitrine/demandes/", demandes.demandes, name="demandes"),
    path("vitrine/demandes/<int:pk>/", demandes.demande, name="demande"),
    path(
        "vitrine/demandes/<int:pk>/accueillir/",
        demandes.demande_accueil,
        name="demande_accueillir",
    ),
    path("vitrine/temoignages/", temoignages.gestion, name="temoignages_gestion"),
    path("vitrine/temoignages/nouveau/", temoignages.creer, name="temoignage_creer"),
    path("vitrine/temoignages/<int:pk>/", temoignages.modifier, name="temoignage_modifier"),
    path(
        "vitrine/temoignages/<int:pk>/<slug:action>/",
        temoignages.action,
        name="temoignage_action",
    ),
]
