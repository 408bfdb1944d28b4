"""The Daftar Informasi Publik of each agency."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from satupintu.akun.permissions import require
from satupintu.core.audit import audit_record

from .. import permissions, selectors
from ..files import check_upload
from ..models import (
    PublicInfoItem,
)


@transaction.atomic
def public_info_item_save(*, item: PublicInfoItem, by) -> PublicInfoItem:
    """Create or update one DIP row. Exempt rows must name their legal ground and carry no document."""
    require(permissions.can_manage_dip(by))
    require(selectors.dip_agencies_for_user(by).filter(pk=item.agency_id).exists())
    if item.is_exempt and not item.legal_ground.strip():
        raise ValidationError({"legal_ground": _("Informasi dikecualikan wajib mencantumkan dasar hukumnya.")})
    if item.is_exempt and (item.document or item.link):
        raise ValidationError({"category": _("Informasi dikecualikan tidak boleh disertai dokumen atau tautan.")})
    if item.document and hasattr(item.document, "file") and not item.document._committed:
        try:
            check_upload(item.document.file)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages})
    created = item.pk is None
    item.save()
    audit_record(obj=item, action="ppid.dip_created" if created else "ppid.dip_updated", actor=by,
                 data={"agency": item.agency_id, "category": item.category})
    return item


@transaction.atomic
def public_info_item_delete(*, item: PublicInfoItem, by) -> None:
    require(selectors.dip_items_for_user(by).filter(pk=item.pk).exists())
    audit_record(obj=item, action="ppid.dip_deleted", actor=by, data={"title": item.title, "agency": item.agency_id})
    item.delete()
