"""The screen lock through real keys and clicks: a clerk locks on leaving the desk (Ctrl+L) or the workbench
locks itself after the idle time; the password typed on the lock unlocks it, and what was typed in the open
form before is still there; 注销 on the lock signs out to the sign-in window."""

from __future__ import annotations

import pytest

from desktop.services.admin import settings
from desktop.services.context import open_database
from tests.floor.conftest import DEMO_PASSWORD, as_user, sign_in


def _lock_screen(app):
    return app.wait_widget(name="lock_password", timeout=30)


def test_lock_by_hand_unlock_with_the_password_and_sign_out(screen, home):
    app = sign_in(screen, home, "clerk01")
    steps = 5  # the sign-in: click, type, Tab, type, Return
    record = app.wait_widget(name="record")
    app.fill(record, "来访人咨询低保申请材料")
    app.key("ctrl+l")
    steps += 4
    _lock_screen(app)
    app.wait_until(lambda: app.widgets(name="lock_password", focus=True),
                   what="the password field has the focus on the lock")
    app.type("wrong-password")
    app.key("Return")
    steps += 2
    app.wait_until(lambda: app.texts(name="lock_error") and "密码" in app.texts(name="lock_error")[0],
                   what="the wrong password is refused on the lock")
    screen.shot("lock-refused")
    app.fill(app.wait_widget(name="lock_password"), DEMO_PASSWORD)
    app.key("Return")
    steps += 4
    app.wait_gone(name="lock_password", timeout=30)
    assert app.texts(name="record") == ["来访人咨询低保申请材料"], "the open form keeps what was typed"
    screen.shot("lock-unlocked")

    app.key("ctrl+l")
    _lock_screen(app)
    app.wait_until(lambda: app.widgets(name="lock_password", focus=True),  # shown and active: a click lands
                   what="the lock is up again with the password field active")
    app.click(app.wait_widget(name="lock_sign_out"))
    app.wait_until(lambda: "立即退出登录" in (app.texts(name="lock_sign_out") or [""])[0],
                   what="the sign-out asks to be confirmed")
    app.click(app.wait_widget(name="lock_sign_out"))
    steps += 3
    app.wait_widget(name="username", timeout=30)  # back at the sign-in window
    print(f"lock by hand: {steps} real input steps")


@pytest.mark.parametrize("screen", ["1366x768"], indirect=True)
def test_the_idle_lock_after_a_minute_unlocks_by_typing(screen, home, db_url):
    ctx = open_database(db_url)
    settings.update_settings(as_user(ctx, "admin").uow(), values={"idle_lock_minutes": 1})
    ctx.close()
    app = sign_in(screen, home, "clerk02")
    app.wait_widget(name="lock_password", timeout=120)  # a minute without input
    screen.shot("lock-idle")
    app.fill(app.wait_widget(name="lock_password"), DEMO_PASSWORD)
    app.key("Return")
    app.wait_gone(name="lock_password", timeout=30)
    assert app.widgets(name="navigation"), "the workbench is back"
    print("idle lock: 9 real input steps (5 to sign in, 4 to unlock)")
