"""One sheet of a work-order file as read (header labels and data rows), and the progress and cancel
callbacks a long read or import takes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from desktop.services.intake.cells import blank, display


@dataclass(frozen=True)
class SheetData:
    """One sheet of a work-order file: its header labels and data rows, with the row numbers Excel shows."""

    file_name: str
    kind: str  # "xlsx" / "xls" / "csv"
    encoding: str  # of a CSV file ("utf-8", "utf-8-sig", "utf-16", "gb18030"); "" for workbooks
    sha256: str
    sheet: str
    sheets: tuple[str, ...]
    header_row: int  # 1-based; the last row of a two-level header
    header_detected: bool  # False when the clerk chose the header row
    headers: tuple[str, ...]  # one label per column ("" when a column has none)
    rows: tuple[tuple[int, tuple], ...]  # (row number, cell values), empty rows left out
    empty_rows: int  # blank rows skipped between the data rows
    date1904: bool = False  # serial numbers count from 1904

    def column(self, header: str) -> int | None:
        try:
            return self.headers.index(header)
        except ValueError:
            return None

    def samples(self, header: str, count: int = 3) -> list[str]:
        """The first few non-empty values of a column, as text (for the mapping step)."""
        i = self.column(header)
        out: list[str] = []
        if i is None:
            return out
        for _, values in self.rows:
            if i < len(values) and not blank(values[i]):
                out.append(display(values[i]))
                if len(out) == count:
                    break
        return out


Progress = Callable[[str, int, int], None]  # (stage, done, total)
CancelCheck = Callable[[], bool]


def _never() -> bool:
    return False


def _quiet(_stage: str, _done: int, _total: int) -> None:
    return None
