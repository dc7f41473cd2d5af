from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from .views import donnees, equipe, financements, financeur, health, public

# Admin login goes through allauth (rate limits, MFA).
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Démarche progrès RH — administration"
admin.site.site_title = "Démarche progrès RH"

urlpatterns = [
    path("", public.accueil, name="accueil"),
    path("tableau-de-bord/", public.tableau_de_bord, name="tableau_de_bord"),
    path("healthz", health.healthz, name="healthz"),
    path("equipe/", equipe.tableau, name="equipe_tableau"),
    path("equipe/inviter/", equipe.inviter, name="equipe_inviter"),
    path("equipe/invitations/", equipe.invitations, name="equipe_invitations"),
    path(
        "equipe/invitations/<int:pk>/relancer/",
        equipe.invitation_relancer,
        name="equipe_invitation_relancer",
    ),
    path("equipe/personnes/", donnees.personnes, name="equipe_personnes"),
    path("equipe/personnes/<int:pk>/", donnees.personne, name="equipe_personne"),
    path(
        "equipe/personnes/<int:pk>/export.json",
        donnees.personne_export,
        name="equipe_personne_export",
    ),
    path(
        "equipe/personnes/<int:pk>/anonymiser/",
        donnees.personne_anonymisation,
        name="equipe_personne_anonymiser",
    ),
    path("compte/donnees/", donnees.mes_donnees, name="mes_donnees"),
    path("compte/donnees/export.json", donnees.mes_donnees_export, name="mes_donnees_export"),
    path(
        "compte/donnees/effacement/", donnees.mes_donnees_effacement, name="mes_donnees_effacement"
    ),
    path("financeur/", financeur.tableau, name="financeur_tableau"),
    path("equipe/financements/", financements.liste, name="equipe_financements"),
    path("equipe/financements/nouvelle/", financements.creer, name="equipe_financement_creer"),
    path(
        "equipe/financements/<int:pk>/modifier/",
        financements.modifier,
        name="equipe_financement_modifier",
    ),
    path(
        "financements/<int:pk>/",
        financements.grand_livre_ligne,
        name="financement_grand_livre",
    ),
    path("comptes/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Each app owns its URL prefixes (see its urls.py).
    path("", include("parcours.urls")),
    path("", include("communautes.urls")),
    path("", include("accompagnateurs.urls")),
    path("", include("outils.urls")),
    path("", include("outils.vitrine.urls")),
    path("", include("apes_rh.rapports.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
