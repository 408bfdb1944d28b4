import satupintu.ppid.models
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("ppid", "0004_fill_tracking_code"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inforequest",
            name="tracking_code",
            field=models.CharField(
                default=satupintu.ppid.models.new_tracking_code, editable=False,
                help_text="Kode pendek pada tanda terima (PPID-XXXX-XXXX) untuk melihat status permohonan.",
                max_length=14, unique=True, verbose_name="kode lacak",
            ),
        ),
        migrations.AlterField(
            model_name="inforequest",
            name="follow_token",
            field=models.CharField(
                default=satupintu.ppid.models.new_follow_token, max_length=40, unique=True,
                verbose_name="token tautan pribadi",
            ),
        ),
    ]
