from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Avg, Count, F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_POST

from apes_rh.cache import en_cache_pour_anonymes
from apes_rh.perms import can, rule_required

from ..forms import QuizForm
from ..models import Attestation, Module, Progression
from ..services import (
    attestation_enregistrer_pdf,
    lecon_ouvrir,
    lecon_terminer,
    quiz_corriger,
    quiz_reussi,
)
from .commun import Connexion, avec_connexion, paginer, seo, servir_fichier


def _module(request, code):
    """The module, if this person may read it (anonymous → login for members-only)."""
    module = get_object_or_404(Module.objects.select_related("theme"), code=code)
    if can(request.user, "vitrine.module.lire", module):
        return module
    if not request.user.is_authenticated and module.publie and not module.public:
        raise Connexion
    raise Http404


def _lecons(module, user):
    qs = module.lecons.all() if can(user, "vitrine.gerer") else module.lecons.publiees()
    return qs.order_by("ordre", "pk")


def _termines(user, lecons_qs) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Progression.objects.filter(
            personne=user, lecon__in=lecons_qs, terminee_le__isnull=False
        ).values_list("lecon_id", flat=True)
    )


@login_not_required
@en_cache_pour_anonymes
def mooc(request):
    user = request.user
    modules = list(
        Module.objects.publies()
        .select_related("theme")
        .annotate(
            nb_lecons=Count("lecons", filter=Q(lecons__publiee=True), distinct=True),
        )
        .order_by("ordre", "titre")
    )
    lisibles = {
        m.pk for m in Module.objects.visibles_par(user).filter(pk__in=[m.pk for m in modules])
    }
    avancement, badges = {}, set()
    if user.is_authenticated:
        avancement = dict(
            Progression.objects.filter(
                personne=user, terminee_le__isnull=False, lecon__publiee=True
            )
            .values_list("lecon__module")
            .annotate(n=Count("pk"))
        )
        badges = set(Attestation.objects.filter(personne=user).values_list("module_id", flat=True))
    for module in modules:
        module.lisible = module.pk in lisibles
        module.faites = avancement.get(module.pk, 0)
        module.pourcentage = (
            round(100 * module.faites / module.nb_lecons) if module.nb_lecons else 0
        )
        module.badge = module.pk in badges
    return render(
        request,
        "outils/vitrine/mooc/index.html",
        {
            "modules": modules,
            "seo": seo(
                request,
                "MOOC : les pratiques RH dans l'ESS",
                "Un cours en ligne gratuit en six modules pour les dirigeant·es, salarié·es et "
                "bénévoles d'associations : fonction employeur, recrutement, management, "
                "compétences, santé au travail, gouvernance.",
            ),
        },
    )


@login_not_required
@en_cache_pour_anonymes
@avec_connexion
def module(request, code):
    module = _module(request, code)
    lecons = list(_lecons(module, request.user).annotate(nb_questions=Count("questions")))
    termines = _termines(request.user, [lecon.pk for lecon in lecons])
    for lecon in lecons:
        lecon.terminee = lecon.pk in termines
    attestation = (
        Attestation.objects.filter(personne=request.user, module=module).first()
        if request.user.is_authenticated
        else None
    )
    faites = sum(1 for lecon in lecons if lecon.terminee)
    suivante = next((lecon for lecon in lecons if not lecon.terminee), None)
    return render(
        request,
        "outils/vitrine/mooc/module.html",
        {
            "module": module,
            "lecons": lecons,
            "faites": faites,
            "pourcentage": round(100 * faites / len(lecons)) if lecons else 0,
            "duree": sum(lecon.duree_minutes for lecon in lecons),
            "suivante": suivante,
            "attestation": attestation,
            "seo": seo(request, f"MOOC — {module.titre}", module.resume, type_og="article"),
        },
    )


def _lecon(request, code, pk):
    module = _module(request, code)
    lecon = get_object_or_404(_lecons(module, request.user), pk=pk)
    lecon.module = module
    return module, lecon


