from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from apes_rh.cache import en_cache_pour_anonymes
from apes_rh.perms import can, require, rule_required

from ..enums import StatutTemoignage
from ..forms import RelectureForm, TemoignageForm
from ..models import Temoignage
from ..services import (
    PublicationImpossible,
    temoignage_demander_modifications,
    temoignage_demander_validation,
    temoignage_enregistrer,
    temoignage_publier,
    temoignage_retirer,
    temoignage_valider,
)
from .commun import paginer, seo


def _temoignage(request, pk, regle="vitrine.temoignage.voir"):
    """Load a testimonial the person may know of (404 otherwise)."""
    temoignage = get_object_or_404(
        Temoignage.objects.select_related("organisation", "valide_par").prefetch_related(
            "thematiques"
        ),
        pk=pk,
    )
    require(request.user, regle, temoignage, hide=True)
    return temoignage


@login_not_required
@en_cache_pour_anonymes
def temoignages(request):
    qs = (
        Temoignage.objects.publies()
        .select_related("organisation")
        .prefetch_related("thematiques")
        .order_by("-mis_en_avant", "-publie_le", "-pk")
    )
    page, querystring = paginer(request, qs, 12)
    return render(
        request,
        "outils/vitrine/temoignages.html",
        {
            "page": page,
            "querystring_sans_page": querystring,
            "seo": seo(
                request,
                "Témoignages",
                "Des associations et coopératives des Hauts-de-France racontent leur démarche "
                "progrès RH : leur situation, ce qu'elles ont fait, ce qui a changé.",
            ),
        },
    )


@login_not_required
def temoignage(request, pk):
    temoignage = _temoignage(request, pk)
    return render(
        request,
        "outils/vitrine/temoignage.html",
        {
            "temoignage": temoignage,
            "apercu": not temoignage.est_publie,
            "seo": seo(
                request,
                f"{temoignage.titre} — {temoignage.organisation}",
                temoignage.citation or temoignage.situation,
                type_og="article",
                indexer=temoignage.est_publie,
            ),
        },
    )


# --------------------------------------------------------------------- équipe


@rule_required("vitrine.gerer")
def gestion(request):
    statut = request.GET.get("statut", "")
    qs = Temoignage.objects.select_related("organisation", "redige_par").order_by(
        "-modifie_le", "-pk"
    )
    if statut in StatutTemoignage.values:
        qs = qs.filter(statut=statut)
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "outils/vitrine/equipe/temoignages.html",
        {
            "page": page,
            "querystring_sans_page": querystring,
            "statuts": StatutTemoignage.choices,
            "statut": statut,
        },
    )


@rule_required("vitrine.gerer")
def creer(request):
    return _formulaire(request, Temoignage())


@rule_required("vitrine.gerer")
def modifier(request, pk):
    return _formulaire(request, get_object_or_404(Temoignage, pk=pk))


def _formulaire(request, temoignage):
    form = TemoignageForm(request.POST or None, instance=temoignage)
    if request.method == "POST" and form.is_valid():
        avant = temoignage.statut if temoignage.pk else None
        temoignage = form.save(commit=False)
        temoignage_enregistrer(
            temoignage=temoignage, par=request.user, texte_modifie=form.texte_modifie
        )
        form.save_m2m()
        if avant == StatutTemoignage.PUBLIE and temoignage.statut == StatutTemoignage.RETIRE:
            messages.warning(
                request,
                "Le texte a changé : le témoignage est retiré de la vitrine jusqu'à ce que "
                "l'organisation valide la nouvelle version.",
            )
        else:
            messages.success(request, "Témoignage enregistré.")
        return redirect("vitrine:temoignage_modifier", pk=temoignage.pk)
    return render(
        request,
        "outils/vitrine/equipe/temoignage_form.html",
        {"form": form, "temoignage": temoignage},
    )


@rule_required("vitrine.gerer")
@require_POST
def action(request, pk, action):
    temoignage = get_object_or_404(Temoignage.objects.select_related("organisation"), pk=pk)
    if action == "relecture":
        n = temoignage_demander_validation(temoignage=temoignage, par=request.user)
        if n:
            messages.success(request, f"Relecture demandée à {n} pilote(s) de l'organisation.")
        else:
            messages.error(
                request,
                "Cette organisation n'a pas de pilote actif sur la plateforme : invitez-le ou "
                "la, ou publiez sans validation en décochant l'option.",
            )
    elif action == "publier":
        try:
            temoignage_publier(temoignage=temoignage, par=request.user)
        except PublicationImpossible as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, "Témoignage publié sur la vitrine.")
    elif action == "retirer":
        temoignage_retirer(temoignage=temoignage, par=request.user)
        messages.success(request, "Témoignage retiré de la vitrine.")
    else:
        raise Http404
    return redirect("vitrine:temoignage_modifier", pk=temoignage.pk)


# --------------------------------------------------------------------- pilotes


def a_relire(request):
    """The testimonials waiting for this person's validation (pilots)."""
    qs = Temoignage.objects.a_relire_par(request.user).select_related("organisation")
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "outils/vitrine/temoignages_a_relire.html",
        {"page": page, "querystring_sans_page": querystring},
    )


def relecture(request, pk):
    temoignage = _temoignage(request, pk, "vitrine.temoignage.suivre")
    peut_relire = can(request.user, "vitrine.temoignage.relire", temoignage)
    form = RelectureForm(request.POST or None)
    if request.method == "POST":
        if not peut_relire:
            messages.info(request, "Ce témoignage n'attend plus votre relecture.")
            return redirect("vitrine:temoignage_relecture", pk=temoignage.pk)
        if form.is_valid():
            commentaire = form.cleaned_data["commentaire"].strip()
            if form.cleaned_data["decision"] == RelectureForm.VALIDER:
                temoignage_valider(temoignage=temoignage, par=request.user, commentaire=commentaire)
                messages.success(
                    request, "Merci ! L'équipe de l'Apes peut maintenant publier ce témoignage."
                )
            else:
                temoignage_demander_modifications(
                    temoignage=temoignage, par=request.user, commentaire=commentaire
                )
                messages.success(
                    request, "Vos remarques sont transmises à l'équipe, qui reviendra vers vous."
                )
            return redirect("vitrine:temoignage_relecture", pk=temoignage.pk)
    return render(
        request,
        "outils/vitrine/temoignage_relecture.html",
        {"temoignage": temoignage, "form": form, "peut_relire": peut_relire},
    )
