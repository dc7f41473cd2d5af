"""The team's pages: the pool, missions and suggestions, validation of half-days, activity of
the pool, calls for interest and applications, yearly review notes."""

from pathlib import Path
from types import SimpleNamespace

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from apes_rh.cache import cle_de_requete, fragment_partage, memoiser
from apes_rh.fichiers import type_mime
from apes_rh.perms import rule_required
from apes_rh.stockage import stockage_prive

from .. import services
from ..activite import activite_pool
from ..enums import StatutCandidature, StatutDemiJournee, StatutMission
from ..forms import (
    AppelForm,
    BilanForm,
    ExamenForm,
    MissionForm,
    PeriodeForm,
    ProfilEquipeForm,
    SpecialiteForm,
    SuggestionFiltre,
    TraitementForm,
)
from ..models import (
    Accompagnateur,
    AppelAManifestation,
    BilanAnnuel,
    Candidature,
    DemiJournee,
    Mission,
    Specialite,
)
from ..suggestions import suggerer_accompagnateurs
from .outils import paginer

# ---------------------------------------------------------------------------
# The pool
# ---------------------------------------------------------------------------


@rule_required("equipe")
def pool(request):
    """Every coach, those who left included (filter), with their current load."""
    qs = Accompagnateur.objects.select_related("user").prefetch_related("specialites")
    etat = request.GET.get("etat", "actifs")
    if etat == "actifs":
        qs = qs.actifs()
    elif etat == "sortis":
        qs = qs.exclude(pk__in=Accompagnateur.objects.actifs().values("pk"))
    qs = qs.annotate(
        nb_missions=Count(
            "missions", filter=Q(missions__statut=StatutMission.EN_COURS), distinct=True
        ),
        nb_binomes=Count(
            "missions_en_binome",
            filter=Q(missions_en_binome__statut=StatutMission.EN_COURS),
            distinct=True,
        ),
        a_valider=Count(
            "demi_journees",
            filter=Q(demi_journees__statut=StatutDemiJournee.SOUMISE),
            distinct=True,
        ),
    )
    qs = qs.order_by("user__last_name", "user__first_name", "pk")
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "accompagnateurs/equipe/pool.html",
        {"page": page, "querystring_sans_page": querystring, "etat": etat},
    )


@rule_required("equipe")
def pool_profil_modifier(request, pk):
    coach = get_object_or_404(Accompagnateur.objects.select_related("user"), pk=pk)
    form = ProfilEquipeForm(request.POST or None, request.FILES or None, instance=coach)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Profil de {coach.user} enregistré.")
        return redirect("accompagnateurs:pool")
    return render(
        request,
        "accompagnateurs/profil_form.html",
        {"form": form, "coach": coach, "equipe": True},
    )


@rule_required("equipe")
def specialites(request):
    """The managed list of specialties (coaches and applicants pick from it)."""
    form = SpecialiteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Spécialité ajoutée.")
        return redirect("accompagnateurs:specialites")
    qs = Specialite.objects.annotate(nb=Count("accompagnateur", distinct=True)).order_by("nom")
    page, querystring = paginer(request, qs, 50)
    return render(
        request,
        "accompagnateurs/equipe/specialites.html",
        {"form": form, "page": page, "querystring_sans_page": querystring},
    )


# ---------------------------------------------------------------------------
# Missions
# ---------------------------------------------------------------------------

MISSION_RELATIONS = (
    "organisation",
    "thematique",
    "accompagnateur__user",
    "co_accompagnateur__user",
)


@rule_required("equipe")
def missions(request):
    qs = Mission.objects.avec_budget().select_related(*MISSION_RELATIONS)
    statut = request.GET.get("statut", StatutMission.EN_COURS)
    if statut in StatutMission.values:
        qs = qs.filter(statut=statut)
    coach = request.GET.get("accompagnateur", "")
    if coach.isdigit():
        qs = qs.filter(Q(accompagnateur_id=coach) | Q(co_accompagnateur_id=coach))
    page, querystring = paginer(request, qs.order_by("-debut", "-pk"), 25)
    return render(
        request,
        "accompagnateurs/equipe/missions.html",
        {
            "page": page,
            "querystring_sans_page": querystring,
            "statut": statut,
            "statuts": StatutMission.choices,
        },
    )


