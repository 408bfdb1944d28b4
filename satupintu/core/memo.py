"""Per-process memos for rows that change a few times a year but are read on nearly every request.

The holiday table (kalender), the complaint settings singleton and the intake form's choices (aduan) are read by
every deadline, intake and list page; reading them each time costs more than the page's own queries. A `Memo` keeps
what it read for `seconds` in this process and is dropped

* when one of its models is saved or deleted in this process (`Memo.clear_on_change`, connected in `AppConfig.ready()`),
* after `seconds` in every other process (the other web workers, the task workers), which have no signal to hear;
* for tests, by `clear_all()` (an autouse fixture in the root conftest): ids are reused after a test's rollback.

So no process is ever more than `seconds` behind an admin change, and a page reads each table at most once per
`seconds`. A value of None is never kept: a lookup of junk input cannot grow a memo, and a row created later is found.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

_all: list[Memo] = []


class Memo:
    def __init__(self, name: str, *, seconds: float) -> None:
        self.name = name
        self.seconds = seconds
        self._entries: dict[Hashable, tuple[float, Any]] = {}
        self._lock = threading.Lock()
        _all.append(self)

    def __repr__(self) -> str:
        return f"<Memo {self.name} {self.seconds}s, {len(self._entries)} entries>"

    def get(self, key: Hashable, load: Callable[[], Any]) -> Any:
        """The value kept for `key` if it was read less than `seconds` ago, else `load()` (kept unless None)."""
        now = time.monotonic()
        hit = self._entries.get(key)
        if hit is not None and now - hit[0] < self.seconds:
            return hit[1]
        value = load()
        if value is not None:
            with self._lock:
                self._entries[key] = (now, value)
        return value

    def clear(self, **_signal_kwargs) -> None:
        """Forget everything; also a signal receiver (it takes and ignores the signal's arguments)."""
        with self._lock:
            self._entries.clear()

    def clear_on_change(self, *models, settings: bool = False) -> None:
        """Clear this memo when a row of one of `models` is saved or deleted in this process, and when `settings`,
        when Django's settings change (override_settings)."""
        from django.db.models.signals import post_delete, post_save
        from django.test.signals import setting_changed

        for model in models:
            uid = f"memo-{self.name}-{model._meta.label_lower}"
            post_save.connect(self.clear, sender=model, weak=False, dispatch_uid=f"{uid}-saved")
            post_delete.connect(self.clear, sender=model, weak=False, dispatch_uid=f"{uid}-deleted")
        if settings:
            setting_changed.connect(self.clear, weak=False, dispatch_uid=f"memo-{self.name}-settings")


def clear_all() -> None:
    """Empty every memo of this process (between tests)."""
    for memo in _all:
        memo.clear()
