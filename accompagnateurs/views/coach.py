"""The coach's space: dashboard, profile, half-days, missions, organisations, activity."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from apes_rh.cache import cle_de_requete, fragment_partage, memoiser
from apes_rh.pagination import page_en_cache, querystring_sans_page
from apes_rh.perms import is_equipe, require, rule_required

from .. import exports, services
from ..activite import releve_accompagnateur, seances_animees
from ..enums import StatutDemiJournee
from ..forms import DemiJourneeEquipeForm, DemiJourneeForm, PeriodeForm, ProfilForm
from ..models import (
    Accompagnateur,
    BilanAnnuel,
    DemiJournee,
    Mission,
    accompagnateur_de,
)
from ..perms import (
    get_bilan_for,
    get_demi_journee_for,
    get_mission_for,
    get_organisation_for,
    get_profil_for,
)
from .outils import paginer

DJ_RELATIONS = (
    "organisation",
    "thematique",
    "mission__thematique",
    "accompagnateur__user",
    "co_accompagnateur__user",
)
# What a list of records shows (includes/releves_table.html): every join costs PostgreSQL
# planning time on each request, so lists join only these.
DJ_LISTE = ("organisation", "thematique", "accompagnateur__user", "co_accompagnateur__user")


def _profil(request) -> Accompagnateur:
    profil = accompagnateur_de(request.user)
    if profil is None:
        raise PermissionDenied
    return profil


@rule_required("espace.accompagnateur")
def tableau(request):
    """A coach's dashboard: missions and budgets, drafts to submit, returned records,
    collective sessions from the agenda, latest activity."""
    profil = Accompagnateur.objects.prefetch_related("specialites").get(user=request.user)
    request.user._apes_accompagnateur = profil  # the rules below reuse it
    today = timezone.localdate()
    # The coach's own figures and lists, once per version of the data (their drafts change
    # with their own writes, which renew it).
    donnees = memoiser(
        f"tableau_accompagnateur:{profil.pk}:{today}",
        lambda: _donnees_tableau(request.user, profil, today),
    )
    return render(
        request,
        "accompagnateurs/tableau.html",
        {"profil": profil, **donnees, "today": today},
    )


def _donnees_tableau(user, profil, today) -> dict:
    missions = list(
        Mission.objects.en_cours()
        .pour_accompagnateur(profil)
        .avec_budget()
        .select_related(
            "organisation", "thematique", "accompagnateur__user", "co_accompagnateur__user"
        )
        .order_by("organisation__nom")
    )
    a_soumettre = list(
        DemiJournee.objects.filter(
            accompagnateur=profil,
            statut__in=[StatutDemiJournee.BROUILLON, StatutDemiJournee.RENVOYEE],
        )
        .select_related(*DJ_RELATIONS)
        .order_by("-statut", "date")[:30]
    )
    dernieres = list(
        DemiJournee.objects.visibles_par(user)
        .pour_accompagnateur(profil)
        .filter(statut__in=[StatutDemiJournee.SOUMISE, StatutDemiJournee.VALIDEE])
        .select_related(*DJ_LISTE)
        .order_by("-date", "-pk")[:8]
    )
    seances = list(
        seances_animees([user.pk])
        .filter(date__gte=today.replace(month=1, day=1))
        .select_related("parcours", "communaute")
        .order_by("-date")
        .distinct()[:8]
    )
    return {
        "missions": missions,
        "a_soumettre": a_soumettre,
        "renvoyees": [d for d in a_soumettre if d.statut == StatutDemiJournee.RENVOYEE],
        "brouillons": [d for d in a_soumettre if d.statut == StatutDemiJournee.BROUILLON],
        "dernieres": dernieres,
        "seances": seances,
        "bilan": BilanAnnuel.objects.select_related("seance").first(),
    }


@rule_required("espace.accompagnateur")
def mon_profil(request):
    profil = _profil(request)
    form = ProfilForm(request.POST or None, request.FILES or None, instance=profil)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Votre profil est à jour.")
        return redirect("accompagnateurs:profil", pk=profil.pk)
    return render(request, "accompagnateurs/profil_form.html", {"form": form, "coach": profil})


@rule_required("espace.accompagnateur")
def demi_journees(request):
    """The coach's records (theirs and binôme ones they may see), filterable by status."""
    profil = _profil(request)
    qs = (
        DemiJournee.objects.visibles_par(request.user)
        .pour_accompagnateur(profil)
        .select_related(*DJ_LISTE)
        .order_by("-date", "-pk")
    )
    statut = request.GET.get("statut", "")
    if statut in StatutDemiJournee.values:
        qs = qs.filter(statut=statut)
    else:
        statut = ""
    # The coach's own rows, once per version of the data (any record saved renews them).
    page = page_en_cache(request, f"releves:{profil.pk}:{statut}", qs, 25)
    querystring = querystring_sans_page(request)
    return render(
        request,
        "accompagnateurs/demi_journees.html",
        {
            "page": page,
            "querystring_sans_page": querystring,
            "statut": statut,
            "statuts": StatutDemiJournee.choices,
            "profil": profil,
        },
    )


