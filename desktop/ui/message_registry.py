"""Where the areas register the sentences for their typed failures and the words for their fields. Each
area's texts module calls register() and register_fields() when it is imported (desktop/ui/app.py imports
them all before a window shows); desktop/ui/messages.py asks render_for() and invalid_text(). Imports no area."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable

from desktop.ui.fields import FIELDS

Render = Callable[[dict], str]
InvalidHook = Callable[[dict], "str | None"]

MESSAGES: list = []  # every registered (exception class or "module.Class", render), in registration order
_by_class: dict[type, Render] = {}
_by_name: dict[str, Render] = {}  # "module.Class" of a heavy module (pandas, reportlab), looked up once loaded
_invalid_hooks: list[tuple[int, InvalidHook]] = []


def register(messages: Iterable) -> None:
    """Add (exception class or "module.Class", render(facts)) pairs; a class registered twice keeps its first."""
    for kind, render in messages:
        table = _by_name if isinstance(kind, str) else _by_class
        if kind not in table:
            table[kind] = render
            MESSAGES.append((kind, render))


def register_fields(fields: dict[str, str], *, replace: bool) -> None:
    """Add field words; replace=True overrides a word already there, False keeps it."""
    for key, label in fields.items():
        if replace:
            FIELDS[key] = label
        else:
            FIELDS.setdefault(key, label)


def register_invalid(hook: InvalidHook, *, rank: int) -> None:
    """An area's sentences for reasons of Invalid: hook(facts) gives one or None. Hooks are asked by rank, lowest
    first, because two areas may answer the same reason (mediation's "inactive" is asked before the queue's)."""
    _invalid_hooks.append((rank, hook))
    _invalid_hooks.sort(key=lambda pair: pair[0])


def invalid_text(facts: dict) -> str | None:
    """The first area sentence for an Invalid, or None to leave it to the common reasons."""
    for _rank, hook in _invalid_hooks:
        if (text := hook(facts)) is not None:
            return text
    return None


def render_for(exc: BaseException) -> Render | None:
    """The render of the most specific registered class of exc (walking its __mro__), or None."""
    for name in [n for n in _by_name if n.rpartition(".")[0] in sys.modules]:  # not loaded: no such exception
        module, _, cls = name.rpartition(".")
        if (kind := getattr(sys.modules[module], cls, None)) is not None:
            _by_class.setdefault(kind, _by_name.pop(name))
    for kind in type(exc).__mro__:
        if kind in _by_class:
            return _by_class[kind]
    return None
