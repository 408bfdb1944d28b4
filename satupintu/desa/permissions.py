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
