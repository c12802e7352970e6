"""Run blocking service calls off the GUI thread; results come back as queued signals.

The pattern is Electrum's TaskThread: a worker runs the call, then emits a signal of a QObject that
lives in the GUI thread, so Qt queues the delivery and the callback runs on the GUI thread.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Callable
from functools import partial
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Job(QRunnable):
    def __init__(self, runner: TaskRunner, job_id: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._runner = runner  # keeps the runner alive until the result is out
        self._job_id = job_id
        self._fn = fn

    def run(self) -> None:
        try:
            result = self._fn()
        except BaseException as exc:
            self._emit(self._runner._failed, exc)
        else:
            self._emit(self._runner._done, result)

    def _emit(self, signal: Any, value: object) -> None:
        """Hand the outcome to the GUI thread, unless the runner was deleted meanwhile (its
        window closed while the call ran): then nobody is left to hear it."""
        if not shiboken6.isValid(self._runner):
            return
        with contextlib.suppress(RuntimeError):  # deleted between the check and the emit
            signal.emit(self._job_id, value)


class TaskRunner(QObject):
    """Submits callables to a thread pool and calls back on the GUI thread.

    `pending` counts jobs whose callbacks have not run yet. Errors without an `on_error` handler
    go to `unhandled`. A callback that is a method (or a partial of one) of a QObject deleted
    meanwhile is skipped: a closed dialog or a locked view no longer hears about its calls.
    """

    unhandled = Signal(object)
    _done = Signal(int, object)
    _failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Done | None, Failed | None]] = {}
        self._done.connect(self._deliver_result)
        self._failed.connect(self._deliver_error)

    @property
    def pending(self) -> int:
        return len(self._callbacks)

    def submit(
        self,
        fn: Callable[[], Any],
        on_done: Done | None = None,
        on_error: Failed | None = None,
    ) -> None:
        job_id = next(self._ids)
        self._callbacks[job_id] = (on_done, on_error)
        self._pool.start(_Job(self, job_id, fn))

    def _deliver_result(self, job_id: int, result: Any) -> None:
        on_done, _ = self._callbacks.pop(job_id, (None, None))
        if on_done is not None and _owner_alive(on_done):
            on_done(result)

    def _deliver_error(self, job_id: int, exc: BaseException) -> None:
        _, on_error = self._callbacks.pop(job_id, (None, None))
        if on_error is None:
            self.unhandled.emit(exc)
        elif _owner_alive(on_error):
            on_error(exc)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until every running job has finished (for shutdown); callbacks may still queue."""
        return self._pool.waitForDone(msecs)


def _owner_alive(callback: Callable[..., None]) -> bool:
    target = callback.func if isinstance(callback, partial) else callback
    owner = getattr(target, "__self__", None)
    return not isinstance(owner, QObject) or shiboken6.isValid(owner)


class ProgressRelay(QObject):
    """A progress callback a worker may call: `report(done, total)` emits `changed`, which Qt
    queues to the slots on the GUI thread. Once this object is deleted, reports are dropped."""

    changed = Signal(int, int)

    def report(self, done: int, total: int) -> None:
        if not shiboken6.isValid(self):
            return
        with contextlib.suppress(RuntimeError):  # deleted between the check and the emit
            self.changed.emit(done, total)
