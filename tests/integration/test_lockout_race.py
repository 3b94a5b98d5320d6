"""The lockout holds under a burst of guesses from many processes at once (issue 16, attack 1): 10 real
processes each send 10 wrong passwords for one account at the same moment, on a SQLite file and on
PostgreSQL. At most ``lockout_attempts`` (5) passwords may be checked at all; then the account is locked."""

from __future__ import annotations

import multiprocessing as mp
import queue
import traceback

import pytest
from sqlalchemy import select

from desktop.models import AuditEntry, User
from desktop.services.admin import accounts
from tests.conftest import NOW

PROCESSES = 10
GUESSES = 10
LIMIT = 5  # the default lockout_attempts


def _guesser(url: str, barrier, results) -> None:
    from desktop.clock import FixedClock
    from desktop.services.admin import accounts as acc
    from desktop.services.context import open_database
    from desktop.services.errors import AccountLocked, WrongPassword

    checked = [0]
    real_verify = acc._verify

    def counting_verify(hash_, password):  # every password this process really checks
        checked[0] += 1
        return real_verify(hash_, password)

    acc._verify = counting_verify
    outcome = {"wrong": 0, "locked": 0, "signed_in": 0, "errors": []}
    ctx = None
    try:
        ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
        barrier.wait(timeout=300)
        for n in range(GUESSES):
            try:
                acc.authenticate(ctx.uow(), username="wangfang", password=f"guess{n}xx")
                outcome["signed_in"] += 1
            except WrongPassword:
                outcome["wrong"] += 1
            except AccountLocked:
                outcome["locked"] += 1
    except Exception:
        outcome["errors"].append(traceback.format_exc())
        barrier.abort()
    finally:
        if ctx is not None:
            ctx.close()
        outcome["checked"] = checked[0]
        results.put(outcome)


@pytest.mark.slow
def test_ten_processes_guessing_at_once_get_at_most_five_checks(admin_ctx):
    accounts.add_user(admin_ctx.uow(), username="wangfang", full_name="王芳", role="clerk",
                      password="pass1234", window_no=3)
    mp_ctx = mp.get_context("forkserver")
    mp_ctx.set_forkserver_preload([__name__])
    barrier = mp_ctx.Barrier(PROCESSES)
    results = mp_ctx.Queue()
    url = admin_ctx.db.url.render_as_string(hide_password=False)
    procs = [mp_ctx.Process(target=_guesser, args=(url, barrier, results)) for _ in range(PROCESSES)]
    for p in procs:
        p.start()
    outcomes = []
    while len(outcomes) < PROCESSES:  # a worker that died before reporting fails the test at once
        try:
            outcomes.append(results.get(timeout=5))
        except queue.Empty:
            if not any(p.is_alive() for p in procs) and results.empty():
                break
    for p in procs:
        p.join(timeout=60)
    assert len(outcomes) == PROCESSES, f"workers died: exit codes {[p.exitcode for p in procs]}"
    assert [e for o in outcomes for e in o["errors"]] == []

    checked = sum(o["checked"] for o in outcomes)
    wrong = sum(o["wrong"] for o in outcomes)
    locked = sum(o["locked"] for o in outcomes)
    assert sum(o["signed_in"] for o in outcomes) == 0
    assert wrong + locked == PROCESSES * GUESSES
    print(f"{admin_ctx.db_kind}: {checked} passwords checked, {wrong} wrong, {locked} refused as locked")
    assert checked == LIMIT, f"{checked} passwords were checked; the limit is {LIMIT}"
    assert wrong == LIMIT - 1  # the fifth wrong password locks instead

    with admin_ctx.uow() as uow:
        user = uow.session.scalar(select(User).where(User.username == "wangfang"))
        assert user.locked_until is not None and user.locked_until > NOW
        failures = [(a.operation, a.before, a.after) for a in uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "user.login_failed"))]
    assert len(failures) == LIMIT, failures  # every checked guess is in the audit log, and only those
