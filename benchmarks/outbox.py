"""Benchmark: notifications through the outbox to a local fake WhatsApp Cloud API.

    .venv/bin/python benchmarks/outbox.py            # 2,000 messages, 200 latency samples
    .venv/bin/python benchmarks/outbox.py --quick    # 200 messages, 40 latency samples (smoke run)
    .venv/bin/python benchmarks/outbox.py --senders-only   # mass notices: 1 and 4 sender processes vs bare HTTP

Builds its own database (SQLite file var/bench/outbox.sqlite3, recreated each run, or PostgreSQL when DATABASE_URL is
set — give it a database name of its own) and starts the fake Cloud API (satupintu/notifikasi/tests/fake_whatsapp.py,
a threaded http.server on 127.0.0.1, answering like the real API) in this process. Every message is a real WhatsApp
send: rendered from its template, POSTed over HTTP, the answer parsed, the result recorded with the lease check.

Measured:
1. notify(): rows written per second (one transaction, like a change that notifies many people).
2. Throughput, in-process worker loops (threads in this process, each with its own DB connection) that claim
   batches (`outbox_claim_batch`) and send them (`outbox_send_claimed`) — the loop a dedicated sender would run.
3. Throughput, the production path: one real `manage.py db_worker` subprocess running the `send_outbox_message`
   tasks that notify() enqueued on commit (django-tasks database backend).
4. Delay from a state change (notify + commit) to the message arriving at the fake API, p50/p95, with
   (a) an in-process polling loop (10 ms poll), and (b) the real `db_worker` subprocess (--interval 0.1).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import percentile  # benchmarks/common.py (the script's folder is on sys.path)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BENCH_DIR = ROOT / "var" / "bench"
BENCH_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_PATH = BENCH_DIR / "outbox.sqlite3"
os.environ["DJANGO_SETTINGS_MODULE"] = "satupintu.config.settings.dev"
os.environ.setdefault("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
os.environ.setdefault("LOG_LEVEL", "WARNING")
os.environ["DEBUG"] = "0"  # DEBUG keeps every query in memory
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"

from satupintu.notifikasi.tests.fake_whatsapp import FakeWhatsApp  # noqa: E402 - needs no Django

FAKE = FakeWhatsApp().start()
os.environ.update({
    "WHATSAPP_API_BASE": FAKE.base_url,
    "WHATSAPP_TOKEN": FAKE.state.token,
    "WHATSAPP_PHONE_NUMBER_ID": FAKE.state.phone_number_id,
    "WHATSAPP_APP_SECRET": "bench-secret",
})


def setup_database() -> None:
    if os.environ["DATABASE_URL"].startswith("sqlite") and SQLITE_PATH.exists():
        for suffix in ("", "-wal", "-shm"):
            Path(f"{SQLITE_PATH}{suffix}").unlink(missing_ok=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    from django_tasks_db.models import DBTaskResult

    from satupintu.notifikasi.models import OutboxMessage, WhatsAppContact

    OutboxMessage.objects.all().delete()
    WhatsAppContact.objects.all().delete()
    DBTaskResult.objects.all().delete()


def queue(n: int, prefix: str, *, one_transaction: bool = True) -> dict[str, float]:
    """notify() n citizens; returns idempotency key -> commit time (time.time())."""
    from django.db import transaction
    from django.utils import timezone

    from satupintu.notifikasi.models import WhatsAppContact
    from satupintu.notifikasi.services import Recipient, notify

    phones = [f"628{prefix}{i:06d}" for i in range(n)]
    WhatsAppContact.objects.bulk_create([WhatsAppContact(phone=p, last_inbound_at=timezone.now()) for p in phones],
                                        ignore_conflicts=True, batch_size=500)
    committed: dict[str, float] = {}
    with transaction.atomic():
        for i, phone in enumerate(phones):
            rows = notify(event="notifikasi.test", recipients=[Recipient(name=f"Warga {i}", phone=phone)],
                          context={"site": "Satu Pintu", "name": f"Warga {i}"}, key=f"bench:{prefix}:{i}")
            committed[rows[0].idempotency_key] = 0.0
    now = time.time()
    return dict.fromkeys(committed, now)


def worker_loop(stop: threading.Event, *, batch: int = 50, poll: float = 0.01) -> None:
    from django.db import connection

    from satupintu.notifikasi.services import outbox_claim_batch, outbox_send_claimed

    try:
        while not stop.is_set():
            claimed = outbox_claim_batch(limit=batch)
            if not claimed:
                time.sleep(poll)
                continue
            for message_id, token in claimed:
                outbox_send_claimed(message_id=message_id, token=token)
    finally:
        connection.close()


def remaining() -> int:
    from satupintu.notifikasi.models import OutboxMessage, OutboxStatus

    return OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count()


def throughput_in_process(n: int, workers: int, prefix: str) -> tuple[float, float]:
    t0 = time.perf_counter()
    queue(n, prefix)
    notify_rate = n / (time.perf_counter() - t0)
    received_before = len(FAKE.received)
    stop = threading.Event()
    threads = [threading.Thread(target=worker_loop, args=(stop,)) for _ in range(workers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    while len(FAKE.received) - received_before < n:
        time.sleep(0.005)
    elapsed = time.perf_counter() - start
    stop.set()
    for t in threads:
        t.join()
    assert remaining() == 0, "not everything was sent"
    return notify_rate, n / elapsed


def start_db_worker() -> subprocess.Popen:
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # tasks of the in-process phases (already sent) would only add noise
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.1", "--no-reload"],
        cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def throughput_db_worker(n: int, prefix: str) -> float:
    worker = start_db_worker()
    try:
        time.sleep(6)  # let it start (Django start-up is not part of the figure)
        received_before = len(FAKE.received)
        start = time.perf_counter()
        queue(n, prefix)  # tasks enqueued on commit
        while len(FAKE.received) - received_before < n:
            if worker.poll() is not None:
                raise RuntimeError("db_worker exited")
            time.sleep(0.005)
        return n / (time.perf_counter() - start)
    finally:
        worker.kill()
        worker.wait()


def latency(samples: int, prefix: str, *, mode: str) -> list[float]:
    """One state change at a time (every 50 ms), each notifying one citizen; delay = arrival - commit."""
    stop = threading.Event()
    worker = None
    thread = None
    if mode == "loop":
        thread = threading.Thread(target=worker_loop, args=(stop,))
        thread.start()
    else:
        worker = start_db_worker()
        time.sleep(6)
    committed: dict[str, float] = {}
    try:
        for i in range(samples):
            committed.update(queue(1, f"{prefix}{i:03d}"))
            time.sleep(0.05)
        deadline = time.monotonic() + 60
        arrived = {}
        while time.monotonic() < deadline:
            arrived = {r.callback_data: r.received_at for r in FAKE.received if r.callback_data in committed}
            if len(arrived) == len(committed):
                break
            time.sleep(0.01)
    finally:
        stop.set()
        if thread:
            thread.join()
        if worker:
            worker.kill()
            worker.wait()
    return [(arrived[k] - committed[k]) * 1000 for k in committed if k in arrived]




def bare_child(base_url: str, token: str, phone_number_id: str, n: int, concurrency: int) -> None:
    """--bare-child: the yardstick. POST `n` ready-made WhatsApp messages to the fake API over one keep-alive httpx
    client from `concurrency` threads: no database, no template, nothing recorded."""
    from concurrent.futures import ThreadPoolExecutor

    import httpx

    client = httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {token}"},
                          limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency))

    def post(i: int) -> None:
        for attempt in range(3):  # a keep-alive connection the busy fake server dropped: post again
            try:
                client.post(f"/v21.0/{phone_number_id}/messages", json={
                    "messaging_product": "whatsapp", "to": f"62813{i:08d}", "type": "text",
                    "text": {"body": f"Pesan uji {i}"}, "biz_opaque_callback_data": f"bare:{os.getpid()}:{i}",
                }).raise_for_status()
                return
            except httpx.TransportError:
                if attempt == 2:
                    raise

    started = time.time()  # after the imports and the client: a sender's start-up is not timed either
    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(post, range(n)))
    print(f"{started} {time.time()}", flush=True)


def throughput_bare(n: int, processes: int, concurrency: int) -> float:
    """Messages per second from the first child's first POST to the last child's last answer."""
    before = _arrived()
    children = [subprocess.Popen([sys.executable, __file__, "--bare-child", FAKE.base_url, FAKE.state.token,
                                  FAKE.state.phone_number_id, str(n // processes), str(concurrency)], cwd=ROOT,
                                 stdout=subprocess.PIPE, text=True)
                for _ in range(processes)]
    spans = []
    for child in children:
        out, _ = child.communicate()
        if child.returncode != 0:
            raise RuntimeError("bare HTTP loop failed")
        spans.append([float(x) for x in out.split()])
    return (_arrived() - before) / (max(end for _, end in spans) - min(start for start, _ in spans))


def _arrived() -> int:
    """Messages the fake API has taken so far, without copying its list (FAKE.received copies it under the server's
    lock: polled every few milliseconds over tens of thousands of messages, that copying slowed the server itself)."""
    return len(FAKE.state.received)


def throughput_senders(n: int, processes: int, prefix: str, *, batch: int = 200,
                       concurrency: int = 16) -> tuple[float, float, float]:
    """`processes` real `manage.py outbox_worker` sender processes (started and idle first: Django's start-up is not
    part of the figure), then `n` messages queued by notify() in one transaction (like a mass notice; OUTBOX_DELIVERY
    "senders", as deployed with these processes: no task row per message). Returns the
    sending rate (messages per second from the commit, when the senders can first see them, until all reached the
    API), the rate including the queueing, and the queueing's seconds."""
    from django.conf import settings

    senders = [subprocess.Popen([sys.executable, "manage.py", "outbox_worker", "--batch", str(batch),
                                 "--concurrency", str(concurrency), "--interval", "0.02"],
                                cwd=ROOT, env={**os.environ, "OUTBOX_DELIVERY": "senders"},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(processes)]
    try:
        time.sleep(8)
        before = _arrived()
        start = time.perf_counter()
        settings.OUTBOX_DELIVERY = "senders"  # as deployed with outbox_worker processes: no task per message
        try:
            queue(n, prefix)
        finally:
            del settings.OUTBOX_DELIVERY
        committed = time.perf_counter()
        while _arrived() - before < n:
            if any(s.poll() is not None for s in senders):
                raise RuntimeError("a sender exited")
            time.sleep(0.005)
        end = time.perf_counter()
        return n / (end - committed), n / (end - start), committed - start
    finally:
        for sender in senders:
            sender.kill()
            sender.wait()


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--bare-child":
        base_url, token, phone_number_id, n, concurrency = sys.argv[2:7]
        bare_child(base_url, token, phone_number_id, int(n), int(concurrency))
        return
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="small smoke run")
    parser.add_argument("--senders-only", action="store_true",
                        help="only the mass-notice comparison: 1 and 4 sender processes vs the bare HTTP loop")
    parser.add_argument("--mass", type=int, default=None, help="messages of the mass-notice comparison")
    args = parser.parse_args()
    n = 200 if args.quick else 2000
    samples = 40 if args.quick else 200
    mass = args.mass or (2000 if args.quick else 20000)

    setup_database()
    from django.db import connection

    print(f"database: {connection.vendor} ({connection.settings_dict['NAME']}); fake API at {FAKE.base_url}")
    rows = []
    # Mass notices (issue 23): batched senders in separate processes against the bare HTTP loop, same fake API.
    bare = throughput_bare(mass, 4, 16)
    rows.append(("bare HTTP POST loop, 4 processes x 16 threads", f"{bare:,.0f} msg/s", f"n={mass}"))
    for processes in (1, 4):
        rate, overall, queueing = throughput_senders(mass, processes, f"m{processes}")
        rows.append((f"send, {processes} outbox_worker process(es), batch 200 x 16", f"{rate:,.0f} msg/s",
                     f"n={mass}, {rate / bare:.0%} of bare"))
        rows.append((f"  queued by notify() ({processes}), then sent", f"{overall:,.0f} msg/s",
                     f"queueing {queueing:.1f} s of it"))
    if args.senders_only:
        _print(rows)
        return
    notify_rate, loop1 = throughput_in_process(n, 1, "01")
    rows.append(("notify() rows written (1 transaction)", f"{notify_rate:,.0f} msg/s", f"n={n}"))
    rows.append(("send, in-process loop x1", f"{loop1:,.0f} msg/s", f"n={n}"))
    _, loop4 = throughput_in_process(n, 4, "02")
    rows.append(("send, in-process loops x4 (threads)", f"{loop4:,.0f} msg/s", f"n={n}"))
    dbw = throughput_db_worker(n, "03")
    rows.append(("send, 1 db_worker subprocess (tasks)", f"{dbw:,.0f} msg/s", f"n={n}"))
    for mode, label in (("loop", "in-process loop, 10 ms poll"), ("db_worker", "db_worker subprocess, 0.1 s poll")):
        delays = latency(samples, "04" if mode == "loop" else "05", mode=mode)
        rows.append((f"commit -> at API, {label}", f"p50 {percentile(delays, 50):.1f} ms / p95 {percentile(delays, 95):.1f} ms",
                     f"n={len(delays)}/{samples}"))
    _print(rows)


def _print(rows) -> None:
    received = [r for r in FAKE.received if not r.callback_data.startswith("bare:")]
    total = len(received)
    keys = [r.callback_data for r in received]
    FAKE.stop()
    width = max(len(r[0]) for r in rows)
    print()
    print(f"{'measure':<{width}}  {'result':<28}  sample")
    print("-" * (width + 40))
    for name, result, sample in rows:
        print(f"{name:<{width}}  {result:<28}  {sample}")
    print(f"\nmessages at the fake API: {total}, duplicates: {len(keys) - len(set(keys))}")


if __name__ == "__main__":
    main()
