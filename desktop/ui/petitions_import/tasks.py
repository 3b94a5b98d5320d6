"""The intake's slow steps (reading a 50,000-row file, checking it, importing it) on the one background-task
class of the app (desktop/ui/tasks.py). The intake services report ``progress(stage, done, total)``; this
adapts that to Task's ``progress(done, total, what)`` and passes progress on at most every 50 ms (and always
for the last step), so a fast loop does not flood the GUI thread."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from desktop.services.intake.files import Cancelled
from desktop.ui.tasks import Task

IntakeJob = Callable[[Callable[[str, int, int], None], Callable[[], bool]], Any]


def intake_task(job: IntakeJob) -> Task:
    """A Task running ``job(progress, cancelled)``; a Cancelled raised by the service after cancel() is
    reported as ``cancelled``."""

    def run(*, progress, cancelled):
        last = [0.0]

        def staged(stage: str, done: int, total: int) -> None:
            now = time.monotonic()
            if now - last[0] >= 0.05 or done >= total:
                last[0] = now
                progress(done, total, stage)

        return job(staged, cancelled)

    return Task(run, cancel_error=Cancelled)