def _budget_bloque(form, profil, instance=None):
    """Warn before exceeding: the form goes back with the budget when the record would take
    its mission over budget and the coach has not confirmed."""
    data = form.cleaned_data
    if data.get("nature") != "individuel":
        return False
    mission = services.mission_pour(
        accompagnateur=instance.accompagnateur if instance else profil,
        organisation=data["organisation"],
        date=data["date"],
        thematique=data.get("thematique"),
    )
    if mission is None:
        return False
    budget = services.budget_avec(
        mission=mission,
        demi_journees=data["demi_journees"],
        sauf_pk=instance.pk if instance else None,
    )
    form.budget = budget
    return budget.depasse and not data.get("confirmer_depassement")


@rule_required("demi_journee.saisir")
def demi_journee_nouvelle(request):
    profil = _profil(request)
    initial = {}
    organisation = request.GET.get("organisation", "")
    if organisation.isdigit() and len(organisation) < 19:  # a database id, nothing bigger
        initial["organisation"] = int(organisation)
    form = DemiJourneeForm(request.POST or None, profil=profil, initial=initial)
    if request.method == "POST" and form.is_valid() and not _budget_bloque(form, profil):
        dj = services.demi_journee_enregistrer(accompagnateur=profil, **form.champs())
        if "soumettre" in request.POST:
            services.demi_journees_soumettre(accompagnateur=profil, ids=[dj.pk])
            messages.success(request, "Demi-journée enregistrée et soumise à l'équipe.")
        else:
            messages.success(request, "Demi-journée enregistrée en brouillon.")
        if "encore" in request.POST:
            return redirect("accompagnateurs:demi_journee_nouvelle")
        return redirect("accompagnateurs:tableau")
    champs = None
    if not form.is_bound:
        # The empty form depends only on the coach's missions and organisations (and the day):
        # its fields are rendered once per version of the data, without the request.
        champs = fragment_partage(
            f"saisie:{profil.pk}:{cle_de_requete(request, timezone.localdate())}",
            "accompagnateurs/includes/champs_saisie.html",
            lambda: {"form": form},
        )
    return render(
        request,
        "accompagnateurs/demi_journee_form.html",
        {"form": form, "profil": profil, "nouvelle": True, "champs": champs},
    )


def demi_journee(request, pk):
    dj = get_demi_journee_for(
        request.user, pk, DemiJournee.objects.select_related(*DJ_RELATIONS, "traitee_par")
    )
    historique = None
    if is_equipe(request.user) or dj.accompagnateur.user_id == request.user.pk:
        historique = dj.history.select_related("history_user", "financement__financeur").order_by(
            "-history_date"
        )[:20]
    return render(
        request,
        "accompagnateurs/demi_journee.html",
        {"dj": dj, "historique": historique, "est_equipe": is_equipe(request.user)},
    )


def demi_journee_modifier(request, pk):
    dj = get_demi_journee_for(request.user, pk, DemiJournee.objects.select_related(*DJ_RELATIONS))
    require(request.user, "demi_journee.modifier", dj)
    equipe = is_equipe(request.user) and dj.accompagnateur.user_id != request.user.pk
    if equipe:
        form = DemiJourneeEquipeForm(request.POST or None, instance=dj, profil=dj.accompagnateur)
    else:
        form = DemiJourneeForm(request.POST or None, instance=dj, profil=dj.accompagnateur)
    if request.method == "POST" and form.is_valid():
        if equipe:
            services.demi_journee_corriger(
                demi_journee=dj,
                par=request.user,
                motif=form.cleaned_data["motif"],
                **form.champs(),
            )
            messages.success(
                request, "Relevé corrigé ; la correction est gardée dans l'historique."
            )
            return redirect("accompagnateurs:demi_journee", pk=dj.pk)
        if not _budget_bloque(form, dj.accompagnateur, dj):
            services.demi_journee_enregistrer(
                accompagnateur=dj.accompagnateur, instance=dj, **form.champs()
            )
            if "soumettre" in request.POST:
                services.demi_journees_soumettre(accompagnateur=dj.accompagnateur, ids=[dj.pk])
                messages.success(request, "Relevé modifié et soumis à l'équipe.")
            else:
                messages.success(request, "Relevé modifié.")
            return redirect("accompagnateurs:demi_journee", pk=dj.pk)
    return render(
        request,
        "accompagnateurs/demi_journee_form.html",
        {"form": form, "dj": dj, "profil": dj.accompagnateur, "equipe": equipe},
    )


@require_POST
def demi_journee_supprimer(request, pk):
    dj = get_demi_journee_for(request.user, pk)
    require(request.user, "demi_journee.supprimer", dj)
    services.demi_journee_supprimer(demi_journee=dj)
    messages.success(request, "Relevé supprimé.")
    return redirect("accompagnateurs:tableau")


