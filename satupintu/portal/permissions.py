"""Who may do what on the portal, over akun's roles. The site rules themselves (who edits the regency's, an
agency's or a village's site) belong to the one site engine: desa.permissions.can_edit_site, re-exported here.

- Media Center (regency site): MEDIA_EDITOR (Diskominfo) and REGENCY_ADMIN.
- An agency's site and its service standards: AGENCY_EDITOR of that agency only, and REGENCY_ADMIN.
- E-mall businesses: UMKM_OFFICER (cooperatives office) and REGENCY_ADMIN; a seller changes stock and price of its
  own products through its secret link.
- The regent's dashboard: REGENT and REGENCY_ADMIN only.
"""

from __future__ import annotations

from satupintu.akun.permissions import has_role
from satupintu.akun.roles import Role
from satupintu.desa.permissions import can_edit_site, can_edit_site_content, can_manage_businesses
from satupintu.desa.sites import SiteOwner

__all__ = ["can_edit_site", "can_edit_site_content", "can_manage_businesses", "can_edit_agency_site",
           "can_edit_media_center", "can_view_dashboard", "can_edit_service"]


def can_edit_media_center(user) -> bool:
    return can_edit_site(user, SiteOwner.regency())


def can_edit_agency_site(user, agency) -> bool:
    return can_edit_site(user, SiteOwner(agency=agency))


def can_edit_service(user, agency, service) -> bool:
    return service.agency_id == agency.pk and can_edit_agency_site(user, agency)


def can_view_dashboard(user) -> bool:
    return has_role(user, Role.REGENT, Role.REGENCY_ADMIN)


def can_use_site_editor(user) -> bool:
    """Who sees "Kelola situs" on the desk: the media editor, agency editors with an agency, the regency admin."""
    if has_role(user, Role.MEDIA_EDITOR, Role.REGENCY_ADMIN):
        return True
    return has_role(user, Role.AGENCY_EDITOR) and user.agency_id is not None
