"""Load the catalogue's newer letter types (at least 40 in all). Existing rows, which a regency may have edited, are
left alone."""

from django.db import migrations


def seed(apps, schema_editor):
    from satupintu.surat.catalog import DEFAULT_LETTER_TYPES

    LetterType = apps.get_model("surat", "LetterType")
    for item in DEFAULT_LETTER_TYPES:
        defaults = {k: v for k, v in item.items() if k != "code"}
        LetterType.objects.get_or_create(code=item["code"], village=None, defaults=defaults)


class Migration(migrations.Migration):
    dependencies = [("surat", "0004_letter_type_designer")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
