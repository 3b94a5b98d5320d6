"""One way for a screen to run an operation (after Anki's ``CollectionOp``/``QueryOp``).

``Op(parent, ctx, fn)`` opens the unit of work (``ctx.uow()``), calls ``fn(uow)`` on the main thread
(``run()``) or on a pool thread (``run_in_background()``, through desktop.ui.tasks), and on success emits
``changes().changed(area)`` when the operation was given an ``area``, so open screens can refresh.

A typed failure (a ServiceError) changes nothing and is shown the way the screen asks:

- ``.failure(cb)`` hands it to ``cb(exc)`` (a message line, a banner, an error label);
- without it the error dialog of desktop.ui.messages (``show_error``) says it, over ``parent``;
- ``.lost(cb)`` takes "database away" (DatabaseUnavailable) first, for screens that keep their last state
  and wait for the connection (the clerk panel); without it the database being away is a failure like
  any other, as the app does today.

Anything else than a ServiceError is a bug: it is not caught here (in the background it goes to the
failure path, since it cannot be raised on the main thread). ``run()`` returns an ``Outcome``: ``ok`` and
``value`` (a service may return None on success), or ``error``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from desktop.services.errors import DatabaseUnavailable, ServiceError
from desktop.ui import messages
from desktop.ui.tasks import Task, TaskRunner

T = TypeVar("T")

__all__ = ["Changes", "Op", "Outcome", "changes", "run"]


class Changes(QObject):
    """The app-wide word that an area's data changed; open screens of that area (or that show it) listen."""

    changed = Signal(str)


_changes: Changes | None = None


def changes() -> Changes:
    """The one Changes object of the process (created on first use)."""
    global _changes
    if _changes is None:
        _changes = Changes()
    return _changes


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None
    error: Exception | None = None


class Op(Generic[T]):
    """One operation of a screen; chain ``.success``/``.failure``/``.lost``, then ``run()`` or
    ``run_in_background()``."""

    def __init__(self, parent: QWidget | None, ctx, fn: Callable[[Any], T], *, area: str | None = None,
                 read_only: bool = False, title: str | None = None,
                 catch: tuple[type[Exception], ...] = (ServiceError,)):
        self.parent = parent
        self.ctx = ctx
        self.fn = fn
        self.area = area
        self.read_only = read_only
        self.title = title
        self.catch = catch
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[Exception], None] | None = None
        self._lost: Callable[[DatabaseUnavailable], None] | None = None

    def success(self, cb: Callable[[T], None]) -> Op[T]:
        self._success = cb
        return self

    def failure(self, cb: Callable[[Exception], None]) -> Op[T]:
        self._failure = cb
        return self

    def lost(self, cb: Callable[[DatabaseUnavailable], None]) -> Op[T]:
        self._lost = cb
        return self

    # ------------------------------------------------------------ running
    def _call(self) -> T:
        if self.ctx is None:  # a plain function that opens nothing (the caller holds what it needs)
            return self.fn()
        return self.fn(self.ctx.uow(read_only=self.read_only))

    def run(self) -> Outcome[T]:
        """On the main thread; the result (or the shown failure) is there when it returns."""
        try:
            value = self._call()
        except self.catch as exc:
            self._failed(exc)
            return Outcome(False, None, exc)
        self._succeeded(value)
        return Outcome(True, value)

    def run_in_background(self, runner: TaskRunner | None = None, key: str | None = None) -> Task:
        """On a pool thread; success or failure is handled on the main thread when it reports back.
        With a ``key``, a newer task of that key on the same ``runner`` (kept by the screen) cancels this
        one; without, every operation runs to its end."""
        if runner is None:
            runner = _runner()
        task = Task(self._call, plain=True)
        if key is None:
            key = f"op-{id(task)}"
        relay = _Relay(self.parent if self.parent is not None else runner, self)
        # bound methods of a main-thread QObject: Qt queues the calls from the pool thread to the main thread
        task.signals.finished.connect(relay.finished)
        task.signals.failed.connect(relay.failed)
        task.signals.cancelled.connect(relay.deleteLater)
        runner.start(key, task)
        return task

    def _succeeded(self, value: T) -> None:
        if self._success is not None:
            self._success(value)
        if self.area is not None:
            changes().changed.emit(self.area)

    def _failed(self, exc: Exception) -> None:
        if self._lost is not None and isinstance(exc, DatabaseUnavailable):
            self._lost(exc)
        elif self._failure is not None:
            self._failure(exc)
        else:
            messages.show_error(self.parent, exc, self.title)


_default_runner: TaskRunner | None = None


def _runner() -> TaskRunner:
    global _default_runner
    if _default_runner is None:
        _default_runner = TaskRunner()
    return _default_runner


class _Relay(QObject):
    """Lives in the main thread as a child of the screen: when the screen is gone, so is the relay, and Qt
    drops the queued result instead of calling into a deleted widget."""

    def __init__(self, owner: QObject, op: Op):
        super().__init__(owner)
        self.op = op

    def finished(self, value) -> None:
        self.deleteLater()
        self.op._succeeded(value)

    def failed(self, exc: Exception) -> None:
        self.deleteLater()
        self.op._failed(exc)


def run(parent: QWidget | None, ctx, fn: Callable[[Any], T], *, area: str | None = None,
        failure: Callable[[Exception], None] | None = None, lost: Callable[[DatabaseUnavailable], None] | None = None,
        read_only: bool = False, title: str | None = None) -> Outcome[T]:
    """The common case in one call: ``Op(...)`` with the given handlers, run on the main thread."""
    op = Op(parent, ctx, fn, area=area, read_only=read_only, title=title)
    if failure is not None:
        op.failure(failure)
    if lost is not None:
        op.lost(lost)
    return op.run()
