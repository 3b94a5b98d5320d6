"""The window clerk's work through real keys and clicks (issue 14): clerk01 signs in at window 1 by typing, calls
(F1), sees recall and no-show off while they cannot succeed, starts service (F7), types the record, transfers the
visitor to another service from the keyboard (F4), calls the next visitor, registers a petition from the ticket
(Ctrl+P) by typing its fields, finishes (F5), and the visitor rates on the rating screen. The database says what
happened; the panel shows ticket and case numbers, never ids; the rating step's timeout of a rated visitor never
takes the next visitor's typing."""

from __future__ import annotations

import time

from desktop.services import petitions as pt
from desktop.services import queue as q
from desktop.services.admin import settings
from desktop.services.context import open_database
from tests.floor.conftest import as_user, sign_in

RATING_TIMEOUT_S = 10  # the shortest the setting allows, so the late timer runs while the test types


class Steps:
    """Counts the real inputs sent (a key, a click, a typed string)."""

    def __init__(self, app):
        self.app, self.count = app, 0

    def key(self, *keys: str) -> None:
        self.app.key(*keys)
        self.count += len(keys)

    def click(self, widget: dict) -> None:
        self.app.click(widget)
        self.count += 1

    def type_into(self, name: str, text: str) -> None:
        """Types ``text`` at the end of the focused field ``name`` (one step) and waits until the field shows it."""
        want = _text(self.app, name) + text
        self.app.type(text)
        self.app.wait_until(lambda: _text(self.app, name) == want, what=f"{name} shows {want!r}")
        self.count += 1

    def choose(self, name: str, text: str, window: str) -> None:
        """Opens the drop-down list ``name`` with a click, types the first character of ``text`` to find the item
        and takes it with Enter: three steps."""
        self.click(self.app.wait_widget(window=window, name=name))
        self.app.type(text[0])
        self.key("Return")
        self.count += 1
        self.app.wait_until(lambda: _text(self.app, name) == text, what=f"{name} shows {text!r}")

    def fill(self, name: str, text: str, window: str) -> None:
        """Clicks into the field, selects what is there and types ``text`` over it: three steps."""
        self.app.fill(self.app.wait_widget(window=window, name=name), text)
        self.count += 3


def _text(app, name: str) -> str:
    texts = app.texts(name=name)
    return texts[0] if texts else ""


def _focused(app, name: str) -> bool:
    return any(w.get("focus") for w in app.widgets(name=name))


def _ticket_row(clerk, ticket_id: int) -> tuple:
    """What the database holds for the ticket: number, status, service, window number, rating, linked case."""
    from desktop.models import Ticket, Window

    with clerk.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        window = uow.session.get(Window, t.window_id) if t.window_id else None
        return (t.number, t.status, t.service_id, window.number if window else None, t.rating, t.case_kind,
                t.case_id)


def test_clerk_calls_transfers_registers_a_petition_and_the_visitor_rates(screen, home, db_url):
    ctx = open_database(db_url)
    try:
        admin = as_user(ctx, "admin")
        # whatever the time of day: tickets can be issued, and the rating step closes after 10 s
        settings.update_settings(admin.uow(), values={
            "queue_rating_timeout_seconds": RATING_TIMEOUT_S, "queue_issue_outside_hours": True,
            "hall_open_on_days_off": True})
        clerk = as_user(ctx, "clerk01")
        held = q.window_status(clerk.uow()).ticket
        if held is not None:  # the demo may leave a visitor at window 1: the clerk of the last shift finished it
            q.finish_service(clerk.uow(), ticket_id=held.id, record="上一班次办结")
        services = {s.letter: s for s in q.transfer_targets(clerk.uow())[0]}
        for _ in range(3):  # visitors for window 1 (综合受理, A), wherever the demo's day stands
            q.issue_ticket(ctx.uow(), service_id=services["A"].service_id)
        _run(screen, home, clerk, services)
    finally:
        ctx.close()


