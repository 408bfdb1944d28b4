"""The busiest morning, in realistic proportions (issue 23): most visitors read (village pages, the public complaint
list, tracking a report, the school-admission ranking), some file complaints, a few staff work their queues.

    scripts/loadtest                 # runs this against 1, 2 and 4 app processes and prints the table
    .venv/bin/locust -f loadtest/locustfile.py --host http://127.0.0.1:8100 --headless -u 40 -r 40 -t 30s

Every successful complaint is written to LOADTEST_FILED (one tracking code a line) so that the run can check that
nothing was lost or doubled when a process was killed during it.

The users are FastHttpUser (geventhttpclient): about half of python-requests' CPU per request here, which matters when
the load generator shares the machine's cores with the app and PostgreSQL. Each keeps its cookies (session, CSRF)
like a browser and follows redirects except where told not to."""

from __future__ import annotations

import os
import random
import re

from locust import FastHttpUser, between, task

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
VILLAGES = [v for v in os.environ.get("LOADTEST_VILLAGES", "").split(",") if v]
CODES = [c for c in os.environ.get("LOADTEST_CODES", "").split(",") if c]
RANKINGS = [r for r in os.environ.get("LOADTEST_RANKINGS", "").split(",") if r]
FILED = os.environ.get("LOADTEST_FILED", "")


class Citizen(FastHttpUser):
    """Reads and reports; no think time beyond a short pause (a morning rush, not an average day)."""

    weight = 20
    wait_time = between(0.05, 0.2)

    @task(6)
    def village_page(self):
        slug = random.choice(VILLAGES) if VILLAGES else ""
        self.client.get(f"/desa/{slug}/" if slug else "/desa/", name="/desa/[village]/")

    @task(3)
    def village_statistics(self):
        if VILLAGES:
            self.client.get(f"/desa/{random.choice(VILLAGES)}/statistik/", name="/desa/[village]/statistik/")

    @task(4)
    def complaint_list(self):
        self.client.get("/aduan/", name="/aduan/")

    @task(3)
    def track(self):
        if CODES:
            self.client.get(f"/aduan/lacak/{random.choice(CODES)}/", name="/aduan/lacak/[code]/")

    @task(2)
    def portal_home(self):
        self.client.get("/", name="/")

    @task(1)
    def file_complaint(self):
        form = self.client.get("/aduan/lapor/", name="/aduan/lapor/ (form)")
        match = CSRF.search(form.text or "")
        if not match:
            return
        n = random.randrange(10**9)
        with self.client.post("/aduan/lapor/", name="/aduan/lapor/ (kirim)", allow_redirects=False, catch_response=True,
                              headers={"Referer": self.host + "/aduan/lapor/"}, data={
                                  "csrfmiddlewaretoken": match.group(1), "kind": "pengaduan",
                                  "title": f"Jalan rusak nomor {n}",
                                  "description": "Jalan berlubang besar di depan sekolah, berbahaya untuk anak-anak.",
                                  "reporter_name": "Warga Uji", "reporter_email": f"warga{n}@example.org"}) as answer:
            if answer.status_code != 302:
                answer.failure(f"status {answer.status_code}")
                return
            if FILED:
                with open(FILED, "a") as fh:
                    fh.write(answer.headers.get("Location", "") + "\n")


class Parent(FastHttpUser):
    """School admission day: watch the live ranking of the chosen schools, again and again."""

    weight = 6
    wait_time = between(0.2, 0.5)

    @task(5)
    def ranking(self):
        if RANKINGS:
            self.client.get(f"/spmb/peringkat/{random.choice(RANKINGS)}/", name="/spmb/peringkat/[school]/[track]/")
        else:
            self.client.get("/spmb/peringkat/", name="/spmb/peringkat/")

    @task(1)
    def admission_home(self):
        self.client.get("/spmb/", name="/spmb/")


class Staff(FastHttpUser):
    """OPD and village staff working their queues (signed in once per simulated user)."""

    weight = 1
    wait_time = between(0.5, 1.5)

    def on_start(self):
        page = self.client.get("/akun/masuk/", name="/akun/masuk/")
        match = CSRF.search(page.text or "")
        if match:
            with self.client.post("/akun/masuk/", name="/akun/masuk/ (kirim)", catch_response=True,
                                  headers={"Referer": self.host + "/akun/masuk/"},
                                  data={"csrfmiddlewaretoken": match.group(1), "username": random.choice(
                                      ["admin_opd", "operator_desa", "admin"]), "password": "satupintu-demo"}) as answer:
                if 'name="password"' in (answer.text or ""):  # the sign-in form again: not signed in
                    answer.failure("not signed in")

    @task(3)
    def queue(self):
        self.client.get("/aduan/staf/", name="/aduan/staf/")

    @task(1)
    def desk(self):
        self.client.get("/staf/", name="/staf/")