def _suggestions_depuis(data):
    filtre = SuggestionFiltre(data)
    if filtre.is_valid():
        return suggerer_accompagnateurs(
            organisation=filtre.cleaned_data["organisation"],
            thematique=filtre.cleaned_data["thematique"],
        )
    return None


@rule_required("equipe")
def mission_nouvelle(request):
    form = MissionForm(request.POST or None, initial=request.GET.dict() or None)
    if request.method == "POST" and form.is_valid():
        mission = services.mission_creer(par=request.user, **form.cleaned_data)
        messages.success(request, f"Mission accordée à {mission.organisation}.")
        return redirect("accompagnateurs:mission", pk=mission.pk)
    suggestions = _suggestions_depuis(request.POST or request.GET)
    return render(
        request,
        "accompagnateurs/equipe/mission_form.html",
        {"form": form, "suggestions": suggestions},
    )


@rule_required("equipe")
def mission_modifier(request, pk):
    mission = get_object_or_404(Mission, pk=pk)
    form = MissionForm(request.POST or None, instance=mission)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Mission enregistrée.")
        return redirect("accompagnateurs:mission", pk=mission.pk)
    return render(
        request,
        "accompagnateurs/equipe/mission_form.html",
        {"form": form, "mission": mission, "suggestions": None},
    )


@rule_required("equipe")
def suggestions(request):
    """Coaches ranked for an organisation and a theme (an htmx fragment in the mission form)."""
    filtre = SuggestionFiltre(request.GET or None)
    resultat = _suggestions_depuis(request.GET) if request.GET else None
    template = (
        "accompagnateurs/equipe/includes/suggestions.html"
        if request.htmx
        else "accompagnateurs/equipe/suggestions.html"
    )
    return render(request, template, {"filtre": filtre, "suggestions": resultat})


# ---------------------------------------------------------------------------
# Validation of half-days, in bulk
# ---------------------------------------------------------------------------


def _a_traiter(request):
    qs = (
        DemiJournee.objects.filter(statut=StatutDemiJournee.SOUMISE)
        .select_related(
            "organisation",
            "thematique",
            "mission__thematique",
            "accompagnateur__user",
            "co_accompagnateur__user",
            "financement__financeur",
        )
        .order_by("date", "pk")
    )
    coach = request.GET.get("accompagnateur", "")
    if coach.isdigit():
        qs = qs.filter(accompagnateur_id=coach)
    return qs


def _annoter_budgets(releves):
    """Mark the records that would take their mission over budget, in two queries."""
    mission_ids = {dj.mission_id for dj in releves if dj.mission_id}
    missions = {m.pk: m for m in Mission.objects.avec_budget().filter(pk__in=mission_ids)}
    cumul = {pk: m.consommees for pk, m in missions.items()}
    for dj in releves:
        m = missions.get(dj.mission_id)
        dj.budget_mission = m
        if m is not None:
            cumul[m.pk] += dj.demi_journees
            dj.hors_budget = cumul[m.pk] > m.budget_total
        else:
            dj.hors_budget = False


@rule_required("equipe")
def validation(request):
    page, querystring = paginer(request, _a_traiter(request), 50)
    releves = list(page.object_list)
    _annoter_budgets(releves)
    coaches = (
        Accompagnateur.objects.filter(demi_journees__statut=StatutDemiJournee.SOUMISE)
        .select_related("user")
        .distinct()
    )
    return render(
        request,
        "accompagnateurs/equipe/validation.html",
        {
            "page": page,
            "releves": releves,
            "querystring_sans_page": querystring,
            "form": TraitementForm(),
            "coaches": coaches,
            "coach_choisi": request.GET.get("accompagnateur", ""),
        },
    )


