# Every existing request gets its short code; nothing else changes (its old long code keeps opening its page).

import secrets

from django.db import migrations

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def _code() -> str:
    body = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"PPID-{body[:4]}-{body[4:]}"


def fill(apps, schema_editor):
    InfoRequest = apps.get_model("ppid", "InfoRequest")
    taken = set(InfoRequest.objects.exclude(tracking_code=None).values_list("tracking_code", flat=True))
    pending = list(InfoRequest.objects.filter(tracking_code=None).only("pk").order_by("pk"))
    for info_request in pending:
        code = _code()
        while code in taken:
            code = _code()
        taken.add(code)
        info_request.tracking_code = code
    InfoRequest.objects.bulk_update(pending, ["tracking_code"], batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("ppid", "0003_inforequest_tracking_code"),
    ]

    operations = [
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
