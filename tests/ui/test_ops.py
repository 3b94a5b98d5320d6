"""desktop.ui.ops: one way for a screen to run an operation. A stand-in context counts the units of work it
hands out; the error dialog is replaced by a recorder (its texts are tested with each area)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget

from desktop.services.errors import DatabaseUnavailable, NotFound, ServiceError
from desktop.ui import messages, ops
from desktop.ui.tasks import TaskRunner

WAIT = 10000


class FakeContext:
    def __init__(self):
        self.opened: list[tuple[object, bool]] = []

    def uow(self, *, read_only: bool = False):
        uow = object()
        self.opened.append((uow, read_only))
        return uow


@pytest.fixture
def shown(monkeypatch):
    dialogs = []
    monkeypatch.setattr(messages, "show_error", lambda parent, exc, title=None: dialogs.append((parent, exc, title)))
    return dialogs


@pytest.fixture
def widget(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    return w


@pytest.fixture
def areas():
    seen: list[str] = []
    ops.changes().changed.connect(seen.append)
    yield seen
    ops.changes().changed.disconnect(seen.append)


def test_success_opens_one_unit_of_work_and_says_the_area_changed(widget, shown, areas):
    ctx = FakeContext()
    got = []
    outcome = ops.Op(widget, ctx, lambda uow: ("done", uow), area="queue").success(got.append).run()
    assert outcome.ok and outcome.value == ("done", ctx.opened[0][0])
    assert got == [outcome.value]
    assert ctx.opened[0][1] is False
    assert areas == ["queue"] and shown == []


def test_a_read_only_query_without_area_says_nothing_changed(widget, shown, areas):
    ctx = FakeContext()
    outcome = ops.run(widget, ctx, lambda uow: None, read_only=True)
    assert outcome.ok and outcome.value is None  # None is a result, not a failure
    assert ctx.opened[0][1] is True
    assert areas == []


def test_a_typed_failure_goes_to_the_error_dialog_and_changes_nothing(widget, shown, areas):
    exc = NotFound(entity="ticket", key=7)

    def fail(uow):
        raise exc

    outcome = ops.run(widget, FakeContext(), fail, area="queue", title="Queue")
    assert not outcome.ok and outcome.error is exc
    assert shown == [(widget, exc, "Queue")]
    assert areas == []


def test_the_screen_may_say_a_failure_itself(widget, shown):
    said = []

    def fail(uow):
        raise NotFound(entity="ticket", key=7)

    outcome = ops.run(widget, FakeContext(), fail, failure=said.append)
    assert not outcome.ok and said == [outcome.error] and shown == []


def test_database_away_is_a_failure_unless_the_screen_waits_for_the_connection(widget, shown):
    def away(uow):
        raise DatabaseUnavailable(detail="gone")

    first = ops.run(widget, FakeContext(), away)
    assert shown == [(widget, first.error, None)]
    lost, said = [], []
    second = ops.run(widget, FakeContext(), away, failure=said.append, lost=lost.append)
    assert lost == [second.error] and said == [] and len(shown) == 1


def test_a_bug_is_not_hidden(widget, shown):
    def bug(uow):
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        ops.run(widget, FakeContext(), bug)
    assert shown == []


def test_without_a_context_the_function_is_called_as_it_is(widget, shown):
    assert ops.run(widget, None, lambda: 42).value == 42


def test_in_the_background_the_result_arrives_on_the_main_thread(qtbot, widget, shown, areas):
    import threading

    main = threading.get_ident()
    got = []
    runner = TaskRunner(widget)
    ops.Op(widget, FakeContext(), lambda uow: threading.get_ident(), area="reports").success(
        lambda v: got.append((v, threading.get_ident()))).run_in_background(runner)
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    (worker, receiver), = got
    assert receiver == main and worker != main
    assert areas == ["reports"]


def test_in_the_background_a_failure_is_shown_on_the_main_thread(qtbot, widget, shown):
    def fail(uow):
        raise ServiceError()

    ops.Op(widget, FakeContext(), fail).run_in_background()
    qtbot.waitUntil(lambda: bool(shown), timeout=WAIT)
    assert shown[0][0] is widget and isinstance(shown[0][1], ServiceError)
