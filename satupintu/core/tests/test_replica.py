"""Read-replica routing without a real standby: which requests may read from the replica, which models go there,
and the read-your-writes cookie (a real standby: test_replica_streaming.py)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from satupintu.aduan.models import Complaint
from satupintu.core import replica
from satupintu.core.replica import WRITE_COOKIE, ReplicaReadMiddleware, ReplicaRouter, reading_from_replica


@pytest.fixture
def configured(monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def _request(path, method="get", user=None, cookies=None):
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    request.COOKIES.update(cookies or {})
    request.resolver_match = resolve(path)
    return request


def test_public_models_read_from_the_replica_only_under_the_flag(configured):
    router = ReplicaRouter()
    assert router.db_for_read(Complaint) == "default"
    with replica.replica_reads():
        assert router.db_for_read(Complaint) == "replica"
        assert router.db_for_read(Session) == "default"  # sessions, users, counters: always the primary
        assert router.db_for_write(Complaint) == "default"
    assert router.db_for_read(Complaint) == "default"
    assert router.allow_migrate("replica", "aduan") is False and router.allow_migrate("default", "aduan") is True


def test_without_a_replica_nothing_is_routed():
    with replica.replica_reads():
        assert ReplicaRouter().db_for_read(Complaint) == "default"


def test_which_requests_may_read_from_the_replica(configured, django_user_model, db):
    staff = django_user_model.objects.create_user(username="x", password="x")  # noqa: S106
    assert replica.request_may_read_replica(_request("/aduan/"))
    assert replica.request_may_read_replica(_request("/aduan/statistik/"))
    assert not replica.request_may_read_replica(_request("/aduan/", cookies={WRITE_COOKIE: "1"}))  # just wrote
    assert not replica.request_may_read_replica(_request("/aduan/", user=staff))  # signed in
    assert not replica.request_may_read_replica(_request("/aduan/lapor/", method="post"))
    assert not replica.request_may_read_replica(_request("/aduan/lapor/"))  # not a listed view
    assert not replica.request_may_read_replica(_request("/aduan/staf/"))


def test_the_middleware_flags_only_the_view_and_marks_a_writing_browser(configured):
    seen = {}

    def view(request):
        seen["flag"] = reading_from_replica()
        return HttpResponse("ok")

    def handler(request):  # what Django's handler does inside the middleware: process_view, then the view
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = ReplicaReadMiddleware(handler)
    assert WRITE_COOKIE not in middleware(_request("/aduan/")).cookies
    assert seen["flag"] is True and reading_from_replica() is False  # set for the view, reset after it
    answer = middleware(_request("/aduan/lapor/", method="post"))
    assert seen["flag"] is False
    assert answer.cookies[WRITE_COOKIE].value == "1" and answer.cookies[WRITE_COOKIE]["max-age"] > 0


def test_a_full_request_reads_public_pages_under_the_flag(configured, client, db, monkeypatch):
    """Through the real middleware stack: the public list's queries run with the flag set, the sign-in page's not."""
    seen = []

    def spy(self, model, **hints):
        seen.append((model._meta.app_label, reading_from_replica()))
        return "default"  # no replica alias exists in this test run

    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    from django.db import router

    monkeypatch.setattr(router, "routers", [ReplicaRouter()])
    assert client.get("/aduan/").status_code == 200
    assert ("aduan", True) in seen
    seen.clear()
    client.cookies[WRITE_COOKIE] = "1"
    assert client.get("/aduan/").status_code == 200
    assert seen and all(flag is False for _app, flag in seen)
