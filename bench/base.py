"""The benchmark's own database: PostgreSQL on loopback, or a temporary SQLite file.

`Base` creates an empty migrated model database once, then gives a fresh copy of it for each
data size (PostgreSQL `CREATE DATABASE … TEMPLATE`, or a file copy for SQLite), and drops
everything it created at the end.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
NOM = os.environ.get("BENCH_DB_NAME", "apes_rh_bench")


def _pg_connect(dbname: str = "postgres"):
    import psycopg

    return psycopg.connect(f"{PG_URL}/{dbname}", autocommit=True, connect_timeout=3)


def postgres_joignable() -> tuple[bool, str]:
    try:
        with _pg_connect() as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
        return True, f"PostgreSQL {version}"
    except Exception as exc:  # any failure means: fall back to SQLite, and say why
        return False, f"{type(exc).__name__}: {' '.join(str(exc).split())[:200]}"


def env_django(url: str, **extra) -> dict:
    """Environment of the subprocesses (manage.py, gunicorn) on the benchmark's database."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        BENCH_DATABASE_URL=url,
        PYTHONPATH=str(BASE_DIR) + os.pathsep + env.get("PYTHONPATH", ""),
        **extra,
    )
    return env


def manage(url: str, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        env=env_django(url),
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@dataclass
class Base:
    moteur: str = ""  # "postgresql" or "sqlite"
    detail: str = ""
    _tmp: Path | None = None
    _crees: list[str] = field(default_factory=list)

    @classmethod
    def choisir(cls) -> "Base":
        ok, detail = postgres_joignable()
        if ok:
            return cls(moteur="postgresql", detail=f"{detail} ({PG_URL}/{NOM})")
        tmp = Path(tempfile.mkdtemp(prefix="apes-bench-"))
        return cls(
            moteur="sqlite",
            detail=f"SQLite temporaire {tmp} — PostgreSQL injoignable ({detail})",
            _tmp=tmp,
        )

    # --- URLs ---
    def url(self, nom: str = NOM) -> str:
        if self.moteur == "postgresql":
            return f"{PG_URL}/{nom}"
        return f"sqlite:///{self._tmp / (nom + '.sqlite3')}"

    @property
    def modele(self) -> str:
        return f"{NOM}_modele"

    # --- Life cycle ---
    def _drop(self, nom: str) -> None:
        if self.moteur == "postgresql":
            with _pg_connect() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{nom}" WITH (FORCE)')
        else:
            (self._tmp / f"{nom}.sqlite3").unlink(missing_ok=True)

    def preparer_modele(self) -> None:
        """An empty database with every migration applied, copied for each data size."""
        self._drop(self.modele)
        if self.moteur == "postgresql":
            with _pg_connect() as conn:
                conn.execute(
                    f"CREATE DATABASE \"{self.modele}\" ENCODING 'UTF8' TEMPLATE template0"
                )
        self._crees.append(self.modele)
        result = manage(self.url(self.modele), "migrate", "--noinput", "-v", "0")
        if result.returncode:
            raise RuntimeError(f"migrate a échoué :\n{result.stdout}\n{result.stderr}")

    def reinitialiser(self, nom: str = NOM) -> str:
        """A fresh copy of the model database under `nom`; the caller must have closed its
        connections to it."""
        self._drop(nom)
        if self.moteur == "postgresql":
            with _pg_connect() as conn:
                conn.execute(f'CREATE DATABASE "{nom}" TEMPLATE "{self.modele}"')
        else:
            shutil.copyfile(self._tmp / f"{self.modele}.sqlite3", self._tmp / f"{nom}.sqlite3")
        if nom not in self._crees:
            self._crees.append(nom)
        return self.url(nom)

    def nettoyer(self) -> None:
        for nom in reversed(self._crees):
            try:
                self._drop(nom)
            except Exception as exc:  # cleaning must not hide the results
                print(f"  (impossible de supprimer la base {nom} : {exc})", file=sys.stderr)
        self._crees.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
