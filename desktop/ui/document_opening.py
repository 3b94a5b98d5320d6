"""Opening a mediation or schedule document (registration form, session record, visit record, a room's
day) in the PDF viewer through desktop.ui.ops: the screen gives how to make it and where a refusal goes."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from desktop.facts import FactsError
from desktop.ui import ops
from desktop.ui.documents import open_pdf


def open_document(parent: QWidget, make: Callable[[], bytes], stem: str,
                  failed: Callable[[Exception], None]) -> bool:
    """Make the PDF and open it named ``stem``; a service refusal, or a document that lacks data (both
    FactsError), goes to ``failed`` and nothing opens. True when it opened."""
    made = ops.Op(parent, None, make, catch=(FactsError,)).failure(failed).run()
    if made.ok:
        open_pdf(made.value, stem)
    return made.ok
