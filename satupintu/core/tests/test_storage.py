from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile

from satupintu.core.storage import PrivateFileStorage, private_storage

# Files that concern one person or one case: never under MEDIA_ROOT (which a web server serves), no public URL.
PRIVATE_FIELDS = {
    ("aduan", "attachment", "file"),
    ("ppid", "answerattachment", "file"),
    ("ppid", "publicinfoitem", "document"),  # exempt documents must not leak; public ones go through a view too
    ("surat", "letterrequest", "pdf"),
    ("surat", "letterattachment", "file"),
}


def test_private_fields_use_private_storage():
    for app_label, model_name, field_name in PRIVATE_FIELDS:
        field = apps.get_model(app_label, model_name)._meta.get_field(field_name)
        assert isinstance(field.storage, PrivateFileStorage), f"{app_label}.{model_name}.{field_name}"


def test_private_storage_is_outside_media_root_and_has_no_url(settings):
    storage = private_storage()
    name = storage.save("uji/berkas.txt", ContentFile(b"rahasia"))
    path = Path(storage.path(name))
    assert path.is_file()
    assert Path(settings.MEDIA_ROOT) not in path.parents
    with pytest.raises(ValueError):
        storage.url(name)
