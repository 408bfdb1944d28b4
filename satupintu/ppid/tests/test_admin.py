from datetime import date

import pytest
from django.urls import reverse

from satupintu.ppid.models import InfoCategory, PublicInfoItem

pytestmark = pytest.mark.django_db


def test_admin_pages_render(admin_client, clock, make_request, agencies):
    clock.set(date(2026, 6, 19))
    r = make_request()
    item = PublicInfoItem.objects.create(agency=agencies["pupr"], title="Renja", category=InfoCategory.PERIODIC)
    for url in (
        reverse("admin:ppid_inforequest_changelist"),
        reverse("admin:ppid_inforequest_change", args=[r.pk]),
        reverse("admin:ppid_objection_changelist"),
        reverse("admin:ppid_publicinfoitem_change", args=[item.pk]),
    ):
        assert admin_client.get(url).status_code == 200, url
    # Requests change only through the services: no add, no delete in the admin.
    assert admin_client.get(reverse("admin:ppid_inforequest_add")).status_code == 403
