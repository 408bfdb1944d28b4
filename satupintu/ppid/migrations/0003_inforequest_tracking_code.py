# A short tracking code for information requests (issue 13): added empty, filled, then made unique (three
# migrations, so that no schema change shares a transaction with the row updates on PostgreSQL).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ppid", "0002_private_storage"),
    ]

    operations = [
        migrations.AddField(
            model_name="inforequest",
            name="tracking_code",
            field=models.CharField(editable=False, max_length=14, null=True, verbose_name="kode lacak"),
        ),
    ]
