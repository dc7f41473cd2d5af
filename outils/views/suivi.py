from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header

from .. import services
from ..forms import IndicateurFormSet, SuiviForm, indicateurs_valeurs
from ..models import Action, PieceJointe, Suivi
from .base import contexte, espace_view, paginer


def _suivi(organisation, suivi_pk) -> Suivi:
    return get_object_or_404(
        Suivi.objects.select_related("action", "auteur"), pk=suivi_pk, organisation=organisation
    )


@espace_view()
def suivi(request, organisation):
    entrees = (
        Suivi.objects.filter(organisation=organisation)
        .select_related("action", "auteur")
        .prefetch_related("indicateurs", "pieces_jointes")
    )
    action = None
    action_pk = request.GET.get("action", "")
    if action_pk.isdigit():
        action = Action.objects.de_organisation(organisation).filter(pk=int(action_pk)).first()
        if action is not None:
            entrees = entrees.filter(action=action)
    page, querystring = paginer(request, entrees, par_page=15)
    return render(
        request,
        "outils/suivi.html",
        contexte(request, "suivi", page=page, querystring_sans_page=querystring, action=action),
    )


@espace_view()
def suivi_detail(request, organisation, suivi_pk):
    entree = _suivi(organisation, suivi_pk)
    return render(
        request,
        "outils/suivi_detail.html",
        contexte(
            request,
            "suivi",
            entree=entree,
            indicateurs=entree.indicateurs.all(),
            pieces=entree.pieces_jointes.select_related("ajoutee_par"),
        ),
    )


def _formulaire(request, organisation, instance=None):
    initial = {}
    if instance is None:
        initial["date"] = timezone.localdate()
        action_pk = request.GET.get("action", "")
        if action_pk.isdigit():
            initial["action"] = (
                Action.objects.de_organisation(organisation).filter(pk=int(action_pk)).first()
            )
    form = SuiviForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        organisation=organisation,
        initial=initial,
    )
    indicateurs_initiaux = (
        [
            {"libelle": i.libelle, "valeur": i.valeur, "cible": i.cible, "unite": i.unite}
            for i in instance.indicateurs.all()
        ]
        if instance
        else []
    )
    formset = IndicateurFormSet(
        request.POST or None, prefix="indicateurs", initial=indicateurs_initiaux
    )
    return form, formset


def _enregistrer(request, organisation, entree=None):
    """The follow-up entry form, for a new entry or an existing one."""
    form, formset = _formulaire(request, organisation, instance=entree)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        champs = {
            "auteur": request.user,
            "date": data["date"],
            "action": data["action"],
            "realise": data["realise"],
            "difficultes": data["difficultes"],
            "prochaine_etape": data["prochaine_etape"],
            "indicateurs": indicateurs_valeurs(formset),
            "fichiers_joints": data["fichiers"],
        }
        try:
            if entree is None:
                entree = services.suivi_creer(organisation=organisation, **champs)
                message = "Entrée de suivi enregistrée."
            else:
                entree.refresh_from_db()
                services.suivi_modifier(suivi=entree, **champs)
                message = "Entrée de suivi modifiée."
        except ValidationError as exc:
            form.add_error("fichiers" if not hasattr(exc, "error_dict") else None, exc)
        else:
            messages.success(request, message)
            return redirect("outils:suivi_detail", pk=organisation.pk, suivi_pk=entree.pk)
    pieces = entree.pieces_jointes.all() if entree is not None else None
    return render(
        request,
        "outils/suivi_form.html",
        contexte(request, "suivi", form=form, formset=formset, entree=entree, pieces=pieces),
    )


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def suivi_creer(request, organisation):
    return _enregistrer(request, organisation)


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def suivi_modifier(request, organisation, suivi_pk):
    return _enregistrer(request, organisation, _suivi(organisation, suivi_pk))


@espace_view(droit="modifier", methodes=("POST",))
def suivi_supprimer(request, organisation, suivi_pk):
    entree = _suivi(organisation, suivi_pk)
    services.suivi_supprimer(suivi=entree, auteur=request.user)
    messages.success(request, "Entrée de suivi supprimée (elle reste dans l'historique).")
    return redirect("outils:suivi", pk=organisation.pk)


def _piece(organisation, piece_pk) -> PieceJointe:
    return get_object_or_404(
        PieceJointe.objects.select_related("suivi"),
        pk=piece_pk,
        suivi__organisation=organisation,
    )


@espace_view()
def piece_jointe(request, organisation, piece_pk):
    """Serve an attachment after the permission check; never from a public URL."""
    piece = _piece(organisation, piece_pk)
    response = HttpResponse(_lire(piece.fichier), content_type=piece.type_mime)
    response["Content-Disposition"] = content_disposition_header(True, piece.nom)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@espace_view(droit="modifier", methodes=("POST",))
def piece_jointe_supprimer(request, organisation, piece_pk):
    piece = _piece(organisation, piece_pk)
    suivi_pk = piece.suivi_id
    services.piece_jointe_supprimer(piece=piece, auteur=request.user)
    messages.success(request, f"Pièce jointe « {piece.nom} » supprimée.")
    return redirect("outils:suivi_detail", pk=organisation.pk, suivi_pk=suivi_pk)


def _lire(fichier) -> bytes:
    """The whole file (attachments are small): no file handle left open by the response."""
    try:
        with fichier.open("rb") as fh:
            return fh.read()
    except (FileNotFoundError, OSError) as exc:
        raise Http404("Fichier introuvable.") from exc
