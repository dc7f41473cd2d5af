"""What an import did (or would do, in a dry run): counts per file and every bad row."""

from dataclasses import asdict, dataclass, field

from .lecture import FICHIERS

ANNEXES = {
    "personnes": "personnes créées",
    "territoires": "territoires créés",
    "thematiques": "thématiques créées",
    "specialites": "spécialités créées",
}


@dataclass
class CompteFichier:
    lignes: int = 0
    crees: int = 0
    modifies: int = 0
    inchanges: int = 0


@dataclass
class ResultatImport:
    essai: bool = False
    fichiers: dict[str, CompteFichier] = field(default_factory=dict)
    annexes: dict[str, int] = field(default_factory=dict)
    erreurs: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    ecrit: bool = False

    @property
    def ok(self) -> bool:
        return not self.erreurs

    @property
    def lignes(self) -> int:
        return sum(c.lignes for c in self.fichiers.values())

    def compte(self, fichier: str) -> CompteFichier:
        return self.fichiers.setdefault(fichier, CompteFichier())

    def annexe(self, nom: str, n: int = 1) -> None:
        self.annexes[nom] = self.annexes.get(nom, 0) + n

    def lignes_du_tableau(self) -> list[dict]:
        """Rows for a table in load order: file, lines, created, updated, unchanged."""
        return [
            {"fichier": nom, **asdict(self.fichiers[nom])}
            for nom in FICHIERS
            if nom in self.fichiers
        ]

    def annexes_du_tableau(self) -> list[tuple[str, int]]:
        return [(ANNEXES[k], v) for k, v in self.annexes.items() if v and k in ANNEXES]

    def as_dict(self) -> dict:
        return {
            "essai": self.essai,
            "ecrit": self.ecrit,
            "fichiers": {k: asdict(v) for k, v in self.fichiers.items()},
            "annexes": dict(self.annexes),
            "erreurs": list(self.erreurs),
            "avertissements": list(self.avertissements),
        }

    @classmethod
    def from_dict(cls, data: dict | None) -> "ResultatImport":
        data = data or {}
        return cls(
            essai=data.get("essai", False),
            ecrit=data.get("ecrit", False),
            fichiers={k: CompteFichier(**v) for k, v in (data.get("fichiers") or {}).items()},
            annexes=dict(data.get("annexes") or {}),
            erreurs=list(data.get("erreurs") or []),
            avertissements=list(data.get("avertissements") or []),
        )

    def resume(self) -> str:
        """One line per file, in French (used by the command and `manage.py demo`)."""
        lignes = []
        for r in self.lignes_du_tableau():
            lignes.append(
                f"  {r['fichier']:24} {r['lignes']:>7} lignes : {r['crees']} créé(s), "
                f"{r['modifies']} modifié(s), {r['inchanges']} inchangé(s)"
            )
        for libelle, n in self.annexes_du_tableau():
            lignes.append(f"  {libelle} : {n}")
        return "\n".join(lignes)

    def __str__(self) -> str:
        if self.erreurs:
            etat = f"{len(self.erreurs)} erreur(s), rien n'a été écrit"
        elif self.essai:
            etat = "essai réussi, rien n'a été écrit"
        else:
            etat = "import réussi"
        crees = sum(c.crees for c in self.fichiers.values())
        modifies = sum(c.modifies for c in self.fichiers.values())
        return f"{self.lignes} lignes lues, {crees} créées, {modifies} modifiées ({etat})"