@rule_required("demi_journee.saisir")
@require_POST
def demi_journees_soumettre(request):
    profil = _profil(request)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    if not ids:
        messages.error(request, "Cochez au moins un relevé à soumettre.")
        return redirect("accompagnateurs:tableau")
    n = services.demi_journees_soumettre(accompagnateur=profil, ids=ids)
    if n:
        messages.success(request, f"{n} relevé(s) soumis à l'équipe pour validation.")
    else:
        messages.warning(request, "Aucun relevé soumis : ils l'étaient déjà ou sont validés.")
    return redirect("accompagnateurs:tableau")


def mission(request, pk):
    mission = get_mission_for(
        request.user,
        pk,
        Mission.objects.avec_budget().select_related(
            "organisation", "thematique", "accompagnateur__user", "co_accompagnateur__user"
        ),
    )
    releves = (
        mission.demi_journees.visibles_par(request.user)
        .select_related(*DJ_LISTE)
        .order_by("-date", "-pk")
    )
    page, querystring = paginer(request, releves, 25)
    profil = accompagnateur_de(request.user)
    return render(
        request,
        "accompagnateurs/mission.html",
        {
            "mission": mission,
            "page": page,
            "querystring_sans_page": querystring,
            "est_coach": profil is not None
            and profil.pk in (mission.accompagnateur_id, mission.co_accompagnateur_id),
        },
    )


def organisation(request, pk):
    """What a coach may read of an organisation they support (mission or parcours link)."""
    org = get_organisation_for(request.user, pk)
    org = type(org).objects.select_related("territoire").get(pk=org.pk)
    profil = accompagnateur_de(request.user)
    missions = Mission.objects.visibles_par(request.user).filter(organisation=org)
    missions = missions.avec_budget().select_related(
        "thematique", "accompagnateur__user", "co_accompagnateur__user"
    )
    releves = (
        DemiJournee.objects.visibles_par(request.user)
        .filter(organisation=org)
        .select_related(*DJ_LISTE)
        .order_by("-date", "-pk")
    )
    if profil is not None and not is_equipe(request.user):
        releves = releves.pour_accompagnateur(profil)
    page, querystring = paginer(request, releves, 25)
    parcours = org.parcours.select_related("territoire").order_by("-debut")
    return render(
        request,
        "accompagnateurs/organisation.html",
        {
            "org": org,
            "missions": missions,
            "parcours": parcours,
            "page": page,
            "querystring_sans_page": querystring,
        },
    )


@rule_required("espace.accompagnateur")
def mon_activite(request):
    profil = _profil(request)
    return _activite(request, profil)


def _activite(request, profil):
    form, du, au = PeriodeForm.depuis(request.GET)
    lignes = memoiser(
        f"releve:{profil.pk}:{du}:{au}", lambda: releve_accompagnateur(profil, du, au)
    )
    return render(
        request,
        "accompagnateurs/activite.html",
        {
            "coach": profil,
            "form": form,
            "du": du,
            "au": au,
            "lignes": lignes,
            "total": sum(lg.demi_journees for lg in lignes),
        },
    )


def activite_export(request, pk):
    """A coach's validated activity (CSV, XLSX, PDF): the coach themself and the team."""
    coach = get_profil_for(request.user, pk)
    require(request.user, "accompagnateur.voir_activite", coach, hide=True)
    form, du, au = PeriodeForm.depuis(request.GET)
    lignes = releve_accompagnateur(coach, du, au)
    nom = f"activite-{coach.user.last_name or coach.pk}-{du:%Y%m%d}-{au:%Y%m%d}".lower()
    nom = "".join(c if c.isalnum() or c in "-_" else "-" for c in nom)
    titre = f"Activité validée de {coach.user} du {du:%d/%m/%Y} au {au:%d/%m/%Y}"
    fmt = request.GET.get("format", "csv")
    if fmt == "xlsx":
        return exports.reponse_xlsx(lignes, nom, titre)
    if fmt == "pdf":
        return exports.reponse_pdf(
            {
                "coach": coach,
                "du": du,
                "au": au,
                "lignes": lignes,
                "total": sum(lg.demi_journees for lg in lignes),
                "titre": titre,
                "edite_le": timezone.localdate(),
            },
            nom,
        )
    return exports.reponse_csv(lignes, nom)


def activite_coach(request, pk):
    """The team's view of one coach's activity (same page as the coach's own)."""
    coach = get_profil_for(request.user, pk)
    require(request.user, "accompagnateur.voir_activite", coach, hide=True)
    return _activite(request, coach)


@rule_required("bilans.lire")
def bilans(request):
    qs = BilanAnnuel.objects.visibles_par(request.user)
    page, querystring = paginer(request, qs.select_related("seance", "redige_par"), 10)
    return render(
        request,
        "accompagnateurs/bilans.html",
        {"page": page, "querystring_sans_page": querystring},
    )


def bilan(request, pk):
    bilan = get_bilan_for(
        request.user,
        pk,
        BilanAnnuel.objects.select_related("seance", "redige_par"),
    )
    animateurs = bilan.seance.animateurs.all()
    return render(request, "accompagnateurs/bilan.html", {"bilan": bilan, "animateurs": animateurs})
