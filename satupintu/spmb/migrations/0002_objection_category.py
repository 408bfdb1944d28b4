"""The complaint category SPMB objections are filed under (routed to the education office, Disdik, when it exists)."""

from django.db import migrations


def create_category(apps, schema_editor):
    Category = apps.get_model("aduan", "Category")
    Agency = apps.get_model("organisasi", "Agency")
    parent = Category.objects.filter(slug="pendidikan").first()
    agency = Agency.objects.filter(slug="disdik").first()
    Category.objects.get_or_create(slug="spmb", defaults={
        "name": "Penerimaan murid baru (SPMB)", "parent": parent, "default_agency": agency,
        "description": "Keberatan atas hasil seleksi SPMB", "order": 90,
    })


class Migration(migrations.Migration):
    dependencies = [
        ("spmb", "0001_initial"),
        ("aduan", "0007_public_district_topic_index"),
        ("organisasi", "__first__"),
    ]

    operations = [migrations.RunPython(create_category, migrations.RunPython.noop)]
