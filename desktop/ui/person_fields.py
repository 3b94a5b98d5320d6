"""The person of a light form (the window matter): look up by ID number, phone or name (Enter), then name, ID
number and phone, all optional. A stored person's numbers stay masked as placeholders and are kept unless
retyped, as in the petition and dispute registrations. Shared by the areas; its texts keep the context
"PersonFields"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QMenu, QWidget

from desktop.services import people
from desktop.services.people import PersonInfo, PersonInput
from desktop.ui import ops
from desktop.ui.messages import describe


class PersonFields(QWidget):
    """``said(kind, text)`` reports what a look-up found ("ok", "info", "error") to the form's banner;
    ``changed`` is emitted whenever the person may have changed (typed, looked up, cleared)."""

    said = Signal(str, str)
    changed = Signal()

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: int | None = None
        self.version: int | None = None
        self.lookup = self._line("person_lookup", self.tr("ID number, phone or name — Enter looks it up"))
        self.lookup.returnPressed.connect(self.look_up)
        self.name = self._line("person_name")
        self.id_number = self._line("person_id_number", self.tr("18 characters"))
        self.id_number.setMaxLength(18)
        self.phone = self._line("person_phone")
        for edit in (self.name, self.id_number, self.phone):
            edit.textEdited.connect(lambda _t: self.changed.emit())
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        for row, (caption, edit) in enumerate(((self.tr("&Look up:"), self.lookup), (self.tr("&Name:"), self.name),
                                               (self.tr("&ID number:"), self.id_number),
                                               (self.tr("P&hone:"), self.phone))):
            label = QLabel(caption)
            label.setBuddy(edit)
            grid.addWidget(label, row, 0)
            grid.addWidget(edit, row, 1)
        grid.setColumnStretch(1, 1)

    @staticmethod
    def _line(name: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(placeholder)
        return edit

    def look_up(self) -> None:
        """One match fills the fields, several offer a menu, none starts a new person from what was typed."""
        text = self.lookup.text().strip()
        if not text:
            return
        looked = ops.Op(self, self.ctx, lambda uow: people.find_people(uow, text=text), read_only=True).failure(
            lambda exc: self.said.emit("error", describe(exc))).run()
        if not looked.ok:
            return
        found = looked.value
        if len(found) == 1:
            self.use(found[0])
        elif found:
            menu = QMenu(self)
            for p in found:
                menu.addAction(f"{p.name}  {p.id_number_masked}  {p.phone_masked}  {p.village}",
                               lambda p=p: self.use(p))
            menu.exec(self.lookup.mapToGlobal(self.lookup.rect().bottomLeft()))
        else:
            self.said.emit("info", self.tr("Nobody found: fill in the new person."))
            compact = text.replace(" ", "").replace("-", "")
            target = self.id_number if len(compact) == 18 else self.phone if compact.isdigit() else self.name
            target.setText(compact if target is not self.name else text)
            self.name.setFocus()
            self.changed.emit()

    def use(self, p: PersonInfo) -> None:
        """A stored person: the numbers show masked as placeholders and are kept unless retyped."""
        stored = self.tr("%1 (stored)")
        self.person_id, self.version = p.id, p.version
        self.name.setText(p.name)
        self.id_number.clear()
        self.id_number.setPlaceholderText(stored.replace("%1", p.id_number_masked) if p.has_id_number else "")
        self.phone.clear()
        self.phone.setPlaceholderText(stored.replace("%1", p.phone_masked) if p.phone_masked else "")
        self.said.emit("ok", self.tr("%1 found.").replace("%1", p.name))
        self.changed.emit()

    def clear(self) -> None:
        self.person_id = self.version = None
        for edit in (self.lookup, self.name, self.id_number, self.phone):
            edit.clear()
        self.id_number.setPlaceholderText(self.tr("18 characters"))
        self.phone.setPlaceholderText("")
        self.changed.emit()

    def value(self) -> PersonInput | None:
        """The person as typed (None when no name is given: the matter is then registered without a person)."""
        name = self.name.text().strip()
        if not name:
            return None
        stored = self.person_id is not None
        return PersonInput(name=name, id_number=self.id_number.text().strip() or None,
                           phone=self.phone.text().strip() or (None if stored else ""),
                           person_id=self.person_id, version=self.version)

    def history_key(self) -> str:
        """What the person's history opens with: a typed ID number or phone, else the look-up text."""
        return self.id_number.text().strip() or self.phone.text().strip() or self.lookup.text().strip()
