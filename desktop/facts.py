"""The base of every expected failure: an exception that carries facts, not sentences. Services and
documents subclass it; the UI turns it into a translated message (desktop/ui/messages.py)."""

from __future__ import annotations


class FactsError(Exception):
    def __init__(self, **facts):
        super().__init__(", ".join(f"{k}={v!r}" for k, v in facts.items()))
        self.facts = facts

    def __getattr__(self, name):
        facts = self.__dict__.get("facts", {})
        if name in facts:
            return facts[name]
        raise AttributeError(name)
