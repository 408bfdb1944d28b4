"""Migration 0006: PPID's stored states and timeline kinds move to English and back, audit rows included."""

from datetime import date

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("ppid", "0005_tracking_code_unique")]
AFTER = [("ppid", "0006_english_state_values")]


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


def test_state_values_move_to_english_and_back(transactional_db, regency, agencies):
    old_apps = _migrate(BEFORE)
    InfoRequest = old_apps.get_model("ppid", "InfoRequest")
    InfoRequestEvent = old_apps.get_model("ppid", "InfoRequestEvent")
    Objection = old_apps.get_model("ppid", "Objection")
    # The audit table is not ppid's: its current model is the one the migration sees.
    from django.contrib.contenttypes.models import ContentType

    from satupintu.core.models import AuditEvent

    agency = old_apps.get_model("organisasi", "Agency").objects.get(pk=agencies["diskominfo"].pk)
    common = dict(requester_name="Lama", information="Info", purpose="Tujuan", access_mode="melihat", agency=agency,
                  received_on=date(2026, 1, 5), due_date=date(2026, 1, 19))
    answered = InfoRequest.objects.create(number="PPID/2026/000001", status="dijawab", **common)
    forwarded = InfoRequest.objects.create(number="PPID/2026/000002", status="diteruskan", **common)
    for kind in ("diterima", "keberatan", "riwayat_aduan"):
        InfoRequestEvent.objects.create(request=answered, kind=kind)
    objection = Objection.objects.create(number="KEB/2026/000001", request=answered, case="Kasus", status="ditanggapi",
                                         decision="diterima", filed_on=date(2026, 2, 2), due_date=date(2026, 3, 16))
    request_type = ContentType.objects.get(app_label="ppid", model="inforequest")
    objection_type = ContentType.objects.get(app_label="ppid", model="objection")
    AuditEvent.objects.create(content_type=request_type, object_id=str(answered.pk), action="ppid.answered",
                              from_state="diteruskan", to_state="dijawab")
    AuditEvent.objects.create(content_type=objection_type, object_id=str(objection.pk),
                              action="ppid.objection_answered", from_state="diajukan", to_state="ditanggapi")

    new_apps = _migrate(AFTER)
    InfoRequest = new_apps.get_model("ppid", "InfoRequest")
    assert InfoRequest.objects.get(pk=answered.pk).status == "answered"
    assert InfoRequest.objects.get(pk=forwarded.pk).status == "forwarded"
    kinds = new_apps.get_model("ppid", "InfoRequestEvent").objects.filter(request_id=answered.pk)
    assert sorted(kinds.values_list("kind", flat=True)) == ["from_complaint", "objection_filed", "received"]
    new_objection = new_apps.get_model("ppid", "Objection").objects.get(pk=objection.pk)
    assert (new_objection.status, new_objection.decision) == ("answered", "diterima")  # a decision, not a state
    audit = AuditEvent.objects.order_by("pk")
    assert list(audit.values_list("from_state", "to_state")) == [("forwarded", "answered"), ("submitted", "answered")]

    old_apps = _migrate(BEFORE)
    assert old_apps.get_model("ppid", "InfoRequest").objects.get(pk=answered.pk).status == "dijawab"
    assert old_apps.get_model("ppid", "Objection").objects.get(pk=objection.pk).status == "ditanggapi"
    kinds = old_apps.get_model("ppid", "InfoRequestEvent").objects.filter(request_id=answered.pk)
    assert sorted(kinds.values_list("kind", flat=True)) == ["diterima", "keberatan", "riwayat_aduan"]
    audit = AuditEvent.objects.order_by("pk")
    assert list(audit.values_list("from_state", "to_state")) == [("diteruskan", "dijawab"), ("diajukan", "ditanggapi")]

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
