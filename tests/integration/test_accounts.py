import datetime as dt

import pytest

from desktop.services import audit
from desktop.services.admin import accounts
from desktop.services.errors import AccountLocked, Duplicate, Invalid, PermissionDenied, WrongPassword
from tests.conftest import sign_in


def test_lockout_after_five_wrong_passwords_and_release_after_fifteen_minutes(admin_ctx, clock):
    accounts.add_user(admin_ctx.uow(), username="wangfang", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    remaining = []
    for _ in range(4):
        with pytest.raises(WrongPassword) as err:
            accounts.authenticate(admin_ctx.uow(), username="wangfang", password="wrong")
        remaining.append(err.value.remaining)
    assert remaining == [4, 3, 2, 1]
    with pytest.raises(AccountLocked) as locked:
        accounts.authenticate(admin_ctx.uow(), username="wangfang", password="wrong")
    assert locked.value.until == clock.now() + dt.timedelta(minutes=15)
    # even the right password is refused while locked
    with pytest.raises(AccountLocked):
        accounts.authenticate(admin_ctx.uow(), username="wangfang", password="pass1234")
    clock.advance(minutes=15, seconds=1)
    actor = accounts.authenticate(admin_ctx.uow(), username="wangfang", password="pass1234")
    assert (actor.username, actor.role, actor.window_no) == ("wangfang", "clerk", 3)


def test_duplicate_user_name_is_refused_case_insensitively(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="liqiang", full_name="李强", role="mediator", password="pass1234")
    with pytest.raises(Duplicate) as err:
        accounts.add_user(admin_ctx.uow(), username="LiQiang", full_name="李强二", role="clerk", password="pass1234")
    assert err.value.field == "username"


def test_window_number_outside_range_and_weak_password(admin_ctx):
    from desktop.services.errors import NotFound

    with pytest.raises(NotFound):
        accounts.add_user(admin_ctx.uow(), username="a1", full_name="甲", role="clerk", password="pass1234",
                          window_no=120)
    with pytest.raises(Invalid) as err:
        accounts.add_user(admin_ctx.uow(), username="a2", full_name="乙", role="clerk", password="short1")
    assert err.value.reason == "too_short"


def test_clerk_cannot_manage_users(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="clerk", full_name="王芳", role="clerk", password="pass1234")
    clerk = sign_in(admin_ctx, "clerk", "pass1234")
    with pytest.raises(PermissionDenied) as err:
        accounts.add_user(clerk.uow(), username="x1", full_name="某", role="admin", password="pass1234")
    assert err.value.permission == "manage_users"


def test_password_is_hashed_with_argon2_and_never_audited_in_clear(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="zhao", full_name="赵敏", role="director", password="secret123")
    rows = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(entity="user_account"))
    added = next(r for r in rows if r.action == "user.add")
    assert added.after["password_hash"] == "***"
    assert added.after["username"] == "zhao" and added.actor_name == "admin"
    from sqlalchemy import select

    from desktop.models import User
    with admin_ctx.uow() as uow:
        stored = uow.session.scalar(select(User.password_hash).where(User.username == "zhao"))
    assert stored.startswith("$argon2id$") and "secret123" not in stored


def test_sign_in_is_audited_as_the_user_who_signed_in(admin_ctx):
    rows = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(text="user.login"))
    login = next(r for r in rows if r.action == "user.login")
    assert login.actor_name == "admin" and login.entity == "user_account"


def test_every_sign_in_is_audited_even_two_in_the_same_second(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="wangfang", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    for _ in range(3):  # the test clock stands still: last_login_at does not change after the first
        accounts.authenticate(admin_ctx.uow(), username="wangfang", password="pass1234")
    rows = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(text="user.login", actor="wangfang"))
    assert [r.action for r in rows] == ["user.login"] * 3


def test_a_clerk_at_a_window_signing_in_is_audited_as_the_clerk(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="wangfang", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    accounts.authenticate(admin_ctx.uow(), username="wangfang", password="pass1234")
    rows = audit.list_audit(admin_ctx.uow(), where=audit.AuditFilter(text="user.login"))
    login = next(r for r in rows if r.action == "user.login")
    assert login.actor_name == "wangfang"
