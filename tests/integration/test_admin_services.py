"""The small services the Administration screens added: unlocking an account, the audit log's user list,
and the case-number format shown as a preview."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop.services import audit
from desktop.services.admin import accounts, center
from desktop.services.errors import AccountLocked, NotFound, PermissionDenied, WrongPassword
from tests.conftest import sign_in


def test_case_number_format():
    assert center.case_number("虎", "信", 2026, 34) == "（2026）虎信字第034号"
    assert center.case_number("虎丘", "调", 2027, 1234) == "（2027）虎丘调字第1234号"


def test_unlock_lifts_a_lockout_without_changing_the_password(admin_ctx, clock):
    user = accounts.add_user(admin_ctx.uow(), username="wangfang", full_name="王芳", role="clerk",
                             password="pass1234", window_no=3)
    for _ in range(4):
        with pytest.raises(WrongPassword):
            accounts.authenticate(admin_ctx.uow(), username="wangfang", password="wrong123")
    with pytest.raises(AccountLocked):
        accounts.authenticate(admin_ctx.uow(), username="wangfang", password="wrong123")
    locked = next(u for u in accounts.list_users(admin_ctx.uow()) if u.username == "wangfang")
    assert locked.locked_until == clock.now() + dt.timedelta(minutes=15)

    info = accounts.unlock_user(admin_ctx.uow(), user_id=user.id)
    assert (info.locked_until, info.window_no) == (None, 3)
    assert accounts.authenticate(admin_ctx.uow(), username="wangfang", password="pass1234").window_no == 3
    entry = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(text="user.unlock"))[0]
    assert (entry.actor_name, entry.entity_id, entry.after["locked_until"]) == ("admin", str(user.id), None)


def test_unlock_needs_the_right_to_manage_users(admin_ctx):
    user = accounts.add_user(admin_ctx.uow(), username="clerk", full_name="王芳", role="clerk",
                             password="pass1234")
    clerk = sign_in(admin_ctx, "clerk", "pass1234")
    with pytest.raises(PermissionDenied):
        accounts.unlock_user(clerk.uow(), user_id=user.id)
    with pytest.raises(NotFound):
        accounts.unlock_user(admin_ctx.uow(), user_id=9999)


def test_audit_actors_are_the_accounts_and_the_system(admin_ctx):
    assert audit.audit_actors(admin_ctx.uow()) == ["admin", "system"]
    accounts.add_user(admin_ctx.uow(), username="clerk", full_name="王芳", role="clerk", password="pass1234")
    accounts.add_user(admin_ctx.uow(), username="director", full_name="陈立新", role="director",
                      password="pass1234")
    director = sign_in(admin_ctx, "director", "pass1234")  # may read the log without managing users
    assert audit.audit_actors(director.uow()) == ["admin", "clerk", "director", "system"]
    with pytest.raises(PermissionDenied):
        audit.audit_actors(sign_in(admin_ctx, "clerk", "pass1234").uow())


def test_audit_list_is_newest_first_by_time_and_pages_without_gaps(admin_ctx, clock):
    for name in ("调解室三", "调解室四"):
        clock.advance(minutes=1)
        center.save_room(admin_ctx.uow(), id=None, name=name)
    clock.advance(minutes=1)
    accounts.add_user(admin_ctx.uow(), username="clerk", full_name="王芳", role="clerk", password="pass1234")
    f = audit.AuditFilter(since=clock.now() - dt.timedelta(days=1), until=clock.now() + dt.timedelta(days=1))
    rows = audit.list_audit(admin_ctx.uow(), where=f, offset=0, limit=2)
    assert [(r.action, r.after["name"] if "name" in r.after else r.after["username"]) for r in rows] == [
        ("user.add", "clerk"), ("room.save", "调解室四")]
    total = audit.count_audit(admin_ctx.uow(), where=f)
    pages = [r for offset in range(0, total, 50) for r in audit.list_audit(admin_ctx.uow(), where=f, offset=offset,
                                                                             limit=50)]
    assert len(pages) == total and len({r.id for r in pages}) == total
    keys = [(r.at, r.id) for r in pages]
    assert keys == sorted(keys, reverse=True)
