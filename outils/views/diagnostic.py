from collections import defaultdict
from statistics import mean

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from .. import analyse, graphiques, services
from ..forms import AvisDemandeForm, ComparerForm, DiagnosticForm, EvaluationForm, ReponseAvisForm
from ..models import AvisMembre, Axe, Critere, Diagnostic, Evaluation, ReponseAvis
from .base import contexte, espace_view, organisation_visible, paginer


def _diagnostic(organisation, diagnostic_pk) -> Diagnostic:
    return get_object_or_404(
        Diagnostic.objects.select_related("referentiel", "cree_par"),
        pk=diagnostic_pk,
        organisation=organisation,
    )


def _critere(diagnostic, critere_pk) -> Critere:
    return get_object_or_404(
        Critere.objects.select_related("theme"),
        pk=critere_pk,
        theme__referentiel_id=diagnostic.referentiel_id,
    )


@espace_view()
def diagnostics(request, organisation):
    total = (
        Critere.objects.filter(theme__referentiel=OuterRef("referentiel"))
        .values("theme__referentiel")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        Diagnostic.objects.filter(organisation=organisation)
        .select_related("referentiel", "cree_par")
        .annotate(
            evalues=Count("evaluations", filter=Q(evaluations__niveau__isnull=False)),
            total=Subquery(total),
        )
        .order_by("-cree_le", "-pk")
    )
    page, querystring = paginer(request, qs)
    # Overall score of the diagnostics on this page: mean of the theme means, one query.
    niveaux = defaultdict(lambda: defaultdict(list))
    for d_id, theme_id, niveau in Evaluation.objects.filter(
        diagnostic__in=[d.pk for d in page], niveau__isnull=False
    ).values_list("diagnostic_id", "critere__theme_id", "niveau"):
        niveaux[d_id][theme_id].append(niveau)
    for d in page:
        par_theme = [mean(v) for v in niveaux[d.pk].values()]
        d.score_global = round(mean(par_theme), 1) if par_theme else None
        d.progression = round(100 * d.evalues / d.total) if d.total else 0
    comparer = ComparerForm(organisation=organisation)
    return render(
        request,
        "outils/diagnostics.html",
        contexte(
            request,
            "diagnostic",
            page=page,
            querystring_sans_page=querystring,
            comparer=comparer,
            peut_comparer=page.paginator.count >= 2,
        ),
    )


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def diagnostic_creer(request, organisation):
    titre = f"État des lieux {timezone.localdate():%m/%Y}"
    form = DiagnosticForm(request.POST or None, initial={"titre": titre})
    if request.method == "POST" and form.is_valid():
        try:
            diagnostic = services.diagnostic_creer(
                organisation=organisation, auteur=request.user, titre=form.cleaned_data["titre"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, "Diagnostic commencé : vos réponses s'enregistrent au fil de la saisie."
            )
            return redirect(
                "outils:diagnostic_remplir", pk=organisation.pk, diagnostic_pk=diagnostic.pk
            )
    en_cours = Diagnostic.objects.filter(organisation=organisation).en_cours().first()
    return render(
        request,
        "outils/diagnostic_creer.html",
        contexte(request, "diagnostic", form=form, en_cours=en_cours),
    )


@espace_view()
def diagnostic(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    res = analyse.resultats(diagnostic, avec_echelle=True)
    libelles = [t.theme.titre for t in res.themes]
    serie = [graphiques.Serie(diagnostic.titre, [t.score for t in res.themes])]
    droits = request.droits
    repondants, ecarts, avis = 0, {}, []
    if droits.voir_avis:
        repondants, ecarts = analyse.ecarts(diagnostic)
        avis = list(diagnostic.avis.select_related("personne").order_by("personne__last_name"))
    mon_avis = diagnostic.avis.filter(personne=request.user).first()
    axes = dict(
        Axe.objects.filter(plan__organisation=organisation, critere__isnull=False).values_list(
            "critere_id", "pk"
        )
    )
    autres = Diagnostic.objects.filter(organisation=organisation).exclude(pk=diagnostic.pk)
    precedent = autres.filter(cree_le__lt=diagnostic.cree_le).first()
    return render(
        request,
        "outils/diagnostic.html",
        contexte(
            request,
            "diagnostic",
            diagnostic=diagnostic,
            resultats=res,
            radar=graphiques.radar(libelles, serie, titre=f"Scores par thème — {diagnostic.titre}")
            if res.evalues
            else None,
            barres=graphiques.barres(
                libelles, serie, titre=f"Scores par thème — {diagnostic.titre}"
            )
            if res.evalues
            else None,
            ecarts=ecarts,
            repondants=repondants,
            avis=avis,
            mon_avis=mon_avis,
            axes_par_critere=axes,
            precedent=precedent,
        ),
    )


def _theme_courant(res, theme_pk):
    if theme_pk and str(theme_pk).isdigit():
        trouve = res.theme(int(theme_pk))
        if trouve:
            return trouve
    return next((t for t in res.themes if not t.complet), res.themes[0] if res.themes else None)


def _voisins(res, courant):
    i = res.themes.index(courant)
    precedent = res.themes[i - 1] if i > 0 else None
    suivant = res.themes[i + 1] if i + 1 < len(res.themes) else None
    return precedent, suivant


def _forms_evaluation(theme_resultat, data=None):
    forms = []
    for ligne in theme_resultat.lignes:
        e = ligne.evaluation
        initial = (
            {"niveau": e.niveau, "commentaire": e.commentaire, "preuves": e.preuves} if e else {}
        )
        forms.append((ligne, EvaluationForm(data, prefix=f"c{ligne.critere.pk}", initial=initial)))
    return forms


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def diagnostic_remplir(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    if diagnostic.est_termine:
        messages.info(request, "Ce diagnostic est terminé. Rouvrez-le pour le modifier.")
        return redirect("outils:diagnostic", pk=organisation.pk, diagnostic_pk=diagnostic.pk)
    res = analyse.resultats(diagnostic, avec_echelle=True)
    courant = _theme_courant(res, request.GET.get("theme") or request.POST.get("theme"))
    if courant is None:
        raise Http404
    precedent, suivant = _voisins(res, courant)
    if request.method == "POST":
        # Without JavaScript: the whole theme is saved at once.
        forms = _forms_evaluation(courant, request.POST)
        if all(f.is_valid() for _, f in forms):
            for ligne, f in forms:
                services.evaluation_enregistrer(
                    diagnostic=diagnostic,
                    critere=ligne.critere,
                    auteur=request.user,
                    **f.cleaned_data,
                )
            messages.success(request, f"Thème « {courant.theme.titre} » enregistré.")
            cible = suivant or courant
            url = reverse(
                "outils:diagnostic_remplir",
                kwargs={"pk": organisation.pk, "diagnostic_pk": diagnostic.pk},
            )
            return redirect(f"{url}?theme={cible.theme.pk}")
    else:
        forms = _forms_evaluation(courant)
    return render(
        request,
        "outils/diagnostic_remplir.html",
        contexte(
            request,
            "diagnostic",
            diagnostic=diagnostic,
            resultats=res,
            courant=courant,
            precedent=precedent,
            suivant=suivant,
            forms=forms,
            mode="diagnostic",
        ),
    )


@espace_view(droit="modifier", methodes=("POST",))
def evaluation_enregistrer(request, organisation, diagnostic_pk, critere_pk):
    """Autosave of one criterion (htmx). Answers with the criterion's status fragment."""
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    critere = _critere(diagnostic, critere_pk)
    form = EvaluationForm(request.POST, prefix=f"c{critere.pk}")
    erreur, evaluation = "", None
    if form.is_valid():
        try:
            evaluation, _ = services.evaluation_enregistrer(
                diagnostic=diagnostic, critere=critere, auteur=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
    else:
        erreur = "Saisie invalide : " + " ".join(
            f"{form.fields[k].label} : {' '.join(v)}" for k, v in form.errors.items()
        )
    if not request.htmx:
        if erreur:
            messages.error(request, erreur)
        url = reverse(
            "outils:diagnostic_remplir",
            kwargs={"pk": organisation.pk, "diagnostic_pk": diagnostic.pk},
        )
        return redirect(f"{url}?theme={critere.theme_id}")
    res = analyse.resultats(diagnostic)
    response = render(
        request,
        "outils/includes/enregistrement.html",
        {
            "critere": critere,
            "erreur": erreur,
            "enregistre_le": evaluation.modifie_le if evaluation else None,
            "resultats": res,
            "theme_resultat": res.theme(critere.theme_id),
            "oob": True,
        },
    )
    response["X-Outils-Enregistre"] = "0" if erreur else "1"
    return response


@espace_view(droit="modifier", methodes=("POST",))
def diagnostic_terminer(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    try:
        services.diagnostic_terminer(diagnostic=diagnostic, auteur=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(
            "outils:diagnostic_remplir", pk=organisation.pk, diagnostic_pk=diagnostic.pk
        )
    messages.success(request, "Diagnostic terminé. Voici vos résultats.")
    return redirect("outils:diagnostic", pk=organisation.pk, diagnostic_pk=diagnostic.pk)


@espace_view(droit="modifier", methodes=("POST",))
def diagnostic_rouvrir(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    services.diagnostic_rouvrir(diagnostic=diagnostic, auteur=request.user)
    messages.info(request, "Diagnostic rouvert : vous pouvez modifier vos réponses.")
    return redirect("outils:diagnostic_remplir", pk=organisation.pk, diagnostic_pk=diagnostic.pk)


@espace_view(droit="modifier", methodes=("POST",))
def diagnostic_supprimer(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    try:
        services.diagnostic_supprimer(diagnostic=diagnostic, auteur=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outils:diagnostic", pk=organisation.pk, diagnostic_pk=diagnostic.pk)
    messages.success(request, "Le diagnostic en cours a été supprimé.")
    return redirect("outils:diagnostics", pk=organisation.pk)


@espace_view()
def diagnostic_comparer(request, organisation):
    qs = Diagnostic.objects.filter(organisation=organisation).select_related("referentiel")
    if "avant" in request.GET or "apres" in request.GET:
        form = ComparerForm(request.GET, organisation=organisation)
    else:
        # By default: the two latest completed diagnostics (or the latest ones), oldest first.
        deux = sorted(
            qs.order_by(F("termine_le").desc(nulls_last=True), "-cree_le")[:2],
            key=lambda d: d.cree_le,
        )
        initial = {"avant": deux[0].pk, "apres": deux[1].pk} if len(deux) == 2 else {}
        form = ComparerForm(initial, organisation=organisation) if initial else None
        if form is None:
            form = ComparerForm(organisation=organisation)
    lignes, radar, barres, legende, avant, apres = None, None, None, None, None, None
    if form.is_bound and form.is_valid():
        avant, apres = form.cleaned_data["avant"], form.cleaned_data["apres"]
        lignes = analyse.comparer(analyse.resultats(avant), analyse.resultats(apres))
        libelles = [li.titre for li in lignes]
        series = [
            graphiques.Serie(avant.titre, [li.avant for li in lignes]),
            graphiques.Serie(apres.titre, [li.apres for li in lignes]),
        ]
        titre = f"Comparaison : {avant.titre} et {apres.titre}"
        radar = graphiques.radar(libelles, series, titre=titre)
        barres = graphiques.barres(libelles, series, titre=titre)
        legende = graphiques.legende(series)
    return render(
        request,
        "outils/diagnostic_comparer.html",
        contexte(
            request,
            "diagnostic",
            form=form,
            lignes=lignes,
            radar=radar,
            barres=barres,
            legende=legende,
            avant=avant,
            apres=apres,
            nombre=qs.count(),
        ),
    )


@espace_view(droit="modifier", methodes=("GET", "HEAD", "POST"))
def avis_demander(request, organisation, diagnostic_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    deja = list(diagnostic.avis.values_list("personne_id", flat=True))
    form = AvisDemandeForm(
        request.POST or None, organisation=organisation, demandeur=request.user, deja=deja
    )
    if request.method == "POST" and form.is_valid():
        try:
            crees = services.avis_demander(
                diagnostic=diagnostic,
                personnes=form.cleaned_data["personnes"],
                demande_par=request.user,
                message=form.cleaned_data["message"],
            )
        except ValidationError as exc:
            form.add_error("personnes", exc)
        else:
            messages.success(
                request,
                f"Demande envoyée à {len(crees)} membre{'s' if len(crees) > 1 else ''}.",
            )
            return redirect("outils:diagnostic", pk=organisation.pk, diagnostic_pk=diagnostic.pk)
    return render(
        request,
        "outils/avis_demander.html",
        contexte(
            request,
            "diagnostic",
            diagnostic=diagnostic,
            form=form,
            avis=diagnostic.avis.select_related("personne"),
        ),
    )


def _avis(request, pk, avis_pk):
    """A member's own view: only the person asked may open it (else 404)."""
    organisation, droits = organisation_visible(request, pk)
    avis = get_object_or_404(
        AvisMembre.objects.select_related("diagnostic__referentiel", "diagnostic__organisation"),
        pk=avis_pk,
        diagnostic__organisation=organisation,
        personne=request.user,
    )
    if not droits.membre:
        raise Http404
    request.organisation, request.droits = organisation, droits
    return organisation, avis


def _forms_reponse(res, reponses, theme_resultat, data=None):
    forms = []
    for ligne in theme_resultat.lignes:
        r = reponses.get(ligne.critere.pk)
        initial = {"niveau": r.niveau, "commentaire": r.commentaire} if r else {}
        forms.append((ligne, ReponseAvisForm(data, prefix=f"c{ligne.critere.pk}", initial=initial)))
    return forms


def _progression_avis(res, reponses):
    total = res.total
    faits = sum(1 for r in reponses.values() if r.niveau)
    return faits, total, round(100 * faits / total) if total else 0


def avis_remplir(request, pk, avis_pk):
    organisation, avis = _avis(request, pk, avis_pk)
    if request.method not in ("GET", "HEAD", "POST"):
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET", "POST"])
    diagnostic = avis.diagnostic
    res = analyse.resultats(diagnostic, avec_echelle=True)
    # Members answer on a blank sheet: the pilot's answers are not shown to them.
    for t in res.themes:
        for ligne in t.lignes:
            ligne.evaluation = None
    reponses = {r.critere_id: r for r in avis.reponses.all()}
    courant = _theme_courant(res, request.GET.get("theme") or request.POST.get("theme"))
    if courant is None:
        raise Http404
    precedent, suivant = _voisins(res, courant)
    if request.method == "POST" and not avis.est_envoye:
        forms = _forms_reponse(res, reponses, courant, request.POST)
        if all(f.is_valid() for _, f in forms):
            for ligne, f in forms:
                services.reponse_enregistrer(avis=avis, critere=ligne.critere, **f.cleaned_data)
            messages.success(request, f"Thème « {courant.theme.titre} » enregistré.")
            url = reverse("outils:avis_remplir", kwargs={"pk": organisation.pk, "avis_pk": avis.pk})
            return redirect(f"{url}?theme={(suivant or courant).theme.pk}")
    else:
        forms = _forms_reponse(res, reponses, courant)
    faits, total, pourcentage = _progression_avis(res, reponses)
    return render(
        request,
        "outils/diagnostic_remplir.html",
        contexte(
            request,
            "diagnostic",
            diagnostic=diagnostic,
            avis=avis,
            resultats=res,
            courant=courant,
            precedent=precedent,
            suivant=suivant,
            forms=forms,
            mode="avis",
            reponses=reponses,
            avis_faits=faits,
            avis_total=total,
            avis_pourcentage=pourcentage,
        ),
    )


def avis_reponse_enregistrer(request, pk, avis_pk, critere_pk):
    organisation, avis = _avis(request, pk, avis_pk)
    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    critere = _critere(avis.diagnostic, critere_pk)
    form = ReponseAvisForm(request.POST, prefix=f"c{critere.pk}")
    erreur, reponse = "", None
    if form.is_valid():
        try:
            reponse, _ = services.reponse_enregistrer(
                avis=avis, critere=critere, **form.cleaned_data
            )
        except ValidationError as exc:
            erreur = " ".join(exc.messages)
    else:
        erreur = "Saisie invalide."
    if not request.htmx:
        if erreur:
            messages.error(request, erreur)
        url = reverse("outils:avis_remplir", kwargs={"pk": organisation.pk, "avis_pk": avis.pk})
        return redirect(f"{url}?theme={critere.theme_id}")
    reponses = {r.critere_id: r for r in ReponseAvis.objects.filter(avis=avis)}
    res = analyse.resultats(avis.diagnostic)
    faits, total, pourcentage = _progression_avis(res, reponses)
    response = render(
        request,
        "outils/includes/enregistrement.html",
        {
            "critere": critere,
            "erreur": erreur,
            "enregistre_le": timezone.now() if reponse else None,
            "mode": "avis",
            "avis_faits": faits,
            "avis_total": total,
            "avis_pourcentage": pourcentage,
            "oob": True,
        },
    )
    response["X-Outils-Enregistre"] = "0" if erreur else "1"
    return response


def avis_envoyer(request, pk, avis_pk):
    organisation, avis = _avis(request, pk, avis_pk)
    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    try:
        services.avis_envoyer(avis=avis)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("outils:avis_remplir", pk=organisation.pk, avis_pk=avis.pk)
    messages.success(request, "Merci ! Votre avis a été transmis au pilote de la démarche.")
    return redirect("outils:espace", pk=organisation.pk)


@espace_view(droit="modifier", methodes=("POST",))
def axe_depuis_critere(request, organisation, diagnostic_pk, critere_pk):
    diagnostic = _diagnostic(organisation, diagnostic_pk)
    critere = _critere(diagnostic, critere_pk)
    existant = Axe.objects.filter(plan__organisation=organisation, critere=critere).first()
    if existant is not None:
        messages.info(request, "Un axe existe déjà pour ce critère.")
        axe = existant
    else:
        axe = services.axe_depuis_critere(
            diagnostic=diagnostic, critere=critere, auteur=request.user
        )
        messages.success(request, f"Axe « {axe.titre} » ajouté au schéma d'amélioration.")
    return redirect(reverse("outils:plan", kwargs={"pk": organisation.pk}) + f"#axe-{axe.pk}")
