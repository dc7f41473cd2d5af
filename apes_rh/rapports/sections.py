"""Sections of the activity report contributed by the apps above the core (which never
imports them). Each adds a key to the report's JSON, is frozen with a generated report, and
has its own block in the dashboards and in the funder's PDF:

    from apes_rh.rapports.sections import register_section
    register_section(
        "enquetes_suivi",
        titre="Enquêtes de suivi",
        calculer=section_rapport,      # calculer(requetes) -> dict, constant number of queries
        masquer=masquer_section,       # masquer(dict) -> dict: the funder's view ("< 3")
        gabarit_tableau="outils/rapport/enquetes_tableau.html",
        gabarit_pdf="outils/rapport/enquetes_pdf.html",
    )

Templates receive `s` ({"cle", "titre", "donnees"}) and `masque` (a funder's view).
A report frozen before a section existed simply lacks its key: the section is not shown.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    cle: str
    titre: str
    calculer: Callable
    masquer: Callable
    gabarit_tableau: str = ""
    gabarit_pdf: str = ""


SECTIONS: dict[str, Section] = {}
RESERVEES = {"periode", "chiffres_cles", "parcours", "communautes", "thematiques", "perimetre"}


def register_section(
    cle: str,
    *,
    titre: str,
    calculer: Callable,
    masquer: Callable,
    gabarit_tableau: str = "",
    gabarit_pdf: str = "",
) -> None:
    if cle in RESERVEES:
        raise ValueError(f"Clé de rapport réservée : {cle}")
    SECTIONS.setdefault(cle, Section(cle, titre, calculer, masquer, gabarit_tableau, gabarit_pdf))


def calculer_sections(requetes) -> dict:
    return {cle: s.calculer(requetes) for cle, s in SECTIONS.items()}


def masquer_sections(rapport: dict) -> dict:
    """The funder's view of every section present in `rapport`."""
    return {
        **rapport,
        **{cle: s.masquer(rapport[cle]) for cle, s in SECTIONS.items() if cle in rapport},
    }


def sections_affichees(rapport: dict, gabarit: str) -> list[dict]:
    """What the templates loop on: the sections present in `rapport` that have a template
    for this medium (`gabarit_tableau` or `gabarit_pdf`)."""
    return [
        {"cle": cle, "titre": s.titre, "donnees": rapport[cle], "gabarit": getattr(s, gabarit)}
        for cle, s in SECTIONS.items()
        if cle in rapport and getattr(s, gabarit)
    ]


def lignes_export(rapport: dict):
    """(section, element, indicateur, valeur) rows of the sections present, for CSV exports:
    a nested dict gives one row per entry (e.g. the spread of marks 1–5)."""
    for cle in SECTIONS:
        for indicateur, valeur in (rapport.get(cle) or {}).items():
            if isinstance(valeur, dict):
                for element, v in valeur.items():
                    yield (cle, element, indicateur, v)
            else:
                yield (cle, "", indicateur, valeur)
