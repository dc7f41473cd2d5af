from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apes_rh.perms import rule_required

from .. import limites
from ..filtres import DemandeFiltre
from ..forms import DemandeAccueilForm, DemandeAdhesionForm, DemandeTraitementForm
from ..models import DemandeAdhesion
from ..services import demande_accueillir, demande_creer, demande_mettre_a_jour
from .commun import paginer, seo


@login_not_required
def rejoindre(request):
    form = DemandeAdhesionForm(request.POST or None)
    statut = 200
    if request.method == "POST":
        essais = limites.compter(request, limites.ESSAIS)
        if essais > limites.ESSAIS[1] or limites.depassee(request, limites.ENVOIS):
            form.add_error(
                None,
                "Trop de demandes ont été envoyées depuis votre connexion. Réessayez plus tard "
                f"ou écrivez-nous directement à {settings.EQUIPE_EMAIL}.",
            )
            statut = 429
        elif form.est_un_robot:
            # Pretend it worked: a robot learns nothing, nothing is kept.
            return redirect("vitrine:rejoindre_merci")
        elif form.is_valid():
            donnees = {
                k: v
                for k, v in form.cleaned_data.items()
                if k not in ("thematiques", "site_internet", "jeton", "consentement")
            }
            demande_creer(donnees=donnees, thematiques=form.cleaned_data["thematiques"])
            limites.compter(request, limites.ENVOIS)
            return redirect("vitrine:rejoindre_merci")
        else:
            statut = 400
    return render(
        request,
        "outils/vitrine/rejoindre.html",
        {
            "form": form,
            "seo": seo(
                request,
                "Rejoindre la démarche progrès RH",
                "Votre association ou coopérative veut progresser sur ses pratiques RH ? "
                "Présentez-nous votre structure et vos besoins : nous vous recontactons.",
            ),
        },
        status=statut,
    )


@login_not_required
def rejoindre_merci(request):
    return render(
        request,
        "outils/vitrine/rejoindre_merci.html",
        {
            "seo": seo(
                request, "Demande envoyée", "Merci, votre demande est bien arrivée.", indexer=False
            )
        },
    )


@rule_required("vitrine.gerer")
def demandes(request):
    filtre = DemandeFiltre(
        request.GET or None,
        queryset=DemandeAdhesion.objects.select_related("territoire", "traitee_par"),
    )
    page, querystring = paginer(request, filtre.qs, 25)
    return render(
        request,
        "outils/vitrine/equipe/demandes.html",
        {
            "filtre": filtre,
            "page": page,
            "querystring_sans_page": querystring,
            "nouvelles": DemandeAdhesion.objects.filter(statut="nouvelle").count(),
        },
    )


@rule_required("vitrine.gerer")
def demande(request, pk):
    demande = get_object_or_404(
        DemandeAdhesion.objects.select_related("territoire", "traitee_par", "organisation"),
        pk=pk,
    )
    form = DemandeTraitementForm(request.POST or None, instance=demande)
    if request.method == "POST" and form.is_valid():
        demande_mettre_a_jour(
            demande=demande,
            statut=form.cleaned_data["statut"],
            note_interne=form.cleaned_data["note_interne"],
            par=request.user,
        )
        messages.success(request, "Demande mise à jour.")
        return redirect("vitrine:demande", pk=demande.pk)
    return render(
        request,
        "outils/vitrine/equipe/demande.html",
        {
            "demande": demande,
            "form": form,
            "accueil_form": DemandeAccueilForm(demande=demande),
            "thematiques": demande.thematiques.all(),
        },
    )


@rule_required("vitrine.gerer")
@require_POST
def demande_accueil(request, pk):
    demande = get_object_or_404(DemandeAdhesion.objects.select_related("territoire"), pk=pk)
    form = DemandeAccueilForm(request.POST, demande=demande)
    if not form.is_valid():
        return render(
            request,
            "outils/vitrine/equipe/demande.html",
            {
                "demande": demande,
                "form": DemandeTraitementForm(instance=demande),
                "accueil_form": form,
                "thematiques": demande.thematiques.all(),
            },
            status=400,
        )
    organisation = demande_accueillir(
        demande=demande,
        par=request.user,
        territoire=form.cleaned_data["territoire"],
        message=form.cleaned_data["message"],
    )
    messages.success(
        request,
        f"« {organisation} » est enregistrée et {demande.contact_email} a reçu une invitation "
        "pour en être pilote.",
    )
    return redirect("vitrine:demande", pk=demande.pk)
