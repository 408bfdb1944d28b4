from satupintu.core.memo import Memo, clear_all


def test_memo_keeps_a_value_for_its_seconds_and_never_keeps_none(monkeypatch):
    memo = Memo("test-keeps", seconds=60)
    reads = []

    def load():
        reads.append(1)
        return len(reads)

    assert memo.get("k", load) == 1
    assert memo.get("k", load) == 1  # kept
    assert memo.get("missing", lambda: None) is None
    assert "missing" not in memo._entries
    monkeypatch.setattr(memo, "seconds", 0)
    assert memo.get("k", load) == 2  # expired: another process's change is seen
    clear_all()
    assert memo._entries == {}


def test_memo_is_cleared_when_a_watched_model_changes(db):
    from satupintu.core.models import PeriodicRun

    memo = Memo("test-watch", seconds=60)
    memo.clear_on_change(PeriodicRun)
    memo.get("k", lambda: "v")
    run = PeriodicRun.objects.create(name="test")
    assert memo._entries == {}
    memo.get("k", lambda: "v")
    run.delete()
    assert memo._entries == {}
