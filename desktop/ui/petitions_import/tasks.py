"""The intake's slow steps (reading a 50,000-row file, checking it, importing it) in the background through
desktop.ui.ops, with progress and Cancel. The intake services report ``progress(stage, done, total)``; this
passes it on to the main thread at most every 50 ms (and always for the last step), so a fast loop does not
flood the GUI thread. Cancel is asked through ``cancelled()``, which the services check between rows; they
then raise Cancelled and roll back."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from desktop.ui.ops import Op
from desktop.ui.tasks import Task, TaskRunner

IntakeJob = Callable[[Any, Callable[[str, int, int], None], Callable[[], bool]], Any]


class IntakeRun(QObject):
    """``IntakeRun(parent, ctx, job, read_only=…)`` runs ``job(uow, progress, cancelled)`` on the thread pool;
    ``progress(stage, done, total)`` arrives on the main thread, success and failure as ops.Op hands them."""

    progress = Signal(str, int, int)

    def __init__(self, parent: QObject, ctx, job: IntakeJob, *, read_only: bool):
        super().__init__(parent)
        self.ctx = ctx
        self.job = job
        self.read_only = read_only
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def cancel_asked(self) -> bool:
        return self._cancel.is_set()

    def start(self, runner: TaskRunner, key: str, *, success: Callable[[Any], None],
              failure: Callable[[Exception], None]) -> Task:
        op = Op(self.parent(), self.ctx, self._call, read_only=self.read_only)
        return op.success(success).failure(failure).run_in_background(runner, key)

    def _call(self, uow):  # on the pool thread
        last = [0.0]

        def staged(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                self.progress.emit(stage, done, total)  # queued to the main thread

        return self.job(uow, staged, self._cancel.is_set)
