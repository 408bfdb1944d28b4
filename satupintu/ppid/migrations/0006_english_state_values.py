"""PPID's stored states and timeline kinds in English, like every other app; the labels stay Indonesian.

The audit rows of requests and objections are converted too: the staff detail page reads their from/to states back
to show the state's label. Both directions: `migrate ppid 0005` restores the Indonesian values."""

from django.db import migrations, models

REQUEST_STATES = {"diterima": "received", "diteruskan": "forwarded", "diperpanjang": "extended", "dijawab": "answered"}
OBJECTION_STATES = {"diajukan": "submitted", "ditanggapi": "answered"}
EVENT_KINDS = {
    "diterima": "received",
    "diteruskan": "forwarded",
    "diperpanjang": "extended",
    "dijawab": "answered",
    "terlambat": "late",
    "identitas": "identity_completed",
    "riwayat_aduan": "from_complaint",
    "keberatan": "objection_filed",
    "keberatan_dijawab": "objection_answered",
    "sengketa": "dispute_recorded",
}


def _rename(queryset, field: str, mapping: dict[str, str]) -> None:
    for old, new in mapping.items():
        queryset.filter(**{field: old}).update(**{field: new})


def _convert(apps, *, reverse: bool) -> None:
    def m(mapping):
        return {v: k for k, v in mapping.items()} if reverse else mapping

    InfoRequest = apps.get_model("ppid", "InfoRequest")
    InfoRequestEvent = apps.get_model("ppid", "InfoRequestEvent")
    Objection = apps.get_model("ppid", "Objection")
    _rename(InfoRequest.objects.all(), "status", m(REQUEST_STATES))
    _rename(Objection.objects.all(), "status", m(OBJECTION_STATES))
    _rename(InfoRequestEvent.objects.all(), "kind", m(EVENT_KINDS))

    ContentType = apps.get_model("contenttypes", "ContentType")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for model, mapping in (("inforequest", REQUEST_STATES), ("objection", OBJECTION_STATES)):
        content_type = ContentType.objects.filter(app_label="ppid", model=model).first()
        if content_type is None:  # a fresh database: no rows yet
            continue
        rows = AuditEvent.objects.filter(content_type=content_type)
        _rename(rows, "from_state", m(mapping))
        _rename(rows, "to_state", m(mapping))


def forwards(apps, schema_editor):
    _convert(apps, reverse=False)


def backwards(apps, schema_editor):
    _convert(apps, reverse=True)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_initial"),
        ("ppid", "0005_tracking_code_unique"),
    ]

    operations = [
        migrations.AlterField(
            model_name="inforequest",
            name="status",
            field=models.CharField(
                choices=[("received", "Diterima PPID Utama"), ("forwarded", "Diteruskan ke PPID Pelaksana"),
                         ("extended", "Jangka waktu diperpanjang"), ("answered", "Dijawab")],
                db_index=True, default="received", max_length=20, verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="inforequestevent",
            name="kind",
            field=models.CharField(
                choices=[("received", "Permohonan diterima"), ("forwarded", "Diteruskan ke PPID Pelaksana"),
                         ("extended", "Jangka waktu diperpanjang"), ("answered", "Pemberitahuan tertulis diberikan"),
                         ("late", "Melewati batas waktu"), ("identity_completed", "Identitas pemohon dilengkapi"),
                         ("from_complaint", "Riwayat dari aduan"), ("objection_filed", "Keberatan diajukan"),
                         ("objection_answered", "Keberatan ditanggapi atasan PPID"),
                         ("dispute_recorded", "Sengketa ke Komisi Informasi dicatat")],
                max_length=20, verbose_name="jenis",
            ),
        ),
        migrations.AlterField(
            model_name="objection",
            name="status",
            field=models.CharField(
                choices=[("submitted", "Diajukan, menunggu tanggapan atasan PPID"), ("answered", "Ditanggapi atasan PPID")],
                default="submitted", max_length=12, verbose_name="status",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=False),
    ]
