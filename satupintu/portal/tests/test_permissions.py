"""Who edits which site: the agency editor only its own agency's, never another agency's or a village's."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from satupintu.desa import services
from satupintu.desa.models import Article
from satupintu.desa.sites import SiteOwner
from satupintu.portal import permissions

from .factories import SiteArticleFactory

pytestmark = pytest.mark.django_db


def test_site_rules(users, editors, agencies, village_a):
    regency, pupr, dinkes = SiteOwner.regency(), SiteOwner(agency=agencies["pupr"]), SiteOwner(agency=agencies["dinkes"])
    village = SiteOwner(village=village_a)
    assert permissions.can_edit_site(editors["pupr"], pupr)
    assert not permissions.can_edit_site(editors["pupr"], dinkes)
    assert not permissions.can_edit_site(editors["pupr"], village)
    assert not permissions.can_edit_site(editors["pupr"], regency)
    assert permissions.can_edit_site(editors["media"], regency)
    assert not permissions.can_edit_site(editors["media"], pupr)
    assert not permissions.can_edit_site(editors["media"], village)
    assert not permissions.can_edit_site(users["opd_admin"], pupr)  # the complaint role is not the site editor
    assert not permissions.can_edit_site(users["village_operator"], regency)
    assert permissions.can_edit_site(users["village_operator"], village)
    assert permissions.can_edit_site(users["regency_admin"], pupr)
    assert not permissions.can_edit_site(users["citizen"], regency)
    assert permissions.can_view_dashboard(users["regent"]) and permissions.can_view_dashboard(users["regency_admin"])
    assert not permissions.can_view_dashboard(users["opd_head"])
    assert not permissions.can_view_dashboard(editors["media"])


def test_agency_editor_cannot_write_another_agency_or_a_village(editors, agencies, village_a):
    with pytest.raises(PermissionDenied):
        SiteArticleFactory(owner=SiteOwner(agency=agencies["dinkes"]), by=editors["pupr"])
    with pytest.raises(PermissionDenied):
        SiteArticleFactory(owner=SiteOwner(village=village_a), by=editors["pupr"])
    with pytest.raises(PermissionDenied):
        services.content_save(village=village_a, by=editors["pupr"], model=Article,
                              data={"kind": "berita", "title": "x", "body": "y", "status": "draft"})
    own = SiteArticleFactory(owner=SiteOwner(agency=agencies["pupr"]), by=editors["pupr"])
    assert own.agency == agencies["pupr"] and own.village is None
    # Changing Dinkes's article through PUPR's owner, or deleting it, is refused too.
    theirs = SiteArticleFactory(owner=SiteOwner(agency=agencies["dinkes"]), by=editors["dinkes"])
    with pytest.raises(PermissionDenied):
        services.site_content_save(owner=SiteOwner(agency=agencies["pupr"]), by=editors["pupr"], instance=theirs,
                                   data={"title": "diubah"})
    with pytest.raises(PermissionDenied):
        services.content_delete(instance=theirs, by=editors["pupr"])
    theirs.refresh_from_db()
    assert theirs.title != "diubah"
    assert Article.objects.filter(village=village_a).count() == 0


def test_editor_pages(client, editors, agencies, village_a):
    client.force_login(editors["pupr"])
    assert client.get(reverse("portal:editor_site", args=["opd-dinas-pupr"])).status_code == 200
    assert client.get(reverse("portal:editor_site", args=["opd-dinkes"])).status_code == 403
    assert client.get(reverse("portal:editor_site", args=["kabupaten"])).status_code == 403
    assert client.get(reverse("desa:staff_village", args=[village_a.pk])).status_code == 403
    assert client.get(reverse("portal:editor_site", args=["opd-tidak-ada"])).status_code == 404
    theirs = SiteArticleFactory(owner=SiteOwner(agency=agencies["dinkes"]), by=editors["dinkes"])
    # Another agency's article is not found through one's own site.
    url = reverse("portal:editor_section_edit", args=["opd-dinas-pupr", "artikel", theirs.pk])
    assert client.get(url).status_code == 404
    response = client.post(reverse("portal:editor_section_delete", args=["opd-dinkes", "artikel", theirs.pk]))
    assert response.status_code == 403
    assert Article.objects.filter(pk=theirs.pk).exists()
    assert client.get(reverse("portal:editor")).url == reverse("portal:editor_site", args=["opd-dinas-pupr"])