@login_not_required
@en_cache_pour_anonymes
@avec_connexion
def lecon(request, code, pk):
    module, lecon = _lecon(request, code, pk)
    user = request.user
    questions = list(lecon.questions.all())
    resultat = None
    # A visitor's quiz changes nothing (their score is not kept): it is a GET form, without a
    # CSRF token, so the public lesson is the same page for every visitor. A person who is
    # logged in posts their answers, which are kept.
    envoi = request.POST if request.method == "POST" else None
    if envoi is None and not user.is_authenticated and "quiz" in request.GET:
        envoi = request.GET
    if envoi is not None:
        form = QuizForm(envoi, questions=questions)
        if form.is_valid():
            resultat = quiz_corriger(lecon=lecon, reponses=form.reponses(), personne=user)
    else:
        form = QuizForm(questions=questions)
    progression = lecon_ouvrir(lecon=lecon, personne=user) if user.is_authenticated else None
    if progression is not None and resultat is not None:
        progression.refresh_from_db()
    ordres = list(_lecons(module, user).values_list("pk", "titre"))
    position = next(i for i, (lecon_pk, _) in enumerate(ordres) if lecon_pk == lecon.pk)
    precedente = ordres[position - 1] if position > 0 else None
    suivante = ordres[position + 1] if position + 1 < len(ordres) else None
    corrections = []
    if resultat is not None:
        for question in questions:
            choisie = resultat.reponses.get(str(question.pk))
            corrections.append(
                {
                    "question": question,
                    "choisie": question.liste_choix[choisie - 1] if choisie else "",
                    "bonne": question.liste_choix[question.bonne_reponse - 1]
                    if question.bonne_reponse <= len(question.liste_choix)
                    else "",
                    "juste": choisie == question.bonne_reponse,
                }
            )
    attestation = None
    if user.is_authenticated and progression is not None and progression.terminee:
        attestation = Attestation.objects.filter(personne=user, module=module).first()
    return render(
        request,
        "outils/vitrine/mooc/lecon.html",
        {
            "module": module,
            "lecon": lecon,
            "questions": questions,
            "form": form,
            "resultat": resultat,
            "corrections": corrections,
            "progression": progression,
            "deja_reussi": progression is not None
            and progression.quiz_total
            and quiz_reussi(progression.quiz_score, progression.quiz_total),
            "precedente": precedente,
            "suivante": suivante,
            "position": position + 1,
            "nb_lecons": len(ordres),
            "attestation": attestation,
            "seo": seo(
                request, f"{lecon.titre} — {module.titre}", lecon.contenu, type_og="article"
            ),
        },
        status=400 if envoi is not None and form.errors else 200,
    )


@rule_required("vitrine.mooc.suivre")
@require_POST
@avec_connexion
def lecon_terminee(request, code, pk):
    module, lecon = _lecon(request, code, pk)
    progression = lecon_terminer(lecon=lecon, personne=request.user)
    if progression.terminee:
        messages.success(request, "Leçon terminée.")
    else:
        messages.info(request, "Répondez au quiz pour terminer cette leçon.")
    suivante = _lecons(module, request.user).filter(ordre__gt=lecon.ordre).order_by("ordre").first()
    if suivante is not None and progression.terminee:
        return redirect("vitrine:lecon", code=module.code, pk=suivante.pk)
    if progression.terminee:
        return redirect("vitrine:module", code=module.code)
    return redirect("vitrine:lecon", code=module.code, pk=lecon.pk)


@login_not_required
@avec_connexion
def lecon_support(request, code, pk):
    _module_obj, lecon = _lecon(request, code, pk)
    if not lecon.support:
        raise Http404
    reponse = servir_fichier(
        lecon.support, nom=lecon.support_nom, type_mime=lecon.support_type_mime
    )
    patch_cache_control(reponse, private=True, max_age=300)
    return reponse


