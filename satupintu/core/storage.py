"""Where private files live: attachments of complaints, information requests and letters, and signed letters.

They are kept outside MEDIA_ROOT, so the web server that serves /media/ can never hand one out, and have no public
URL: only views that check permission stream them (FileResponse over `field.open()`)."""

from __future__ import annotations

import os
import secrets

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


class PrivateFileStorage(FileSystemStorage):
    # Read the setting at call time (not cached at start-up) so tests and deployments can point it elsewhere.
    @property
    def base_location(self) -> str:  # type: ignore[override]
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:  # type: ignore[override]
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Berkas privat tidak punya URL publik; sajikan lewat view yang memeriksa izin.")


_private = PrivateFileStorage()


def private_storage() -> PrivateFileStorage:
    """The storage for FileFields of private files (a callable, so migrations refer to it by name)."""
    return _private


@deconstructible
class UnguessablePath:
    """`upload_to` for public files whose URL must not be guessable before they are published (a draft article's
    image, a download not yet released): `<folder>/<16 random hex>/<the uploaded name>`, so a visitor still downloads
    "perdes-apbdes-2026.pdf" but cannot reach a file without being given its link."""

    def __init__(self, folder: str):
        self.folder = folder.strip("/")

    def __call__(self, instance, filename: str) -> str:
        return f"{self.folder}/{secrets.token_hex(8)}/{os.path.basename(filename)}"

    def __eq__(self, other) -> bool:
        return isinstance(other, UnguessablePath) and other.folder == self.folder
