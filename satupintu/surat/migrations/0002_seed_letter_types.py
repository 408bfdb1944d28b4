"""Load the common village letter types so a fresh installation can serve letters at once. Existing rows (a regency
may have edited them) are left alone; `manage.py surat_seed_types` does the same later for newly added types."""

from django.db import migrations


def seed(apps, schema_editor):
    from satupintu.surat.catalog import DEFAULT_LETTER_TYPES

    LetterType = apps.get_model("surat", "LetterType")
    for item in DEFAULT_LETTER_TYPES:
        defaults = {k: v for k, v in item.items() if k != "code"}
        LetterType.objects.get_or_create(code=item["code"], defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("surat", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
