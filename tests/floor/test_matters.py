"""一案一码 on the floor (issue 17), through real keys and clicks on the real processes.

At window 1 clerk01 calls a visitor (F1), starts service (F7), opens 登记事项 (Ctrl+M), chooses the service,
types the person and what they asked for, and registers and hands the matter over to window 7 (Ctrl+T, the
receiver chosen by type-ahead, a reason, Ctrl+Enter). clerk07 signs in at window 7, sees it in 待接收事项 and
receives it (Ctrl+J twice: select, receive). Before that, window 1 prints the visitor's slip with the code
(Ctrl+Shift+M, on a stand-in lp). At the kiosk a visitor scans the code of a concluded matter (a USB
scanner types the code and Enter), touches the last four digits of the phone on the keypad, reads the progress page and touches
满意. The database says what happened at each step.
"""

from __future__ import annotations

import subprocess

from desktop.models import Matter, MatterHandover
from desktop.services import matters
from desktop.services import queue as q
from desktop.services.admin import settings
from desktop.services.context import open_database
from desktop.services.people import PersonInput
from tests.floor.conftest import as_user, sign_in
from tests.floor.test_clerk import Steps, _focused, _text


def _matter_of_ticket(ctx, ticket_id: int) -> tuple | None:
    from sqlalchemy import select

    from desktop.models import Ticket

    with ctx.uow() as uow:
        t = uow.session.get(Ticket, ticket_id)
        m = uow.session.scalar(select(Matter).where(Matter.ticket_day == t.day, Matter.ticket_number == t.number))
        if m is None:
            return None
        h = uow.session.scalar(select(MatterHandover).where(MatterHandover.matter_id == m.id))
        return (m.code, m.service, m.summary, m.owner_place, h and h.to_place, h and h.acknowledged_at is not None)


def test_a_matter_goes_from_window_1_to_window_7_by_keys(screen, home, db_url, printer):
    env, printed = printer
    ctx = open_database(db_url)
    try:
        admin = as_user(ctx, "admin")
        settings.update_settings(admin.uow(), values={"queue_issue_outside_hours": True,
                                                      "hall_open_on_days_off": True})
        clerk = as_user(ctx, "clerk01")
        held = q.window_status(clerk.uow()).ticket
        if held is not None:
            q.finish_service(clerk.uow(), ticket_id=held.id, record="上一班次办结")
        services = {s.letter: s for s in q.transfer_targets(clerk.uow())[0]}
        for _ in range(2):
            q.issue_ticket(ctx.uow(), service_id=services["A"].service_id)

        app = sign_in(screen, home, "clerk01", extra_env=env)
        steps = Steps(app)
        app.wait_widget(name="record", timeout=60)
        app.wait_until(lambda: _focused(app, "record"), what="the record has the keys after sign-in")
        steps.key("F1")
        app.wait_until(lambda: _text(app, "number_label") not in ("", "—"), what="a ticket is called")
        ticket = q.window_status(clerk.uow()).ticket
        steps.key("F7")
        app.wait_until(lambda: _text(app, "state_label") == "办理中", what="service started")

        steps.key("ctrl+m")
        form = app.wait_window(f"登记事项 — {ticket.number} 号")
        title = form["title"]
        app.wait_until(lambda: any(w["focus"] for w in app.widgets(window=title, name="service")),
                       what="the service list has the keys")
        steps.click(app.wait_widget(window=title, name="service"))  # 法律援助 heads the list
        steps.key("Home", "Return")
        app.wait_until(lambda: _text(app, "service") == "法律援助", what="法律援助 is chosen")
        steps.fill("person_name", "韩秀英", title)
        steps.fill("person_phone", "13912345678", title)
        steps.fill("summary", "丈夫工伤去世，单位拒不赔偿，家庭困难，申请法律援助", title)
        screen.shot("matter-form")
        steps.key("ctrl+t")
        handover = app.wait_until(lambda: next((w for w in app.windows() if w["title"].startswith("转交事项 HS-")),
                                               None), timeout=30, what="the handover dialog opens")
        code = handover["title"].removeprefix("转交事项 ").strip()
        assert _matter_of_ticket(ctx, ticket.id)[:4] == (
            code, "法律援助", "丈夫工伤去世，单位拒不赔偿，家庭困难，申请法律援助", "1号窗口")
        app.wait_widget(window=handover["title"], name="to_ref")
        steps.key("alt+r")  # 接收方(&R): the list of windows takes the keys
        app.wait_until(lambda: _focused(app, "to_ref"), what="the receiver list has the keys")
        app.type("7")  # type-ahead: 7号窗口
        app.wait_until(lambda: _text(app, "to_ref").startswith("7号窗口"), what="window 7 is chosen")
        steps.fill("handover_reason", "符合法律援助条件，请7号窗口审查受理", handover["title"])
        screen.shot("matter-handover")
        steps.key("ctrl+Return")
        app.wait_until(lambda: not [w for w in app.windows() if w["title"] == handover["title"]],
                       what="the handover dialog closes")
        app.wait_until(lambda: (_matter_of_ticket(ctx, ticket.id) or ())[4:] == ("7号窗口", False),
                       what="the handover to window 7 is stored, not yet received")
        app.wait_until(lambda: code in _text(app, "message"), what="the panel names the matter's code")
        steps.key("ctrl+shift+m")  # the ticket again, with the code and its QR, for the visitor
        slip = app.wait_until(lambda: next(iter(printed.glob(f"*{code}*.pdf")), None), what="the slip is printed")
        text = subprocess.run(["pdftotext", str(slip), "-"], capture_output=True, text=True, check=True).stdout
        assert code in text and ticket.number in text and "前面" not in text  # at the window: past the queue
        app.wait_until(lambda: "打印" in _text(app, "message"), what="the panel says the slip went to the printer")
        app.stop()

        app = sign_in(screen, home, "clerk07")
        app.wait_widget(name="handovers", timeout=60)
        app.wait_until(lambda: any(code in t for t in app.texts(name="handover_table")) or
                       "1" in _text(app, "handover_note"), what="window 7 sees the matter to receive")
        screen.shot("matter-to-receive")
        app.key("ctrl+j")  # selects the first matter to receive
        app.key("ctrl+j")  # receives it
        app.wait_until(lambda: (_matter_of_ticket(ctx, ticket.id) or ())[3:] == ("7号窗口", "7号窗口", True),
                       what="window 7 answers for the matter now")
        detail = matters.get_matter(as_user(ctx, "clerk07").uow(), code=code)
        assert [s.name for s in detail.steps] == ["窗口受理（法律援助）", "转交7号窗口"]
        app.stop()
    finally:
        ctx.close()