def _run(screen, home, clerk, services):
    app = sign_in(screen, home, "clerk01")
    steps = Steps(app)
    steps.count = 5  # the sign-in: click, type, Tab, type, Return
    app.wait_widget(name="record", timeout=60)
    app.wait_until(lambda: _focused(app, "record"), what="the service record has the keys after sign-in")
    assert _text(app, "state_label") == "空闲"

    # F1: the next visitor is called at window 1
    steps.key("F1")
    app.wait_until(lambda: _text(app, "number_label") not in ("", "—"), what="a ticket is called")
    number = _text(app, "number_label")
    first = q.window_status(clerk.uow()).ticket
    assert first.number == number and _ticket_row(clerk, first.id)[1:4] == ("called", first.service_id, 1)
    assert _text(app, "state_label") == "叫号中", "called, nobody at the window yet: not 办理中"
    assert "秒后可重呼" in _text(app, "ticket_state")
    [recall] = app.widgets(name="btn_recall")
    [no_show] = app.widgets(name="btn_no_show")
    assert not recall["enabled"] and not no_show["enabled"], "recall and no-show are off until they can succeed"
    windows = len(app.windows())
    steps.key("F2", "F3")  # too early: nothing happens, no pop-up
    time.sleep(0.5)
    assert len(app.windows()) == windows and _ticket_row(clerk, first.id)[1] == "called"
    assert q.window_status(clerk.uow()).ticket.call_count == 1
    screen.shot("clerk-called")

    # F7: the visitor is at the window; the clerk types what is asked
    steps.key("F7")
    app.wait_until(lambda: _text(app, "state_label") == "办理中", what="service started")
    assert _focused(app, "record")
    steps.type_into("record", "咨询医保缴费，需转社保民政窗口")

    # F4: transfer to 社保民政 (G) from the keyboard: type-ahead in the list, Alt+F to the front, Enter
    steps.key("F4")
    dialog = app.wait_window(f"转移 {number}")
    app.wait_until(lambda: any(w["focus"] for w in app.widgets(window=dialog["title"], name="services")),
                   what="the list of services has the keys")
    screen.shot("clerk-transfer")
    steps.key("g", "alt+f", "Return")
    app.wait_until(lambda: not [w for w in app.windows() if w["title"] == dialog["title"]],
                   what="the transfer dialog closes")
    moved = _ticket_row(clerk, first.id)
    assert moved[1:3] == ("waiting", services["G"].service_id), moved
    app.wait_until(lambda: number in _text(app, "message") and "社保民政" in _text(app, "message"),
                   what="the panel says where the ticket went")
    app.wait_until(lambda: _focused(app, "record"), what="the keys are back in the record")

    # F1 again: the next visitor; F7; the record
    steps.key("F1")
    app.wait_until(lambda: _text(app, "number_label") not in ("", "—", number), what="the next ticket is called")
    second = q.window_status(clerk.uow()).ticket
    steps.key("F7")
    app.wait_until(lambda: _text(app, "state_label") == "办理中", what="service started")
    steps.type_into("record", "反映邻居占用消防通道，登记信访")

    # Ctrl+P: the petition registration names the ticket by its number and service
    steps.key("ctrl+p")
    form = app.wait_window("信访事项登记")
    app.wait_until(lambda: any(w["focus"] for w in app.widgets(window=form["title"], name="lookup")), timeout=30,
                   what="the registration form has the keys")
    assert second.number in form["title"] and second.service_name in form["title"], form["title"]
    assert not any(str(second.id) in t for t in app.texts(window=form["title"]) if second.number not in t)
    screen.shot("clerk-petition-form")
    steps.choose("domain", "综治维稳", form["title"])  # no category is preselected: the clerk chooses one
    steps.choose("category", "治安问题", form["title"])
    steps.fill("name", "高梅", form["title"])
    steps.fill("id_number", "11010519491231002X", form["title"])
    steps.fill("content", "邻居长期在楼道堆放杂物，占用消防通道，多次协商未果。", form["title"])
    steps.key("ctrl+Return")
    app.wait_until(lambda: not [w for w in app.windows() if w["title"] == form["title"]], timeout=30,
                   what="the petition is registered and the form closes")
    row = _ticket_row(clerk, second.id)
    assert row[5] == "petition", row
    case = pt.get_case(clerk.uow(), case_id=row[6])
    assert case.ticket_number == second.number and case.people[0].name == "高梅"
    app.wait_until(lambda: case.case_no in _text(app, "case_label"), what="the panel shows the case number")
    assert "petition" not in _text(app, "case_label") and str(case.id) not in _text(app, "case_label").replace(
        case.case_no, "")
    app.wait_until(lambda: _focused(app, "record"), what="the keys are back in the record")
    assert "消防通道" in _text(app, "record")
    screen.shot("clerk-case-linked")

    # F5: finish with the record; the rating screen faces the visitor, who touches 满意
    steps.key("F5")
    rating = app.wait_window("服务评价")
    screen.shot("clerk-rating")
    steps.click(app.wait_widget(name="rate_satisfied"))
    app.wait_until(lambda: not [w for w in app.windows() if w["title"] == rating["title"]],
                   what="the rating screen closes")
    app.wait_until(lambda: (_ticket_row(clerk, second.id)[1], _ticket_row(clerk, second.id)[4])
                   == ("finished", "satisfied"),
                   what="the rating is recorded")
    rated_at = time.monotonic()

    # the next visitor: the clerk types while the rated visitor's timeout runs out; nothing takes the keys
    steps.key("F1")
    app.wait_until(lambda: _text(app, "number_label") not in ("", "—", second.number), what="a third ticket")
    steps.type_into("record", "来访咨询")
    while time.monotonic() - rated_at < RATING_TIMEOUT_S + 3:
        time.sleep(0.5)
    steps.type_into("record", "养老保险")  # the typing goes on in the record: nothing popped up
    assert len(app.windows()) == windows and app.tree()["active_modal"] is None
    assert _ticket_row(clerk, second.id)[4] == "satisfied"
    screen.shot("clerk-next-visitor")
    print(f"clerk at window 1: {steps.count} real input steps")
