from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from apes_rh.cache import cle_de_requete, fragment_partage, memoiser

from .. import services
from ..enums import STATUTS_OUVERTS, StatutAction
from ..forms import ActionForm, AxeForm, CommentaireForm, FiltreActionsForm, StatutActionForm
from ..historique import historique_objet
from ..models import Action, Axe, Commentaire, PlanAmelioration, Suivi
from ..recommandations import avec_lecon_terminee, lecon_terminee
from .base import contexte, espace_view, paginer

PAR_COLONNE = 30


def _plan(organisation) -> PlanAmelioration | None:
    return PlanAmelioration.objects.filter(organisation=organisation).first()


def _action(organisation, action_pk) -> Action:
    return get_object_or_404(
        Action.objects.select_related(
            "plan", "axe", "responsable", "theme", "cree_par", "lecon__module"
        ),
        pk=action_pk,
        plan__organisation=organisation,
    )


def _axe(organisation, axe_pk) -> Axe:
    return get_object_or_404(Axe, pk=axe_pk, plan__organisation=organisation)


def _filtrer(request, organisation, actions):
    filtre = FiltreActionsForm(request.GET or None, organisation=organisation)
    if filtre.is_bound and filtre.is_valid():
        data = filtre.cleaned_data
        if data["statut"]:
            actions = actions.filter(statut=data["statut"])
        if data["priorite"]:
            actions = actions.filter(priorite=data["priorite"])
        if data["responsable"]:
            actions = actions.filter(responsable=data["responsable"])
        if data["en_retard"]:
            actions = actions.en_retard()
    return filtre, actions


def _axes_et_compte(organisation, aujourd_hui) -> dict:
    plan = _plan(organisation)
    axes = list(
        Axe.objects.filter(plan=plan)
        .select_related("theme", "critere")
        .annotate(
            nb_actions=Count("actions"),
            nb_faites=Count("actions", filter=Q(actions__statut=StatutAction.FAITE)),
        )
        .order_by("ordre", "cree_le", "pk")
        if plan
        else []
    )
    compte = Action.objects.de_organisation(organisation).aggregate(
        total=Count("pk"),
        en_retard=Count("pk", filter=Q(statut__in=STATUTS_OUVERTS, echeance__lt=aujourd_hui)),
    )
    return {"plan": plan, "axes": axes, "compte": compte}


@espace_view()
def plan(request, organisation):
    """The plan as a list: actions grouped by axis, filterable, paginated."""
    aujourd_hui = timezone.localdate()

    def actions_contexte():
        actions = avec_lecon_terminee(
            Action.objects.de_organisation(organisation).select_related(
                "axe", "responsable", "theme"
            )
        )
        filtre, actions = _filtrer(request, organisation, actions)
        actions = actions.annotate(nb_suivis=Count("suivis")).order_by(
            "axe__ordre", "axe_id", "priorite", "echeance", "pk"
        )
        page, querystring = paginer(request, actions)
        return {
            "organisation": organisation,
            "page": page,
            "querystring_sans_page": querystring,
            "filtre": filtre,
        }

    # The actions (filters, table, pages) are the same for everyone who may open the space:
    # rendered once per version of the data and per query; the axes carry buttons that depend
    # on the visitor's rights, so only their data is kept.
    actions = fragment_partage(
        f"plan:{organisation.pk}:{cle_de_requete(request, aujourd_hui)}",
        "outils/includes/plan_actions.html",
        actions_contexte,
    )
    donnees = memoiser(
        f"plan:{organisation.pk}:axes:{aujourd_hui}",
        lambda: _axes_et_compte(organisation, aujourd_hui),
    )
    return render(
        request,
        "outils/plan.html",
        contexte(
            request,
            "plan",
            **donnees,
            actions=actions,
        ),
    )


@espace_view()
def plan_tableau(request, organisation):
    """The plan as a board: one column per status (the most urgent first)."""
    base = Action.objects.de_organisation(organisation)
    comptes = dict(
        base.values("statut").annotate(n=Count("pk")).values_list("statut", "n").order_by()
    )
    colonnes = []
    for statut, libelle in StatutAction.choices:
        ordre = ("priorite", "echeance", "pk") if statut in STATUTS_OUVERTS else ("-modifie_le",)
        cartes = list(
            avec_lecon_terminee(base.filter(statut=statut))
            .select_related("responsable", "axe")
            .order_by(*ordre)[:PAR_COLONNE]
        )
        colonnes.append(
            {
                "statut": statut,
                "libelle": libelle,
                "cartes": cartes,
                "total": comptes.get(statut, 0),
                "reste": max(comptes.get(statut, 0) - len(cartes), 0),
            }
        )
    return render(
        request,
        "outils/plan_tableau.html",
        contexte(request, "plan", colonnes=colonnes, statuts=StatutAction.choices),
    )


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def axe_creer(request, organisation):
    form = AxeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        axe = services.axe_creer(
            organisation=organisation, auteur=request.user, **form.cleaned_data
        )
        messages.success(request, f"Axe « {axe.titre} » ajouté.")
        return redirect(reverse("outils:plan", kwargs={"pk": organisation.pk}) + f"#axe-{axe.pk}")
    return render(request, "outils/axe_form.html", contexte(request, "plan", form=form, axe=None))


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def axe_modifier(request, organisation, axe_pk):
    axe = _axe(organisation, axe_pk)
    form = AxeForm(request.POST or None, instance=axe)
    if request.method == "POST" and form.is_valid():
        services.axe_modifier(axe=axe, auteur=request.user, **form.cleaned_data)
        messages.success(request, "Axe modifié.")
        return redirect(reverse("outils:plan", kwargs={"pk": organisation.pk}) + f"#axe-{axe.pk}")
    return render(request, "outils/axe_form.html", contexte(request, "plan", form=form, axe=axe))