def test_a_visitor_scans_the_code_at_the_kiosk_and_rates_the_outcome(screen, home, db_url):
    ctx = open_database(db_url)
    try:
        clerk = as_user(ctx, "clerk01")
        _id, code = matters.register_window_matter(
            clerk.uow(), service="社会保障", summary="咨询城乡居民养老保险补缴", done=True,
            outcome="告知补缴年限和所需材料", person=PersonInput(name="曹桂兰", phone="13800004321"))
        kiosk = screen.start("kiosk", home=home)
        kiosk.wait_until(lambda: kiosk.windows(), timeout=60, what="the kiosk shows")
        kiosk.type(code)  # a USB scanner types the QR's text, then Enter
        kiosk.key("Return")
        kiosk.wait_until(lambda: _text(kiosk, "lookup_code") == code, what="the scanned code is in the field")
        for key in ("4", "3", "2", "1"):  # the phone's last four on the touch keypad: the scan made it the field
            kiosk.click(kiosk.wait_widget(name=f"lookup_key_{key}"))
        kiosk.wait_until(lambda: _text(kiosk, "lookup_phone") == "4321", what="the digits are in the phone field")
        kiosk.click(kiosk.wait_widget(name="lookup_key_OK"))
        kiosk.wait_widget(name="progress_page", timeout=30)
        kiosk.wait_until(lambda: any(code in t for t in kiosk.texts()), what="the progress page names the code")
        texts = " ".join(kiosk.texts())
        assert "曹**" in texts and "曹桂兰" not in texts and "13800004321" not in texts
        screen.shot("kiosk-progress")
        kiosk.click(kiosk.wait_widget(name="rate_satisfied"))
        kiosk.wait_until(lambda: matters.get_matter(clerk.uow(), code=code).rating == "satisfied",
                         what="the rating is stored")
        screen.shot("kiosk-rated")
        kiosk.stop()
    finally:
        ctx.close()