@rule_required("equipe")
@require_POST
def validation_traiter(request):
    ids_possibles = (
        DemiJournee.objects.filter(statut=StatutDemiJournee.SOUMISE)
        .filter(pk__in=[int(i) for i in request.POST.getlist("ids") if i.isdigit()])
        .values_list("pk", flat=True)
    )
    form = TraitementForm(request.POST, ids_possibles=list(ids_possibles))
    if not form.is_valid():
        for erreurs in form.errors.values():
            for e in erreurs:
                messages.error(request, e)
        return redirect("accompagnateurs:validation")
    data = form.cleaned_data
    if data["action"] == "valider":
        res = services.demi_journees_valider(
            ids=data["ids"], par=request.user, approuver_depassement=data["approuver_depassement"]
        )
        if res.traitees:
            messages.success(request, f"{len(res.traitees)} relevé(s) validé(s).")
        if res.bloquees:
            messages.warning(
                request,
                f"{len(res.bloquees)} relevé(s) dépasseraient le budget de leur mission : "
                "cochez « J'approuve les dépassements » pour les valider, ou renvoyez-les.",
            )
    else:
        res = services.demi_journees_renvoyer(
            ids=data["ids"], par=request.user, commentaire=data["commentaire"]
        )
        messages.success(
            request, f"{len(res.traitees)} relevé(s) renvoyé(s) avec votre commentaire."
        )
    return redirect("accompagnateurs:validation")


# ---------------------------------------------------------------------------
# Activity of the pool
# ---------------------------------------------------------------------------

LARGEUR_GRAPHE = 600
HAUTEUR_BARRE = 22


def _activite_legere(du, au):
    """The pool's activity with each coach reduced to a name and an id: 1,300 model instances
    would cost more to read back from the cache than the page itself."""
    lignes, totaux = activite_pool(du, au)
    for ligne in lignes:
        coach = ligne.accompagnateur
        ligne.accompagnateur = SimpleNamespace(pk=coach.pk, user=str(coach.user))
    return lignes, totaux


def _contexte_activite(request) -> dict:
    form, du, au = PeriodeForm.depuis(request.GET)
    # Aggregating the whole pool costs a few hundred ms at 100× the programme: once per version
    # of the data. The page shows 25 coaches at a time (most active first); exports list all.
    lignes, totaux = memoiser(f"activite_pool:{du}:{au}", lambda: _activite_legere(du, au))
    page, querystring_sans_page = paginer(request, lignes)
    maximum = max((lg.total for lg in lignes), default=0) or 1
    largeur_noms = 180
    zone = LARGEUR_GRAPHE - largeur_noms - 50
    barres = []
    for i, lg in enumerate(page.object_list):
        w_ind = round(zone * lg.individuelles / maximum)
        w_col = round(zone * lg.collectives / maximum)
        barres.append(
            {
                "ligne": lg,
                "y": i * (HAUTEUR_BARRE + 8),
                "y_texte": i * (HAUTEUR_BARRE + 8) + 15,
                "x": largeur_noms,
                "w_ind": w_ind,
                "x_col": largeur_noms + w_ind,
                "w_col": w_col,
                "x_total": largeur_noms + w_ind + w_col + 6,
            }
        )
    return {
        "form": form,
        "du": du,
        "au": au,
        "lignes": page.object_list,
        "page": page,
        "querystring_sans_page": querystring_sans_page,
        "totaux": totaux,
        "barres": barres,
        "graphe": {
            "largeur": LARGEUR_GRAPHE,
            "hauteur": max(1, len(barres)) * (HAUTEUR_BARRE + 8),
            "barre": HAUTEUR_BARRE,
        },
    }


@rule_required("equipe")
def activite(request):
    # The same page for the whole team: rendered once per version of the data and per query.
    contenu = fragment_partage(
        f"activite_pool:{cle_de_requete(request, timezone.localdate())}",
        "accompagnateurs/equipe/includes/activite.html",
        lambda: _contexte_activite(request),
    )
    return render(request, "accompagnateurs/equipe/activite.html", {"contenu": contenu})


# ---------------------------------------------------------------------------
# Calls for interest and applications
# ---------------------------------------------------------------------------


@rule_required("equipe")
def appels_equipe(request):
    qs = AppelAManifestation.objects.annotate(
        nb=Count("candidatures", distinct=True),
        a_etudier=Count(
            "candidatures",
            filter=Q(
                candidatures__statut__in=[StatutCandidature.RECUE, StatutCandidature.EN_ETUDE]
            ),
            distinct=True,
        ),
    )
    page, querystring = paginer(request, qs.order_by("-cloture", "-pk"), 25)
    return render(
        request,
        "accompagnateurs/equipe/appels.html",
        {"page": page, "querystring_sans_page": querystring},
    )


