from django.db import migrations


def seed(apps, schema_editor):
    from satupintu.keuangan.accounts import seed_accounts

    seed_accounts(apps.get_model("keuangan", "Account"))


class Migration(migrations.Migration):
    dependencies = [("keuangan", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
