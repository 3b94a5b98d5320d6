"""一人一档: a person opened by ID number, phone or name (Enter looks them up) and every matter of theirs, newest
first: window matters, petitions, disputes and work orders with their code, kind, state, current step and case
numbers (the petitions and disputes of a person are the cases of their matters). Opened from the window matter
form (「此人全部事项」) and from the clerk panel."""

from __future__ import annotations

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import matters, people
from desktop.services.matters import MatterRow
from desktop.services.people import PersonInfo
from desktop.ui import ops
from desktop.ui.messages import describe
from desktop.ui.queue import matter_texts
from desktop.ui.widgets import Banner, read_only_table

OPEN_COLOUR = "#fff1b8"


class PersonHistoryDialog(QDialog):
    def __init__(self, ctx, parent=None, *, person_id: int | None = None, key: str = ""):
        super().__init__(parent)
        self.ctx = ctx
        self.person: PersonInfo | None = None
        self.rows: list[MatterRow] = []
        self.setWindowTitle(self.tr("All matters of a person"))
        self.resize(980, 520)
        self.lookup = QLineEdit(key)
        self.lookup.setObjectName("history_lookup")
        self.lookup.setPlaceholderText(self.tr("ID number, phone or name — Enter opens the person"))
        self.lookup.returnPressed.connect(self.look_up)
        self.who = QLabel()
        self.who.setObjectName("history_person")
        self.who.setStyleSheet("font-size: 15px; font-weight: bold;")
        self.banner = Banner(self)
        self.table = read_only_table([self.tr("Matter"), self.tr("Kind"), self.tr("Summary"), self.tr("State"),
                                      self.tr("Registered"), self.tr("Current step"), self.tr("Cases"),
                                      self.tr("Visit (ticket)")])
        self.table.setObjectName("history_table")
        close = QPushButton(self.tr("Close"))
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Person:")))
        top.addWidget(self.lookup, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.banner, 1)
        bottom.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.who)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        if person_id is not None:
            found = ops.Op(self, self.ctx, lambda uow: people.get_person(uow, person_id=person_id),
                           read_only=True).failure(lambda exc: self.banner.error(describe(exc))).run()
            if found.ok:
                self.show_person(found.value)
        elif key:
            self.look_up()
        self.lookup.setFocus()

    def look_up(self) -> None:
        text = self.lookup.text().strip()
        if not text:
            return
        found = ops.Op(self, self.ctx, lambda uow: people.find_people(uow, text=text), read_only=True).failure(
            lambda exc: self.banner.error(describe(exc))).run()
        if not found.ok:
            return
        if not found.value:
            self.banner.info(self.tr("Nobody is registered with “%1”.").replace("%1", text))
        elif len(found.value) == 1:
            self.show_person(found.value[0])
        else:
            menu = QMenu(self)
            for p in found.value:
                menu.addAction(f"{p.name}  {p.id_number_masked}  {p.phone_masked}  {p.village}",
                               lambda p=p: self.show_person(p))
            menu.exec(self.lookup.mapToGlobal(self.lookup.rect().bottomLeft()))

    def show_person(self, p: PersonInfo) -> None:
        rows = ops.Op(self, self.ctx, lambda uow: matters.person_matters(uow, person_id=p.id),
                      read_only=True).failure(lambda exc: self.banner.error(describe(exc))).run()
        if not rows.ok:
            return
        self.person, self.rows = p, rows.value
        numbers = "  ".join(x for x in (p.id_number_masked, p.phone_masked, p.village) if x)
        self.who.setText(f"{p.name}  {numbers}")
        self.setWindowTitle(self.tr("All matters of %1").replace("%1", p.name))
        self._fill()
        still = sum(r.state == "open" for r in self.rows)
        self.banner.info(self.tr("%1 matters, %2 of them in progress.").replace("%1", str(len(self.rows))).replace(
            "%2", str(still)))

    def _fill(self) -> None:
        self.table.setRowCount(len(self.rows))
        for r, m in enumerate(self.rows):
            values = (m.code, matter_texts.label(matter_texts.KINDS, m.kind), m.summary[:60],
                      matter_texts.label(matter_texts.STATES, m.state), m.registered_at.strftime("%Y-%m-%d %H:%M"),
                      m.step, m.cases, m.visit)
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if m.state == "open":
                    item.setBackground(QColor(OPEN_COLOUR))
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        for c in range(self.table.columnCount()):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 300))
