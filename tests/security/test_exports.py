"""Spreadsheet exports neutralise formulas: whatever people typed, no cell of a CSV or XLSX
export starts a formula when opened in Excel or LibreOffice (PITFALLS: = + - @ tab CR)."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from tests.factories import OrganisationFactory, ThematiqueFactory, UserFactory
from tests.security.hostile import FORMULES

pytestmark = pytest.mark.django_db

RAPIDE = hsettings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DANGER = ("=", "+", "-", "@", "\t", "\r")
# Printable text after the dangerous first character (control characters: see below).
_texte = st.text(alphabet=st.characters(categories=("L", "N", "P", "S", "Zs")), max_size=40)
formules = st.one_of(
    st.sampled_from(FORMULES),
    st.builds(lambda d, t: d + t, st.sampled_from(DANGER), _texte),
).filter(lambda s: s.strip())
_themes = iter(range(10**9))


def _cellules_csv(response) -> list[str]:
    contenu = b"".join(response.streaming_content) if response.streaming else response.content
    texte = contenu.decode("utf-8-sig")
    delimiter = ";" if texte.splitlines()[0].count(";") >= texte.splitlines()[0].count(",") else ","
    return [c for ligne in csv.reader(io.StringIO(texte), delimiter=delimiter) for c in ligne]


def _cellules_xlsx(response) -> list:
    from openpyxl import load_workbook

    contenu = b"".join(response.streaming_content) if response.streaming else response.content
    classeur = load_workbook(io.BytesIO(contenu))
    return [c for ws in classeur.worksheets for row in ws.iter_rows() for c in row]


def _dangereuses_csv(cellules) -> list[str]:
    return [c for c in cellules if c.startswith(DANGER)]


def _dangereuses_xlsx(cellules) -> list[str]:
    return [
        repr(c.value)
        for c in cellules
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith(DANGER))
    ]


# --- The improvement plan of the follow-up space ---------------------------------------------


@pytest.fixture
def plan(client):
    from tests.outils.factories import PlanFactory, referentiel_defaut

    referentiel_defaut()
    organisation = OrganisationFactory()
    client.force_login(UserFactory(pilote_de=organisation))
    return PlanFactory(organisation=organisation)


@RAPIDE
@given(titre=formules, description=formules, ressources=formules, axe=formules)
def test_the_plan_exports_never_contain_a_formula(
    client, plan, titre, description, ressources, axe
):
    from outils.models import Action
    from tests.outils.factories import ActionFactory, AxeFactory

    Action.objects.all().delete()
    ActionFactory(
        plan=plan,
        axe=AxeFactory(plan=plan, titre=axe[:200]),
        titre=titre[:200],
        description=description,
        ressources=ressources,
    )
    pk = plan.organisation.pk
    csv_ = client.get(reverse("outils:export_plan_csv", kwargs={"pk": pk}))
    assert csv_.status_code == 200
    assert not _dangereuses_csv(_cellules_csv(csv_))
    xlsx = client.get(reverse("outils:export_plan_xlsx", kwargs={"pk": pk}))
    assert xlsx.status_code == 200
    assert not _dangereuses_xlsx(_cellules_xlsx(xlsx))


# --- A coach's validated activity ------------------------------------------------------------


@pytest.fixture
def coach(client):
    from tests.accompagnateurs.factories import AccompagnateurFactory

    coach = AccompagnateurFactory()
    client.force_login(coach.user)
    return coach


@RAPIDE
@given(organisation=formules, theme=formules, notes=formules, partenaire=formules)
def test_the_coach_activity_exports_never_contain_a_formula(
    client, coach, organisation, theme, notes, partenaire
):
    from accompagnateurs.models import DemiJournee
    from tests.accompagnateurs.factories import AccompagnateurFactory, DemiJourneeFactory

    DemiJournee.objects.all().delete()
    binome = AccompagnateurFactory(user=UserFactory(first_name=partenaire[:150], last_name=""))
    DemiJourneeFactory(
        accompagnateur=coach,
        co_accompagnateur=binome,
        organisation=OrganisationFactory(nom=organisation[:200]),
        thematique=ThematiqueFactory(nom=theme[:200], slug=f"theme-{next(_themes)}"),
        notes=notes,
        date=datetime.date(2021, 3, 1),
        validee=True,
    )
    url = reverse("accompagnateurs:activite_export", kwargs={"pk": coach.pk})
    periode = "du=2021-01-01&au=2021-12-31"
    csv_ = client.get(f"{url}?{periode}&format=csv")
    assert csv_.status_code == 200
    assert not _dangereuses_csv(_cellules_csv(csv_))
    xlsx = client.get(f"{url}?{periode}&format=xlsx")
    assert xlsx.status_code == 200
    assert not _dangereuses_xlsx(_cellules_xlsx(xlsx))


# --- Control characters (pasted from word processors: vertical tab, backspace…) --------------

CONTROLE = "Plan\x0bde formation\x08 2025"


def test_a_control_character_in_an_action_does_not_break_the_xlsx_export(client, plan):
    from tests.outils.factories import ActionFactory

    ActionFactory(plan=plan, titre=CONTROLE)
    response = client.get(reverse("outils:export_plan_xlsx", kwargs={"pk": plan.organisation.pk}))
    assert response.status_code == 200
    assert any("formation" in str(c.value) for c in _cellules_xlsx(response))


def test_a_control_character_in_notes_does_not_break_the_coach_xlsx_export(client, coach):
    from tests.accompagnateurs.factories import DemiJourneeFactory

    DemiJourneeFactory(
        accompagnateur=coach, notes=CONTROLE, date=datetime.date(2021, 3, 1), validee=True
    )
    url = reverse("accompagnateurs:activite_export", kwargs={"pk": coach.pk})
    response = client.get(f"{url}?du=2021-01-01&au=2021-12-31&format=xlsx")
    assert response.status_code == 200
    assert any("formation" in str(c.value) for c in _cellules_xlsx(response))