@rule_required("vitrine.mooc.suivre")
def attestation(request, code):
    module = get_object_or_404(Module, code=code)
    attestation = get_object_or_404(
        Attestation.objects.select_related("personne", "module"),
        module=module,
        personne=request.user,
    )
    if attestation.pdf and attestation.pdf.storage.exists(attestation.pdf.name):
        reponse = servir_fichier(attestation.pdf, nom="", type_mime="application/pdf")
    else:  # not built yet, or lost (restored database, moved folder): build it now
        attestation_enregistrer_pdf(attestation=attestation)
        reponse = servir_fichier(attestation.pdf, nom="", type_mime="application/pdf")
    reponse["Content-Disposition"] = f'attachment; filename="attestation-{module.code}.pdf"'
    patch_cache_control(reponse, private=True, no_store=True)
    return reponse


@rule_required("vitrine.mooc.suivre")
def mon_parcours(request):
    user = request.user
    modules = list(
        Module.objects.visibles_par(user)
        .filter(Q(lecons__progressions__personne=user) | Q(attestations__personne=user))
        .distinct()
        .annotate(
            nb_lecons=Count("lecons", filter=Q(lecons__publiee=True), distinct=True),
        )
        .order_by("ordre")
    )
    faites = dict(
        Progression.objects.filter(personne=user, terminee_le__isnull=False, lecon__publiee=True)
        .values_list("lecon__module")
        .annotate(n=Count("pk"))
    )
    attestations = {
        a.module_id: a for a in Attestation.objects.filter(personne=user).select_related("module")
    }
    for module in modules:
        module.faites = faites.get(module.pk, 0)
        module.pourcentage = (
            round(100 * module.faites / module.nb_lecons) if module.nb_lecons else 0
        )
        module.attestation = attestations.get(module.pk)
    return render(request, "outils/vitrine/mooc/mon_parcours.html", {"modules": modules})


@rule_required("vitrine.gerer")
def suivi(request):
    """Completion per module, and per organisation (its current members)."""
    from apes_rh.models import Territoire
    from parcours.models import Membre, Organisation

    modules = list(
        Module.objects.annotate(
            inscrits=Count("lecons__progressions__personne", distinct=True),
            termines=Count("attestations", distinct=True),
        ).order_by("ordre", "titre")
    )
    scores = dict(
        Attestation.objects.filter(total__gt=0)
        .values_list("module")
        .annotate(moyenne=Avg(100 * F("score") / F("total")))
    )
    for m in modules:
        m.score_moyen = round(scores[m.pk]) if scores.get(m.pk) is not None else None
        m.taux = round(100 * m.termines / m.inscrits) if m.inscrits else 0

    territoire = request.GET.get("territoire", "")
    apprenants = Progression.objects.values("personne")
    organisations = (
        Organisation.objects.actives()
        .filter(
            pk__in=Membre.objects.actifs().filter(personne__in=apprenants).values("organisation")
        )
        .select_related("territoire")
        .order_by("nom")
    )
    if territoire:
        organisations = organisations.filter(territoire__code=territoire)
    page, querystring = paginer(request, organisations, 25)
    ids = [o.pk for o in page.object_list]
    membres_actifs = Membre.objects.actifs().filter(organisation__in=ids)
    termines = {
        (ligne["organisation"], ligne["module"]): ligne["n"]
        for ligne in membres_actifs.filter(personne__attestations_mooc__isnull=False)
        .values("organisation", module=F("personne__attestations_mooc__module"))
        .annotate(n=Count("personne", distinct=True))
    }
    commences = {
        ligne["organisation"]: ligne["n"]
        for ligne in membres_actifs.filter(personne__progressions_mooc__isnull=False)
        .values("organisation")
        .annotate(n=Count("personne", distinct=True))
    }
    lignes = [
        {
            "organisation": o,
            "apprenants": commences.get(o.pk, 0),
            "cellules": [termines.get((o.pk, m.pk), 0) for m in modules],
        }
        for o in page.object_list
    ]
    return render(
        request,
        "outils/vitrine/mooc/suivi.html",
        {
            "modules": modules,
            "page": page,
            "lignes": lignes,
            "querystring_sans_page": querystring,
            "territoires": Territoire.objects.order_by("code"),
            "territoire": territoire,
        },
    )