@espace_view(droit="modifier", methodes=("POST",))
def axe_supprimer(request, organisation, axe_pk):
    axe = _axe(organisation, axe_pk)
    services.axe_supprimer(axe=axe, auteur=request.user)
    messages.success(request, f"Axe « {axe.titre} » retiré ; ses actions restent dans le plan.")
    return redirect("outils:plan", pk=organisation.pk)


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def action_creer(request, organisation):
    plan = (
        services.plan_obtenir(organisation=organisation)
        if request.method == "POST"
        else _plan(organisation)
    )
    initial = {}
    axe_pk = request.GET.get("axe", "")
    if axe_pk.isdigit() and plan is not None:
        initial["axe"] = plan.axes.filter(pk=int(axe_pk)).first()
        if initial["axe"] and initial["axe"].theme_id:
            initial["theme"] = initial["axe"].theme_id
    form = ActionForm(request.POST or None, organisation=organisation, plan=plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_creer(
                organisation=organisation, auteur=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            _erreurs(form, exc)
        else:
            messages.success(request, f"Action « {action.titre} » ajoutée.")
            return redirect("outils:action", pk=organisation.pk, action_pk=action.pk)
    return render(
        request, "outils/action_form.html", contexte(request, "plan", form=form, action=None)
    )


def _erreurs(form, exc: ValidationError):
    if hasattr(exc, "error_dict"):
        for champ, erreurs in exc.message_dict.items():
            form.add_error(champ if champ in form.fields else None, erreurs)
    else:
        form.add_error(None, exc)


@espace_view()
def action(request, organisation, action_pk):
    action = lecon_terminee(_action(organisation, action_pk))
    commentaires = Commentaire.objects.filter(action=action).select_related("auteur")
    suivis = (
        Suivi.objects.filter(action=action)
        .select_related("auteur")
        .prefetch_related("indicateurs", "pieces_jointes")[:20]
    )
    return render(
        request,
        "outils/action.html",
        contexte(
            request,
            "plan",
            action=action,
            commentaires=commentaires,
            suivis=suivis,
            historique=historique_objet(action, organisation.pk)[:30],
            form_commentaire=CommentaireForm(),
            form_statut=StatutActionForm(initial={"statut": action.statut}),
            epingles=action.ressources_epinglees.select_related("ressource"),
        ),
    )


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def action_modifier(request, organisation, action_pk):
    action = _action(organisation, action_pk)
    form = ActionForm(
        request.POST or None, instance=action, organisation=organisation, plan=action.plan
    )
    if request.method == "POST" and form.is_valid():
        # The form already wrote the cleaned values on the instance: reload before the service.
        champs = {k: form.cleaned_data[k] for k in form.fields}
        action.refresh_from_db()
        try:
            services.action_modifier(action=action, auteur=request.user, **champs)
        except ValidationError as exc:
            _erreurs(form, exc)
        else:
            messages.success(request, "Action modifiée.")
            return redirect("outils:action", pk=organisation.pk, action_pk=action.pk)
    return render(
        request, "outils/action_form.html", contexte(request, "plan", form=form, action=action)
    )


@espace_view(droit="modifier", methodes=("POST",))
def action_statut(request, organisation, action_pk):
    """Change an action's status (board buttons, htmx or not)."""
    action = _action(organisation, action_pk)
    form = StatutActionForm(request.POST)
    if form.is_valid():
        services.action_changer_statut(
            action=action, statut=form.cleaned_data["statut"], auteur=request.user
        )
        messages.success(request, f"« {action.titre} » : {action.get_statut_display()}.")
    else:
        messages.error(request, "Statut inconnu.")
    suivant = request.POST.get("retour")
    if suivant == "tableau":
        return redirect("outils:plan_tableau", pk=organisation.pk)
    return redirect("outils:action", pk=organisation.pk, action_pk=action.pk)


@espace_view(droit="modifier", methodes=("POST",))
def action_supprimer(request, organisation, action_pk):
    action = _action(organisation, action_pk)
    services.action_supprimer(action=action, auteur=request.user)
    messages.success(
        request, f"Action « {action.titre} » supprimée (elle reste dans l'historique)."
    )
    return redirect("outils:plan", pk=organisation.pk)


@espace_view(droit="commenter", methodes=("POST",))
def commentaire_ajouter(request, organisation, action_pk):
    action = _action(organisation, action_pk)
    form = CommentaireForm(request.POST)
    if form.is_valid():
        services.commentaire_ajouter(
            action=action, auteur=request.user, texte=form.cleaned_data["texte"]
        )
        messages.success(request, "Commentaire ajouté.")
    else:
        messages.error(request, "Le commentaire est vide ou trop long (5 000 caractères au plus).")
    return redirect(
        reverse("outils:action", kwargs={"pk": organisation.pk, "action_pk": action.pk})
        + "#commentaires"
    )


@espace_view(droit="commenter", methodes=("POST",))
def commentaire_supprimer(request, organisation, commentaire_pk):
    commentaire = get_object_or_404(
        Commentaire.objects.select_related("action"),
        pk=commentaire_pk,
        action__plan__organisation=organisation,
    )
    if commentaire.auteur_id != request.user.pk and not request.droits.modifier:
        raise PermissionDenied
    action_pk = commentaire.action_id
    services.commentaire_supprimer(commentaire=commentaire, auteur=request.user)
    messages.success(request, "Commentaire supprimé.")
    return redirect("outils:action", pk=organisation.pk, action_pk=action_pk)
