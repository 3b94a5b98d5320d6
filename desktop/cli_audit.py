"""``onestop audit verify``: check the audit log's hash chain (read-only, so no sign-in).

Exit 0 when the log is intact, 1 naming the first entry that was changed, removed or inserted, 2 when the
database cannot be opened or its schema is older than this OneStop (``onestop db upgrade`` first).
``--expect SEQ:HASH`` (repeatable) also checks chain heads recorded elsewhere, such as the one each backup
records in backup-status.json, which catches a log rewritten with every hash recomputed.
"""

from __future__ import annotations

import argparse
import re
import sys

from desktop.services import audit_chain as chain
from desktop.services import backup

_EXPECT = re.compile(r"(\d+):([0-9a-f]{64})")


def expectation(text: str) -> tuple[int, str]:
    m = _EXPECT.fullmatch(text.strip().lower())
    if m is None:
        raise argparse.ArgumentTypeError(f"not SEQ:HASH (a position and 64 hex digits): {text!r}")
    return int(m[1]), m[2]


def _entry(p: chain.ChainProblem) -> str:
    when = f", {p.at:%Y-%m-%d %H:%M:%S}" if p.at else ""
    action = f", {p.action}" if p.action else ""
    place = f"position {p.seq}" if p.seq is not None else "no position in the chain"
    return f"entry #{p.entry_id} ({place}{when}{action})"


def describe(p: chain.ChainProblem) -> str:
    """The problem in one English sentence (the admin screen words the same facts in its language)."""
    if p.kind == chain.CHANGED:
        return f"{_entry(p)} was changed after it was written"
    if p.kind == chain.INSERTED:
        return f"{_entry(p)} was inserted out of order, not by OneStop"
    if p.kind == chain.REWRITTEN:
        return f"{_entry(p)} no longer has the hash recorded for it earlier: the log was rewritten up to there"
    one = p.missing_from == p.missing_to
    span = f"the entry at position {p.missing_from} was" if one else \
        f"the entries at positions {p.missing_from}-{p.missing_to} were"
    if p.entry_id is not None:
        return f"{span} removed; the next one left is {_entry(p)}"
    after = f"; the last one left is entry #{p.after_id}" if p.after_id is not None else ""
    return f"{span} removed from the end of the log{after}"


def verify(ctx, args) -> int:
    from desktop import migrations

    if migrations.needs_upgrade(ctx.db):
        print("onestop: the database schema is older than this OneStop: run 'onestop db upgrade' first",
              file=sys.stderr)
        return 2
    report = chain.verify_chain(ctx.uow(read_only=True), expect=args.expect)
    head = f"chain head {report.head_seq}:{report.head_hash}"
    if report.ok:
        checked = f", {len(args.expect)} recorded head(s) matched" if args.expect else ""
        print(f"audit log intact: {report.entries} entries{checked}; {head}")
        recorded = backup.recorded_audit_head(ctx.db)
        if recorded and not args.expect:
            seq, digest, at = recorded
            print(f"the last backup on this PC ({at:%Y-%m-%d %H:%M}) recorded chain head {seq}:{digest}; "
                  f"check the log still holds it with --expect {seq}:{digest}")
        return 0
    print(f"onestop: audit log BROKEN: {describe(report.problem)} ({report.entries} entries read; {head})",
          file=sys.stderr)
    return 1