@rule_required("equipe")
def appel_nouveau(request):
    form = AppelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        appel = form.save(commit=False)
        appel.creee_par = request.user
        appel.save()
        messages.success(request, "Appel à manifestation d'intérêt publié.")
        return redirect("accompagnateurs:candidatures", pk=appel.pk)
    return render(request, "accompagnateurs/equipe/appel_form.html", {"form": form})


@rule_required("equipe")
def appel_modifier(request, pk):
    appel = get_object_or_404(AppelAManifestation, pk=pk)
    form = AppelForm(request.POST or None, instance=appel)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Appel enregistré.")
        return redirect("accompagnateurs:candidatures", pk=appel.pk)
    return render(request, "accompagnateurs/equipe/appel_form.html", {"form": form, "appel": appel})


@rule_required("equipe")
def candidatures(request, pk):
    appel = get_object_or_404(AppelAManifestation, pk=pk)
    qs = appel.candidatures.prefetch_related("specialites")
    statut = request.GET.get("statut", "")
    if statut in StatutCandidature.values:
        qs = qs.filter(statut=statut)
    page, querystring = paginer(request, qs, 25)
    return render(
        request,
        "accompagnateurs/equipe/candidatures.html",
        {
            "appel": appel,
            "page": page,
            "querystring_sans_page": querystring,
            "statut": statut,
            "statuts": StatutCandidature.choices,
        },
    )


@rule_required("equipe")
def candidature(request, pk):
    cand = get_object_or_404(
        Candidature.objects.select_related(
            "appel", "decidee_par", "accompagnateur__user"
        ).prefetch_related("specialites", "territoires"),
        pk=pk,
    )
    form = ExamenForm(request.POST or None, instance=cand)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidature_examiner(
                candidature=cand,
                statut=form.cleaned_data["statut"],
                notes_internes=form.cleaned_data["notes_internes"],
                par=request.user,
            )
        except services.TransitionInterdite as exc:
            form.add_error("statut", str(exc))
        else:
            messages.success(request, "Candidature enregistrée.")
            return redirect("accompagnateurs:candidature", pk=cand.pk)
    return render(request, "accompagnateurs/equipe/candidature.html", {"cand": cand, "form": form})


@rule_required("equipe")
def candidature_cv(request, pk):
    cand = get_object_or_404(Candidature, pk=pk)
    if not cand.cv or not stockage_prive().exists(cand.cv.name):
        raise Http404
    extension = Path(cand.cv.name).suffix.lower()
    mime = type_mime(cand.cv.name)
    nom = f"CV-{cand.prenom}-{cand.nom}{extension}"
    nom = "".join(c if c.isalnum() or c in "-_." else "-" for c in nom)
    # At most 5 Mo: read at once, so no file handle outlives the request.
    with cand.cv.open("rb") as fichier:
        contenu = fichier.read()
    response = HttpResponse(contenu, content_type=mime or "application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, nom)
    response["Cache-Control"] = "private, no-store"
    return response


@rule_required("equipe")
@require_POST
def candidature_anonymiser(request, pk):
    cand = get_object_or_404(Candidature, pk=pk)
    services.candidature_anonymiser(candidature=cand)
    messages.success(request, "Candidature anonymisée : l'identité et le CV sont effacés.")
    return redirect("accompagnateurs:candidatures", pk=cand.appel_id)


# ---------------------------------------------------------------------------
# Yearly review notes
# ---------------------------------------------------------------------------


@rule_required("equipe")
def bilan_nouveau(request):
    form = BilanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        bilan = form.save(commit=False)
        bilan.redige_par = request.user
        bilan.save()
        messages.success(request, "Compte rendu du bilan enregistré.")
        return redirect("accompagnateurs:bilan", pk=bilan.pk)
    return render(request, "accompagnateurs/equipe/bilan_form.html", {"form": form})


@rule_required("equipe")
def bilan_modifier(request, pk):
    bilan = get_object_or_404(BilanAnnuel, pk=pk)
    form = BilanForm(request.POST or None, instance=bilan)
    if request.method == "POST" and form.is_valid():
        bilan = form.save(commit=False)
        bilan.redige_par = request.user
        bilan.modifie_le = timezone.now()
        bilan.save()
        messages.success(request, "Compte rendu du bilan enregistré.")
        return redirect("accompagnateurs:bilan", pk=bilan.pk)
    return render(request, "accompagnateurs/equipe/bilan_form.html", {"form": form, "bilan": bilan})
