"""Demo funding lines (run by `manage.py demo` after the import, idempotent): one line per
funder's agreement of the 2019–2021 programme, set as the default line of its parcours and
communities, and the activity imported without a line charged to it."""

from django.db import transaction

# (funder, year, agreement, territories, individual budget, collective budget, parcours and
# communities it funds). Budgets are of the order of the programme's figures (DESIGN §5); two
# are tight so the demo shows both warnings (DREETS 2021 nearly exhausted, CAVM 2021 over).
LIGNES = [
    ("MEL", 2019, "Parcours territorial MEL 2019", ["MEL"], 24, 18, ["MEL-2019"]),
    ("CAVM", 2020, "Parcours territorial CAVM 2020", ["CAVM"], 8, 10, ["CAVM-2020"]),
    (
        "CAVM",
        2021,
        "Parcours et communauté CAVM 2021",
        ["CAVM"],
        6,
        10,
        ["CAVM-2021", "CAVM-COMMUNAUTE-2021"],
    ),
    (
        "REGION",
        2020,
        "Communautés apprenantes 2020",
        ["Hauts-de-France"],
        10,
        36,
        ["VIRTUELLE-2020", "PARTENARIALE-2020"],
    ),
    (
        "DREETS",
        2021,
        "Mission RH 2021 — communautés et parcours CUD",
        ["CUD-CCFI-CAPSO", "Hauts-de-France"],
        16,
        20,
        ["VIRTUELLE-2021", "CUD-2021"],
    ),
]


@transaction.atomic
def charger(stdout) -> None:
    from accompagnateurs.models import DemiJournee
    from communautes.models import Communaute
    from parcours.models import Parcours, Seance

    from .models import Financement, Financeur, Territoire

    financeurs = {f.code: f for f in Financeur.objects.all()}
    creees = 0
    for code, annee, convention, territoires, individuel, collectif, cadres in LIGNES:
        if code not in financeurs:
            continue
        financement, cree = Financement.objects.get_or_create(
            financeur=financeurs[code],
            annee=annee,
            convention=convention,
            defaults={"budget_individuel": individuel, "budget_collectif": collectif},
        )
        creees += cree
        if cree:
            financement.territoires.set(Territoire.objects.filter(code__in=territoires))
        # Defaults only where the team has not chosen another line.
        for modele in (Parcours, Communaute):
            for cadre in modele.objects.filter(code__in=cadres, financement__isnull=True):
                cadre.financement = financement
                cadre.save(update_fields=["financement"])
    # Activity imported before its parcours had a line: charge it now, through save() so the
    # sessions' and half-days' history records it.
    imputees = 0
    for seance in Seance.objects.filter(financement__isnull=True).select_related(
        "parcours", "communaute"
    ):
        seance.financement_id = seance.financement_par_defaut()
        if seance.financement_id:
            seance._change_reason = "Imputation par défaut (démonstration)"
            seance.save(update_fields=["financement"])
            imputees += 1
    for dj in DemiJournee.objects.filter(financement__isnull=True).select_related("mission"):
        dj.financement_id = dj.financement_par_defaut()
        if dj.financement_id:
            dj._change_reason = "Imputation par défaut (démonstration)"
            dj.save(update_fields=["financement"])
            imputees += 1
    stdout.write(
        f"Financements : {creees} ligne(s) créée(s), {imputees} séance(s) ou demi-journée(s) "
        "imputée(s)."
    )
