"""Who may edit a village's website, over `akun`'s roles and scopes.

- The village operator and the village head edit their own village's site: profile, news, products, downloads,
  budget (APBDes).
- The regency administrator and the regent may edit every village's (the regency helps villages that have no
  operator yet).
- Only a regency-wide role sets a site's host name: it is infrastructure, not content.

Villages are public (every one has its site), so another village's editor pages are forbidden (403); a piece of
content that is not the village's is not found there (404): drafts are not public.
"""

from __future__ import annotations

from satupintu.akun.permissions import can_access_village, is_regency_wide


def can_edit_village(user, village) -> bool:
    """`village` is a Village or its code."""
    return can_access_village(user, village)


def can_edit_content(user, village, obj) -> bool:
    """An article, product, download, budget... of `village`, edited through `village`'s pages."""
    return obj.village_id == getattr(village, "pk", village) and can_edit_village(user, village)


def can_set_hostname(user) -> bool:
    return is_regency_wide(user)


# --- The one site engine: the regency's Media Center, agency (OPD) sites and village sites ---------------------
# - The Media Center (the regency's own site): Diskominfo's media editors and the regency administrator.
# - An agency's site: the agency editor of that agency only (user.agency), and the regency administrator.
# - A village's site: as above (can_edit_village). A media or agency editor never edits a village's site.

def can_edit_site(user, owner) -> bool:
    """`owner` is a sites.SiteOwner."""
    from satupintu.akun.permissions import has_role
    from satupintu.akun.roles import Role

    if owner.village is not None:
        return can_edit_village(user, owner.village)
    if owner.agency is not None:
        if has_role(user, Role.REGENCY_ADMIN):
            return True
        return has_role(user, Role.AGENCY_EDITOR) and user.agency_id is not None and user.agency_id == owner.agency.pk
    return has_role(user, Role.MEDIA_EDITOR, Role.REGENCY_ADMIN)


def can_edit_site_content(user, owner, obj) -> bool:
    """A piece of content edited through `owner`'s pages: it must be that owner's and the user its editor."""
    return (obj.village_id == getattr(owner.village, "pk", None) and obj.agency_id == getattr(owner.agency, "pk", None)
            and can_edit_site(user, owner))


def can_manage_businesses(user) -> bool:
    """The cooperatives office registers businesses (sellers) of any village in the e-mall."""
    from satupintu.akun.permissions import has_role
    from satupintu.akun.roles import Role

    return has_role(user, Role.UMKM_OFFICER, Role.REGENCY_ADMIN)


def can_edit_seller(user, seller) -> bool:
    """A village's own sellers are its operators'; the ones the cooperatives office registered are the office's."""
    if seller.origin == "dinas":
        return can_manage_businesses(user)
    return can_edit_village(user, seller.village_id)
