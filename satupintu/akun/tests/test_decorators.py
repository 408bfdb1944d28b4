"""akun.decorators: the object reaches the view only when the loader found it for this user and a rule said yes."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from satupintu.akun.decorators import object_view, rule_required

OBJECTS = {1: "mine", 2: "visible"}


def _load(user, pk):
    if pk not in OBJECTS:
        raise Http404  # outside the user's scope, or no such object: the same answer
    return OBJECTS[pk]


def _may_edit(user, obj):
    return obj == "mine"


@object_view(_load, _may_edit)
def _view(request, obj, extra=""):
    return HttpResponse(f"{obj}{extra}")


def _get(user):
    request = RequestFactory().get("/x/")
    request.user = user
    return request


@pytest.mark.parametrize(("pk", "outcome"), [(1, 200), (2, PermissionDenied), (3, Http404)])
def test_object_view(users, pk, outcome):
    request = _get(users["village_operator"])
    if outcome == 200:
        response = _view(request, pk=pk, extra="!")
        assert response.status_code == 200 and response.content == b"mine!"
    else:
        with pytest.raises(outcome):
            _view(request, pk=pk)


def test_object_view_passes_if_any_check_holds(users):
    view = object_view(_load, _may_edit, lambda user, obj: obj == "visible")(lambda request, obj: HttpResponse(obj))
    assert view(_get(users["village_operator"]), pk=2).content == b"visible"


def test_anonymous_visitors_are_sent_to_sign_in_before_any_lookup(db):
    def load(user, pk):
        raise AssertionError("nothing is looked up for an anonymous visitor")

    response = object_view(load)(lambda request, obj: HttpResponse())(_get(AnonymousUser()), pk=1)
    assert response.status_code == 302 and "next=/x/" in response["Location"]


def test_rule_required(users):
    view = rule_required(lambda user: user.role == "regent")(lambda request: HttpResponse("ok"))
    assert view(_get(users["regent"])).status_code == 200
    with pytest.raises(PermissionDenied):
        view(_get(users["citizen"]))
    assert view(_get(AnonymousUser())).status_code == 302
