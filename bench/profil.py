"""Where a measured page spends its time: `python -m bench.profil "Liste des organisations"`.

Runs against the database kept by `python -m bench --garder-base` (BENCH_DATABASE_URL, by
default the bench's PostgreSQL database), in-process like the bench: the median of the page and
of the bare page, each SQL query with its time, then the heaviest Python functions (cProfile).
Without a page name, prints the median and ratio of every page.
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import time

os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/apes_rh_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.pop("DATABASE_URL", None)


def _mediane(client, url, n):
    for _ in range(3):
        client.get(url)
    durees = []
    for _ in range(n):
        debut = time.perf_counter()
        client.get(url)
        durees.append(time.perf_counter() - debut)
    return statistics.median(durees) * 1000


def _detailler(client, url, lignes):
    """Each SQL query of one request with its time, then cProfile over ten requests."""
    from django.db import connection

    requetes = []

    def chronometrer(execute, sql, params, many, context):
        debut = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            requetes.append(((time.perf_counter() - debut) * 1000, sql))

    with connection.execute_wrapper(chronometrer):
        client.get(url)
    print(f"\n{len(requetes)} requêtes, {sum(d for d, _ in requetes):.2f} ms en base :")
    for duree, sql in requetes:
        print(f"  {duree:6.2f} ms  {sql[:150]}")
    profil = cProfile.Profile()
    profil.enable()
    for _ in range(10):
        client.get(url)
    profil.disable()
    sortie = io.StringIO()
    stats = pstats.Stats(profil, stream=sortie).sort_stats("cumulative")
    stats.print_stats(lignes)
    print(sortie.getvalue())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profil", description=__doc__)
    parser.add_argument("page", nargs="?", help="nom de la page (bench/pages.py)")
    parser.add_argument("-n", type=int, default=30, help="nombre de mesures")
    parser.add_argument("--lignes", type=int, default=35, help="fonctions affichées")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.urls import reverse

    from .comptes import preparer_monde
    from .pages import PAGE_NUE, PAGES, client_pour, resoudre

    monde = preparer_monde()
    pages = [p for p in PAGES if args.page is None or p.nom == args.page]
    if not pages:
        parser.error(f"page inconnue : {args.page!r}")
    nues = {}
    for page in pages:
        url = resoudre(page, monde)
        client = client_pour(monde, page.role)
        if page.role not in nues:
            nues[page.role] = _mediane(client, reverse(PAGE_NUE), args.n)
        mediane = _mediane(client, url, args.n)
        print(
            f"{page.nom:45} {url:45} {mediane:7.2f} ms  nue {nues[page.role]:5.2f} ms  "
            f"ratio {mediane / nues[page.role]:4.2f}"
        )
        if args.page is None:
            continue
        _detailler(client, url, args.lignes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
