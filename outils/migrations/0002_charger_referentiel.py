"""Seeds the default HR referential (version 1, published) on every new database."""

from django.db import migrations


def charger(apps, schema_editor):
    from outils.referentiel import charger as charger_referentiel

    charger_referentiel(apps)


def retirer(apps, schema_editor):
    Referentiel = apps.get_model("outils", "Referentiel")
    Referentiel.objects.filter(code="REF-RH", version=1, diagnostics__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outils", "0001_espace_de_suivi"),
        ("apes_rh", "0001_initial"),
    ]

    operations = [migrations.RunPython(charger, retirer)]
