"""Access rules of this app's URLs (merged into tests/access.py's TABLE).

TABLE maps a URL name to an Acces(expected per role, kwargs(world), query).
extend_world(w) may add sample objects to the shared world (a SimpleNamespace).
"""

from tests.access_base import Acces, expect  # noqa: F401

TABLE: dict = {}


def extend_world(w) -> None:
    return None
