"""Load test: gunicorn on 127.0.0.1 (random free port), 50 simulated people, loopback only.

Each simulated person is a thread with its own keep-alive HTTP connection and cookies: it logs
in once through the real login form (and the TOTP step for the team), then opens the pages of
its role's journeys with a short think time, until the time or request budget is spent. The
team invites people and coaches record half-days, so that "nothing lost" is checked: every
write the server acknowledged must be in the database afterwards.
"""

import http.client
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from .base import BASE_DIR, env_django

LOGIN = "/comptes/login/"


def port_libre() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Gunicorn:
    """The application server, started and stopped by the benchmark (its own process only)."""

    def __init__(self, url_base: str, journal: Path, workers: int = 3, threads: int = 4):
        self.port = port_libre()
        self.journal = journal
        self.commande = [
            sys.executable,
            "-m",
            "gunicorn",
            "apes_rh.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(threads),
            "--timeout",
            "120",
            "--graceful-timeout",
            "10",
            "--preload",
            "--log-level",
            "warning",
            "--error-logfile",
            str(journal),
        ]
        self.env = env_django(url_base)
        self.process: subprocess.Popen | None = None
        self.description = f"gunicorn gthread, {workers} workers × {threads} threads"

    def __enter__(self) -> "Gunicorn":
        self.journal.parent.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            self.commande,
            env=self.env,
            cwd=BASE_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        limite = time.monotonic() + 60
        while time.monotonic() < limite:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté : voir {self.journal}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/healthz")
                if conn.getresponse().status == 200:
                    conn.close()
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError("gunicorn ne répond pas sur /healthz après 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Personne:
    role: str
    email: str = ""
    totp: str = ""


@dataclass
class Mesures:
    latences_ms: list = field(default_factory=list)
    par_chemin: dict = field(default_factory=dict)  # path → latencies (ms)
    erreurs: list = field(default_factory=list)
    connexions_ok: int = 0
    ecritures_ok: dict = field(default_factory=dict)  # write name → acknowledged keys
    requetes: int = 0
    verrou: threading.Lock = field(default_factory=threading.Lock)

    def prendre_jeton(self, maximum: int) -> bool:
        with self.verrou:
            if self.requetes >= maximum:
                return False
            self.requetes += 1
            return True

    def erreur(self, message: str) -> None:
        with self.verrou:
            self.erreurs.append(message)


class Navigateur:
    """A minimal browser: one keep-alive connection, cookies, CSRF token."""

    def __init__(self, port: int):
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def fermer(self) -> None:
        self.conn.close()

    def requete(self, methode: str, chemin: str, donnees: dict | None = None):
        headers = {"User-Agent": "apes-rh-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if donnees is not None:
            body = urlencode(donnees)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{chemin}"
        for tentative in (1, 2):
            try:
                self.conn.request(methode, chemin, body=body, headers=headers)
                response = self.conn.getresponse()
                contenu = response.read()
                break
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                # The server closed an idle keep-alive connection: reconnect once.
                self.conn.close()
                if tentative == 2:
                    raise
        for valeur in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(valeur)
            for nom, morsel in cookie.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[nom] = morsel.value
                else:
                    self.cookies.pop(nom, None)
        return response.status, response.getheader("Location", ""), contenu

    def connecter(self, personne: Personne, mot_de_passe: str) -> None:
        status, _, _ = self.requete("GET", LOGIN)
        if status != 200:
            raise RuntimeError(f"page de connexion : {status}")
        status, location, _ = self.requete(
            "POST",
            LOGIN,
            {
                "login": personne.email,
                "password": mot_de_passe,
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
            },
        )
        if status != 302:
            raise RuntimeError(f"connexion refusée ({status})")
        if personne.totp:
            chemin = urlsplit(location).path
            status, _, _ = self.requete("GET", chemin)
            status, location, _ = self.requete(
                "POST",
                chemin,
                {
                    "code": code_totp(personne.totp),
                    "csrfmiddlewaretoken": self.cookies["csrftoken"],
                },
            )
            if status != 302:
                raise RuntimeError(f"code TOTP refusé ({status})")
        if "sessionid" not in self.cookies:
            raise RuntimeError("pas de session après la connexion")
        status, location, _ = self.requete("GET", "/tableau-de-bord/")
        if status >= 400 or LOGIN in location or "inactive" in location:
            raise RuntimeError(f"pas connecté·e après la connexion ({status} {location})")


def code_totp(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@dataclass
class Ecriture:
    """A form a role posts during the load test. `donnees(cle)` gives the fields for a unique
    key; every key the server acknowledged (expected status) is checked in the database after
    the run."""

    nom: str
    chemin: str
    donnees: Callable[[str], dict]
    attendu: int = 302


@dataclass
class Scenario:
    """Pages of each role's journeys (paths), and the writes of some roles."""

    pages: dict[str, list[str]]
    ecritures: dict[str, Ecriture] = field(default_factory=dict)  # role → write
    part_ecritures: float = 0.1


def _personne_simulee(
    personne: Personne,
    port: int,
    scenario: Scenario,
    mot_de_passe: str,
    mesures: Mesures,
    depart: threading.Barrier,
    fin: list,
    maximum: int,
    pause: tuple[float, float],
    graine: int,
) -> None:
    rng = random.Random(graine)
    nav = Navigateur(port)
    pages = scenario.pages.get(personne.role) or ["/"]
    try:
        if personne.email:
            nav.connecter(personne, mot_de_passe)
            with mesures.verrou:
                mesures.connexions_ok += 1
        # Warm-up, not measured: a deployed server has already compiled its templates.
        for chemin in pages:
            nav.requete("GET", chemin)
    except Exception as exc:
        mesures.erreur(f"connexion {personne.email}: {exc}")
    try:
        depart.wait(timeout=300)
    except threading.BrokenBarrierError:
        nav.fermer()
        return
    n = 0
    while time.monotonic() < fin[0] and mesures.prendre_jeton(maximum):
        n += 1
        ecriture = scenario.ecritures.get(personne.role)
        ecrire = ecriture is not None and rng.random() < scenario.part_ecritures
        debut = time.perf_counter()
        try:
            if ecrire:
                cle = f"{graine}-{n}"
                donnees = {
                    **ecriture.donnees(cle),
                    "csrfmiddlewaretoken": nav.cookies.get("csrftoken", ""),
                }
                chemin, attendu = ecriture.chemin, ecriture.attendu
                status, location, _ = nav.requete("POST", chemin, donnees)
            else:
                chemin = rng.choice(pages)
                status, location, _ = nav.requete("GET", chemin)
                attendu = 200
        except Exception as exc:
            mesures.erreur(f"{type(exc).__name__} {exc}")
            nav.fermer()  # a fresh connection for the next request
            continue
        duree = (time.perf_counter() - debut) * 1000
        with mesures.verrou:
            mesures.latences_ms.append(duree)
            mesures.par_chemin.setdefault(f"{'POST' if ecrire else 'GET'} {chemin}", []).append(
                duree
            )
        if status != attendu:
            mesures.erreur(f"{personne.role} {chemin} → {status} {location}".strip())
        elif ecrire:
            with mesures.verrou:
                mesures.ecritures_ok.setdefault(ecriture.nom, []).append(cle)
        time.sleep(rng.uniform(*pause))
    nav.fermer()


def percentile(valeurs: list[float], p: float) -> float:
    if not valeurs:
        return 0.0
    if len(valeurs) == 1:
        return valeurs[0]
    return statistics.quantiles(valeurs, n=100, method="inclusive")[int(p) - 1]


def lancer(
    port: int,
    personnes: list[Personne],
    scenario: Scenario,
    mot_de_passe: str,
    duree: float = 60,
    maximum: int = 20_000,
    pause: tuple[float, float] = (1.0, 5.0),
) -> dict:
    mesures = Mesures()
    depart = threading.Barrier(len(personnes) + 1)
    fin = [float("inf")]
    threads = [
        threading.Thread(
            target=_personne_simulee,
            args=(p, port, scenario, mot_de_passe, mesures, depart, fin, maximum, pause, i),
            daemon=True,
        )
        for i, p in enumerate(personnes)
    ]
    debut_connexions = time.monotonic()
    for t in threads:
        t.start()
    depart.wait(timeout=300)  # everyone logged in
    duree_connexions = time.monotonic() - debut_connexions
    debut = time.monotonic()
    fin[0] = debut + duree
    for t in threads:
        t.join(timeout=duree + 120)
    ecoule = time.monotonic() - debut
    lat = sorted(mesures.latences_ms)
    return {
        "users": len(personnes),
        "requests": len(lat),
        "errors": len(mesures.erreurs),
        "p50_ms": round(percentile(lat, 50), 1),
        "p95_ms": round(percentile(lat, 95), 1),
        "rps": round(len(lat) / ecoule, 1) if ecoule else 0.0,
        "_detail": {
            "duree_s": round(ecoule, 1),
            "connexions": mesures.connexions_ok,
            "connexions_s": round(duree_connexions, 1),
            "erreurs": mesures.erreurs[:20],
            "ecritures": dict(mesures.ecritures_ok),
            "pause_s": list(pause),
            "par_chemin": {
                chemin: {
                    "n": len(v),
                    "p50_ms": round(percentile(sorted(v), 50), 1),
                    "p95_ms": round(percentile(sorted(v), 95), 1),
                }
                for chemin, v in sorted(mesures.par_chemin.items())
            },
        },
    }
