"""One site engine for the regency's Media Center, every agency (OPD) and every village.

A piece of site content (article, gallery photo, video) belongs to a `SiteOwner`: a village, an agency, or the
regency itself (neither set). The owner decides the lookup, the cache scope, the editors (permissions.can_edit_site)
and where its public pages live."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

REGENCY_KEY = "kabupaten"


@dataclass(frozen=True)
class SiteOwner:
    village: Any = None
    agency: Any = None

    def __post_init__(self):
        if self.village is not None and self.agency is not None:
            raise ValueError("A site has one owner: a village or an agency, not both.")

    @classmethod
    def regency(cls) -> SiteOwner:
        return cls()

    @classmethod
    def of(cls, obj) -> SiteOwner:
        """The owner of a piece of content."""
        return cls(village=obj.village if obj.village_id else None, agency=obj.agency if obj.agency_id else None)

    @property
    def kind(self) -> str:
        return "village" if self.village is not None else "agency" if self.agency is not None else "regency"

    @property
    def is_regency(self) -> bool:
        return self.village is None and self.agency is None

    def lookup(self) -> dict:
        """Keyword arguments selecting this owner's content."""
        if self.village is not None:
            return {"village": self.village}
        if self.agency is not None:
            return {"agency": self.agency}
        return {"village__isnull": True, "agency__isnull": True}

    def assign(self, obj) -> None:
        obj.village = self.village
        obj.agency = self.agency

    @property
    def cache_scope(self) -> str:
        from .cache import REGENCY

        if self.village is not None:
            return self.village.pk
        if self.agency is not None:
            return f"opd-{self.agency.pk}"
        return REGENCY

    @property
    def key(self) -> str:
        """The owner in editor URLs: "kabupaten", "opd-<slug>" or "desa-<code>"."""
        if self.village is not None:
            return f"desa-{self.village.pk}"
        if self.agency is not None:
            return f"opd-{self.agency.slug}"
        return REGENCY_KEY

    @property
    def name(self) -> str:
        if self.village is not None:
            return str(self.village)
        if self.agency is not None:
            return self.agency.name
        return _("Media Center kabupaten")

    def home_url(self) -> str:
        if self.village is not None:
            return reverse("desa:home", kwargs={"slug": self.village.slug})
        if self.agency is not None:
            return reverse("portal:agency_home", kwargs={"slug": self.agency.slug})
        return reverse("core:home")
