"""The spreadsheet import of DESIGN §4: formats, atomicity, idempotence, bad rows, queries."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accompagnateurs.models import Accompagnateur, DemiJournee, Specialite
from apes_rh.importation import importer_dossier, importer_fichiers
from apes_rh.models import Territoire, Thematique, User
from communautes.models import Communaute
from parcours.models import Inscription, Organisation, Parcours, Participation, Seance
from tests.factories import OrganisationFactory, TerritoireFactory, UserFactory
from tests.rapports.factories import DEMO, CoachFactory, ecrire_csv, jeu_synthetique

pytestmark = pytest.mark.django_db

MODELES = [User, Accompagnateur, Organisation, Parcours, Inscription, Communaute, Seance]
MODELES += [Participation, DemiJournee, Territoire, Thematique, Specialite]


def _photo():
    """Every row of every table the import writes to, and their history rows."""
    etat = {m.__name__: m.objects.count() for m in MODELES}
    for m in (Organisation, Parcours, Inscription, Seance, Participation, DemiJournee):
        etat[f"historique {m.__name__}"] = m.history.count()
    return etat


def test_the_demo_dataset_imports_with_the_expected_counts():
    resultat = importer_dossier(DEMO)

    assert resultat.ok and resultat.ecrit, resultat.erreurs
    crees = {f: c.crees for f, c in resultat.fichiers.items()}
    assert crees == {
        "accompagnateurs.csv": 13,
        "organisations.csv": 44,
        "parcours.csv": 4,
        "inscriptions.csv": 37,
        "communautes.csv": 4,
        "seances.csv": 69,
        "participations.csv": 753,
        "appuis_individuels.csv": 45,
    }
    assert Accompagnateur.objects.count() == 13
    assert Participation.objects.exclude(statut="present").count() == 0
    assert DemiJournee.objects.exclude(statut="validee").count() == 0
    assert DemiJournee.objects.exclude(nature="individuel").count() == 0
    assert set(Territoire.objects.values_list("code", flat=True)) == {
        "MEL",
        "CAVM",
        "CUD-CCFI-CAPSO",
        "Hauts-de-France",
    }
    assert Thematique.objects.count() == 11
    # Facilitators are the coaches' user accounts.
    seance = Seance.objects.get(ref="MEL19-01")
    assert {u.email for u in seance.animateurs.all()} == {
        "jean-bernard.becquart@example.org",
        "pierre-henri.roussel@example.org",
    }
    assert all(hasattr(u, "accompagnateur") for u in seance.animateurs.all())
    # People are created without a usable password (they will be invited).
    participant = User.objects.get(email="adele.courtin@centre-social-les-trois-villes.example")
    assert not participant.has_usable_password()
    assert participant.first_name == "Adèle"
    # BOM and DD/MM/YYYY in appuis_individuels.csv, `;` in organisations.csv.
    appui = DemiJournee.objects.get(
        accompagnateur__user__email="glycia.de-juan-cuevas@example.org", date="2019-05-28"
    )
    assert appui.demi_journees == 2
    assert appui.organisation.nom == "Élevages sans Frontières"
    assert Organisation.objects.get(nom="Élevages sans Frontières").siret == "38328137500048"


def test_bulk_created_rows_have_their_history():
    importer_dossier(DEMO)

    assert Organisation.history.count() == Organisation.objects.count() == 44
    assert Participation.history.count() == 753
    historique = DemiJournee.history.first()
    assert historique.history_change_reason == "Import d'activité (tableur)"
    assert historique.history_type == "+"


def test_importing_the_same_files_twice_changes_nothing():
    importer_dossier(DEMO)
    avant = _photo()

    resultat = importer_dossier(DEMO)

    assert resultat.ok and resultat.ecrit
    assert _photo() == avant
    assert all(c.crees == 0 and c.modifies == 0 for c in resultat.fichiers.values())
    assert sum(c.inchanges for c in resultat.fichiers.values()) == 969


def test_a_dry_run_reports_the_counts_and_writes_nothing():
    avant = _photo()

    resultat = importer_dossier(DEMO, dry_run=True)

    assert resultat.ok and not resultat.ecrit and resultat.essai
    assert resultat.fichiers["participations.csv"].crees == 753
    assert resultat.annexes["personnes"] == 141
    assert _photo() == avant


def test_the_command_dry_run_prints_counts_and_writes_nothing():
    out = io.StringIO()
    call_command("importer_activite", str(DEMO), "--dry-run", stdout=out)

    assert "Essai (rien n'a été écrit)" in out.getvalue()
    assert "participations.csv" in out.getvalue() and "753" in out.getvalue()
    assert Organisation.objects.count() == 0


def test_one_bad_row_in_the_last_file_and_nothing_is_written(tmp_path):
    for f in DEMO.glob("*.csv"):
        shutil.copy(f, tmp_path / f.name)
    chemin = tmp_path / "appuis_individuels.csv"
    lignes = chemin.read_text(encoding="utf-8-sig").splitlines()
    i = next(i for i, ligne in enumerate(lignes) if "Ludothèque La Toupie" in ligne)
    lignes[i] = lignes[i].replace("Ludothèque La Toupie", "Organisation fantôme")
    chemin.write_text("\n".join(lignes) + "\n", encoding="utf-8")

    err = io.StringIO()
    with pytest.raises(CommandError, match="1 erreur"):
        call_command("importer_activite", str(tmp_path), stderr=err)

    assert (
        f"appuis_individuels.csv:{i + 1}: organisation inconnue « Organisation fantôme »"
        in err.getvalue()
    )
    assert all(v == 0 for v in _photo().values())


def test_the_command_exits_non_zero_on_bad_rows(tmp_path, capsys):
    from django.core.management import ManagementUtility

    ecrire_csv(
        tmp_path,
        "parcours.csv",
        [["code", "territoire", "debut", "fin"], ["X", "MEL", "hier", "2020-01-01"]],
    )
    with pytest.raises(SystemExit) as sortie:
        ManagementUtility(["manage.py", "importer_activite", str(tmp_path)]).execute()

    assert sortie.value.code != 0
    assert "parcours.csv:2: date illisible « hier »" in capsys.readouterr().err


def test_every_bad_row_is_reported_with_its_line_number(tmp_path):
    coach = CoachFactory(user=UserFactory(email="coach@example.org"))
    ecrire_csv(
        tmp_path,
        "organisations.csv",
        [
            ["nom", "siret", "territoire", "effectif"],
            ["Asso A", "", "MEL", "3"],
            ["Asso B", "12345678901234", "MEL", ""],
            ["Asso C", "", "MEL", "beaucoup"],
            ["Asso A", "", "MEL", ""],
            ["", "", "MEL", ""],
        ],
    )
    ecrire_csv(
        tmp_path,
        "parcours.csv",
        [
            ["code", "nom", "territoire", "debut", "fin"],
            ["P1", "Parcours", "MEL", "2020-01-01", "2019-12-31"],
            ["P2", "Parcours", "MEL", "31/02/2020", "2020-12-31"],
            ["P3", "Parcours", "", "2020-01-01", "2020-12-31"],
            ["P4", "Parcours", "MEL", "01/01/2020", "2020-12-31"],
        ],
    )
    ecrire_csv(
        tmp_path,
        "inscriptions.csv",
        [["parcours", "organisation", "date"], ["PX", "Asso A", ""], ["P4", "Inconnue", ""]],
    )
    ecrire_csv(
        tmp_path,
        "seances.csv",
        [
            [
                "ref",
                "titre",
                "type",
                "date",
                "demi_journees",
                "parcours",
                "communaute",
                "thematiques",
                "animateurs",
            ],
            ["S1", "Séance", "webinaire", "2020-02-01", "1", "P4", "", "", ""],
            ["S2", "Séance", "appui_collectif", "2020-02-01", "0", "P4", "", "", ""],
            ["S3", "Séance", "appui_collectif", "2020-02-01", "1", "P4", "C1", "", ""],
            [
                "S4",
                "Séance",
                "appui_collectif",
                "2020-02-01",
                "1",
                "P4",
                "",
                "",
                "inconnu@example.org",
            ],
            [
                "S5",
                "Séance\nsur deux lignes",
                "appui_collectif",
                "2020-02-01",
                "1,5",
                "P4",
                "",
                "",
                "",
            ],
            ["S6", "", "appui_collectif", "2020-02-01", "1", "P4", "", "", coach.user.email],
            ["S6", "Séance", "appui_collectif", "2020-02-01", "1", "P4", "", "", ""],
        ],
    )
    ecrire_csv(
        tmp_path,
        "participations.csv",
        [
            ["seance", "email", "prenom", "nom", "organisation"],
            ["S9", "a@example.org", "", "", ""],
            ["S6", "pas-un-email", "", "", ""],
        ],
    )
    ecrire_csv(
        tmp_path,
        "appuis_individuels.csv",
        [
            ["accompagnateur", "organisation", "date", "demi_journees"],
            ["personne@example.org", "Asso A", "2020-01-01", "1"],
        ],
    )

    resultat = importer_dossier(tmp_path)

    assert not resultat.ecrit
    assert resultat.erreurs == [
        "organisations.csv:3: SIRET : Ce SIRET n'est pas valide (la clé de contrôle ne correspond pas).",
        "organisations.csv:4: effectif doit être un nombre entier supérieur ou égal à 0 (« beaucoup »)",
        "organisations.csv:5: organisation en double (déjà ligne 2)",
        "organisations.csv:6: nom manquant",
        "parcours.csv:2: la date de fin précède la date de début",
        "parcours.csv:3: date illisible « 31/02/2020 » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)",
        "parcours.csv:4: territoire manquant",
        "inscriptions.csv:2: parcours inconnu « PX »",
        "inscriptions.csv:3: organisation inconnue « Inconnue »",
        "seances.csv:2: type inconnu « webinaire » (attendu : appui_collectif, bulle_dialogue, "
        "codeveloppement, collectif_parcours, information, rencontre_thematique)",
        "seances.csv:3: demi_journees doit être un nombre entier supérieur ou égal à 1 (« 0 »)",
        "seances.csv:4: une séance appartient à un parcours ou à une communauté, pas aux deux",
        "seances.csv:5: animateurs : accompagnateur·trice inconnu·e « inconnu@example.org »",
        "seances.csv:6: demi_journees doit être un nombre entier supérieur ou égal à 1 (« 1,5 »)",
        "seances.csv:8: titre : Ce champ ne peut pas être vide.",
        "seances.csv:9: séance en double (déjà ligne 8)",
        "participations.csv:2: séance inconnue « S9 »",
        "participations.csv:3: email invalide « pas-un-email »",
        "appuis_individuels.csv:2: accompagnateur : accompagnateur·trice inconnu·e "
        "« personne@example.org »",
    ]
    assert Organisation.objects.count() == 0 and Parcours.objects.count() == 0


def test_a_missing_required_column_is_reported_on_line_1(tmp_path):
    ecrire_csv(tmp_path, "parcours.csv", [["code", "nom", "debut"], ["P1", "x", "2020-01-01"]])

    resultat = importer_dossier(tmp_path)

    assert resultat.erreurs == [
        "parcours.csv:1: colonne(s) obligatoire(s) absente(s) : « territoire », « fin »"
    ]


def test_headers_in_any_order_with_accents_semicolons_bom_and_french_dates(tmp_path):
    ecrire_csv(
        tmp_path,
        "Accompagnateurs.csv",
        [
            ["Sortie", "Entrée", "E-mail", "Prénom", "Nom", "Spécialités", "Structure"],
            ["", "01/09/2018", "Anne@Example.org", "Anne", "Dupont", "RH | ESS", "Cabinet"],
        ],
        sep=";",
        bom=True,
    )

    # "E-mail" normalises to "e_mail", not "email": the required column is missing.
    resultat = importer_dossier(tmp_path)
    assert resultat.erreurs == [
        "Accompagnateurs.csv:1: colonne(s) obligatoire(s) absente(s) : « email »"
    ]

    ecrire_csv(
        tmp_path,
        "Accompagnateurs.csv",
        [
            ["Sortie", "Entrée", "Email", "Prénom", "Nom", "Spécialités", "Structure"],
            ["", "01/09/2018", "Anne@Example.org", "Anne", "Dupont", "RH | ESS", "Cabinet"],
        ],
        sep=";",
        bom=True,
    )
    resultat = importer_dossier(tmp_path)

    assert resultat.ok, resultat.erreurs
    coach = Accompagnateur.objects.get()
    assert coach.user.email == "anne@example.org"
    assert str(coach.entree) == "2018-09-01" and coach.sortie is None
    assert sorted(coach.specialites.values_list("nom", flat=True)) == ["ESS", "RH"]


def test_unknown_territories_and_themes_are_created_unknown_references_are_errors(tmp_path):
    ecrire_csv(
        tmp_path,
        "parcours.csv",
        [
            ["code", "nom", "territoire", "debut", "fin"],
            ["P1", "P", "CAPSO", "2021-01-01", "2021-12-31"],
        ],
    )
    ecrire_csv(
        tmp_path,
        "seances.csv",
        [
            ["ref", "titre", "type", "date", "demi_journees", "parcours", "thematiques"],
            [
                "S1",
                "Séance",
                "collectif_parcours",
                "2021-02-01",
                "2",
                "P1",
                "Télétravail|Management",
            ],
        ],
    )

    resultat = importer_dossier(tmp_path)

    assert resultat.ok, resultat.erreurs
    assert Territoire.objects.get(code="CAPSO")
    assert set(Seance.objects.get().thematiques.values_list("nom", flat=True)) == {
        "Télétravail",
        "Management",
    }
    assert resultat.annexes == {"territoires": 1, "thematiques": 2}


def test_existing_rows_are_matched_by_natural_key_and_updated(tmp_path):
    mel = TerritoireFactory(code="MEL")
    org = OrganisationFactory(nom="Asso A", territoire=mel, commune="Lille", effectif=3)
    ecrire_csv(
        tmp_path,
        "organisations.csv",
        [["nom", "siret", "territoire", "commune", "effectif"], ["Asso A", "", "MEL", "", "8"]],
    )

    resultat = importer_dossier(tmp_path)

    org.refresh_from_db()
    assert resultat.fichiers["organisations.csv"].modifies == 1
    assert org.effectif == 8
    assert org.commune == "Lille"  # an empty cell never erases what is known
    assert org.history.first().history_change_reason == "Import d'activité (tableur)"


def test_an_xlsx_workbook_with_one_sheet_per_file_imports_like_the_csv_files():
    from openpyxl import Workbook

    from apes_rh.importation.lecture import lire_dossier

    classeur = Workbook()
    classeur.remove(classeur.active)
    for source in lire_dossier(DEMO).sources:
        feuille = classeur.create_sheet(source.fichier.removesuffix(".csv"))
        feuille.append(source.colonnes)
        for _, ligne in source.lignes:
            feuille.append([ligne.get(c, "") for c in source.colonnes])
    classeur.create_sheet("Notes")
    tampon = io.BytesIO()
    classeur.save(tampon)

    resultat = importer_fichiers([("historique.xlsx", tampon.getvalue())])

    assert resultat.ok, resultat.erreurs
    assert resultat.fichiers["participations.csv"].crees == 753
    assert any("feuille « Notes » ignorée" in a for a in resultat.avertissements)
    assert importer_dossier(DEMO).fichiers["participations.csv"].inchanges == 753


def test_xlsx_errors_name_the_sheet_and_the_row():
    from openpyxl import Workbook

    classeur = Workbook()
    feuille = classeur.active
    feuille.title = "Parcours"
    feuille.append(["code", "nom", "territoire", "debut", "fin"])
    feuille.append(["P1", "P", "MEL", "pas une date", "2020-01-01"])
    tampon = io.BytesIO()
    classeur.save(tampon)

    resultat = importer_fichiers([("classeur.xlsx", tampon.getvalue())])

    assert resultat.erreurs == [
        "Parcours:2: date illisible « pas une date » (attendu AAAA-MM-JJ ou JJ/MM/AAAA)"
    ]


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "organisations.csv").write_bytes("nom;territoire\nÉcole;MEL\n".encode("latin-1"))

    resultat = importer_dossier(tmp_path)

    assert resultat.erreurs and resultat.erreurs[0].startswith(
        "organisations.csv:1: fichier illisible"
    )


def test_an_empty_directory_is_an_error(tmp_path):
    with pytest.raises(CommandError):
        call_command("importer_activite", str(tmp_path), stderr=io.StringIO())


def _requetes(dossier):
    with CaptureQueriesContext(connection) as ctx:
        resultat = importer_dossier(dossier)
    assert resultat.ok, resultat.erreurs
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_rows(tmp_path):
    """Benchmark-style: bulk operations and in-memory maps, not one query per row."""
    petit = _requetes(jeu_synthetique(tmp_path / "petit", 5))
    # Start again from an empty database state for the larger import.
    for m in (DemiJournee, Participation, Seance, Inscription, Accompagnateur, Organisation):
        m.objects.all().delete()
    for m in (Parcours, Communaute, Specialite, Thematique, Territoire):
        m.objects.all().delete()
    User.objects.all().delete()
    # SQLite caps a batch at 999 parameters (47 historical sessions): stay within one batch.
    grand = _requetes(jeu_synthetique(tmp_path / "grand", 40))

    assert grand == petit


def test_a_second_import_runs_a_constant_number_of_queries(tmp_path):
    importer_dossier(jeu_synthetique(tmp_path / "a", 5))
    importer_dossier(jeu_synthetique(tmp_path / "b", 40))
    petit = _requetes(tmp_path / "a")
    grand = _requetes(tmp_path / "b")
    assert grand == petit
