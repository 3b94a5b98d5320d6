"""Audit search (issue 16, item 8): the text is matched literally on both engines; ``%`` and ``_`` are not
wildcards (``_`` used to return every entry)."""

from __future__ import annotations

from desktop.services import audit


def _record(ctx, *actions: str) -> None:
    with ctx.uow() as uow:
        for action in actions:
            audit.record_event(uow, action=action, entity="user", entity_id="7")
        uow.commit()


def _found(ctx, text: str) -> list[str]:
    return [e.action for e in audit.list_audit(ctx.uow(), where=audit.AuditFilter(text=text), limit=10_000)]


def test_percent_and_underscore_are_matched_literally(ctx):
    _record(ctx, "test.a_b", "test.axb", "test.50%", "test.500", "test.back\\slash", "test.slash/")
    everything = _found(ctx, "")
    assert len(everything) > 6
    assert _found(ctx, "_") == [a for a in everything if "_" in a] and len(_found(ctx, "_")) < len(everything)
    assert _found(ctx, "a_b") == ["test.a_b"]
    assert _found(ctx, "%") == ["test.50%"]
    assert _found(ctx, "50%") == ["test.50%"]
    assert _found(ctx, "\\") == ["test.back\\slash"]
    assert _found(ctx, "/") == ["test.slash/"]
    assert _found(ctx, "test.") == [a for a in everything if "test." in a]
    assert audit.count_audit(ctx.uow(), where=audit.AuditFilter(text="_")) == len(_found(ctx, "_"))
    assert set(everything[:6]) <= set(_found(ctx, "7"))  # a record id is matched exactly
