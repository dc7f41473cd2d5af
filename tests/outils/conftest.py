import pytest


@pytest.fixture(autouse=True)
def _referentiel(db):
    """The seeded referential, reloaded if a transactional test flushed the database."""
    from tests.outils.factories import referentiel_defaut

    referentiel_defaut()
