"""What the import wizard's steps hand on to each other (the file as read, the preview of its rows, the
import's result, the repeats the clerk chose to register as new cases), and the order of its pages.

The page modules translate their texts in the context ``ImportWizard`` (``translate("ImportWizard", …)``):
the context the texts had when the wizard was one class, which the translation files keep."""

from __future__ import annotations

from dataclasses import dataclass, field

from desktop.services import intake

FILE, MAPPING, PREVIEW, RESULT = range(4)


@dataclass
class ImportState:
    opened: intake.OpenedFile | None = None
    read_key: tuple | None = None  # (source, path, sheet, header_row) the file was read with
    preview: intake.ImportPreview | None = None
    result: intake.ImportResult | None = None
    register_as_new: set[int] = field(default_factory=set)

    def clear(self) -> None:
        """Back to no file (Import another file)."""
        self.opened = self.preview = self.result = None
        self.read_key = None
        self.register_as_new.clear()
