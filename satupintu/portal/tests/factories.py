"""Site content of the Media Center and agency sites, written through the one site engine's service.

    SiteArticleFactory(by=media_editor, kind="siaran-pers")            # the regency's press release
    SiteArticleFactory(owner=SiteOwner(agency=pupr), by=pupr_editor)   # an agency's news
"""

from __future__ import annotations

import factory

from satupintu.desa import services
from satupintu.desa.models import Article, PublishState
from satupintu.desa.sites import SiteOwner


class SiteArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    owner = SiteOwner.regency()
    by = None
    upload = None
    kind = Article.Kind.NEWS
    title = factory.Sequence(lambda n: f"Bupati meresmikan jembatan ke-{n}")
    summary = ""
    body = "<p>Isi berita.</p>"
    status = PublishState.PUBLISHED
    published_at = None
    event_start = None
    location = ""
    expires_at = None

    @classmethod
    def _create(cls, model_class, *args, owner, by, upload=None, **data):
        return services.site_content_save(owner=owner, by=by, model=model_class, data=data, upload=upload)
