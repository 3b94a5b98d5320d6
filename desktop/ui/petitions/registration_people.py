"""The petitioners of the registration dialog: the person editor with its look-up (by ID number, phone or name;
stored numbers stay masked and are kept unless retyped), the list of petitioners added so far, and the checks
made before a person is added. Each function takes the RegistrationDialog, which keeps the widgets.

The texts keep the translation context "RegistrationDialog" of the dialog they belong to."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop.services import people
from desktop.services.errors import Invalid, ServiceError
from desktop.services.people import InvalidIdNumber, InvalidPhone, PersonInfo, PersonInput
from desktop.ui.petitions.failures import describe
from desktop.ui.petitions.widgets import button
from desktop.ui.text import translator

_tr = translator("RegistrationDialog")


def _line(name: str | None = None) -> QLineEdit:
    edit = QLineEdit()
    if name:
        edit.setObjectName(name)
    return edit


def _person_grid(dialog) -> QGridLayout:
    """Look-up, the person's fields in pairs, Clear and Add petitioner."""
    add = button(dialog, _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "&Add petitioner")), dialog.add_petitioner,
                 "Ctrl+Shift+A")
    clear = button(dialog, _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Clear")), lambda: clear_person(dialog))
    person = QGridLayout()
    person.addWidget(QLabel(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Look up:"))), 0, 0)
    person.addWidget(dialog.lookup, 0, 1, 1, 3)
    person.addWidget(button(dialog, _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Look up")), dialog.look_up), 0, 4)
    for row, cells in enumerate([
        [(QT_TRANSLATE_NOOP("RegistrationDialog", "Name:"), dialog.name),
         (QT_TRANSLATE_NOOP("RegistrationDialog", "ID number:"), dialog.id_number)],
        [(QT_TRANSLATE_NOOP("RegistrationDialog", "Phone:"), dialog.phone),
         (QT_TRANSLATE_NOOP("RegistrationDialog", "Village / community:"), dialog.village)],
        [(QT_TRANSLATE_NOOP("RegistrationDialog", "Address:"), dialog.address),
         (QT_TRANSLATE_NOOP("RegistrationDialog", "Grid:"), dialog.grid)],
        [(QT_TRANSLATE_NOOP("RegistrationDialog", "Organisation:"), dialog.organisation)],
    ], start=1):
        for col, (caption, widget) in enumerate(cells):
            person.addWidget(QLabel(_tr(caption)), row, col * 2)
            person.addWidget(widget, row, col * 2 + 1)
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(clear)
    buttons.addWidget(add)
    person.addLayout(buttons, 4, 2, 1, 3)
    return person


def build_people(dialog) -> QGroupBox:
    """The person editor (look-up and fields) and the list of petitioners."""
    dialog.lookup = _line("lookup")
    dialog.lookup.setPlaceholderText(_tr(QT_TRANSLATE_NOOP("RegistrationDialog",
                                                           "ID number, phone or name — Enter looks it up")))
    dialog.lookup.returnPressed.connect(dialog.look_up)
    dialog.name = _line("name")
    dialog.id_number = _line("id_number")
    dialog.id_number.setMaxLength(18)
    dialog.phone = _line("phone")
    dialog.address = _line()
    dialog.village = _line("village")
    dialog.grid = _line()
    dialog.organisation = _line()
    dialog.organisation.setPlaceholderText(_tr(QT_TRANSLATE_NOOP("RegistrationDialog",
                                                                 "only when speaking for an organisation")))
    person = _person_grid(dialog)
    dialog.list = QTableWidget(0, 4)
    dialog.list.setObjectName("petitioners")
    dialog.list.setHorizontalHeaderLabels([
        _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Name")), _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "ID number")),
        _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Phone")), _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Village"))])
    dialog.list.verticalHeader().setVisible(False)
    dialog.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    dialog.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    dialog.list.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    dialog.list.setMaximumHeight(96)
    remove = button(dialog, _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Remove")), lambda: remove_petitioner(dialog))
    people_box = QGroupBox(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Petitioners")))
    pl = QVBoxLayout(people_box)
    pl.addLayout(person)
    lr = QHBoxLayout()
    lr.addWidget(dialog.list, 1)
    lr.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
    pl.addLayout(lr)
    return people_box


def look_up(dialog, quiet: bool = False) -> None:
    """One match fills the editor, several offer a menu (never when ``quiet``), none starts a new person."""
    text = dialog.lookup.text().strip()
    if not text:
        return
    try:
        found = people.find_people(dialog.ctx.uow(read_only=True), text=text)
    except ServiceError as exc:
        dialog.banner.error(describe(exc))
        return
    if len(found) == 1:
        use_person(dialog, found[0])
    elif found and quiet:  # opening the dialog never pops a menu up by itself
        dialog.banner.info(_tr(QT_TRANSLATE_NOOP(
            "RegistrationDialog", "%1 people match: press Enter in Look up to choose.")).replace("%1", str(len(found))))
    elif found:
        menu = QMenu(dialog)
        for p in found:
            menu.addAction(f"{p.name}  {p.id_number_masked}  {p.phone_masked}  {p.village}",
                           lambda p=p: use_person(dialog, p))
        menu.exec(dialog.lookup.mapToGlobal(dialog.lookup.rect().bottomLeft()))
    elif not quiet:
        dialog.banner.info(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "Nobody found: fill in the new person.")))
        compact = text.replace(" ", "").replace("-", "")
        if len(compact) == 18:
            dialog.id_number.setText(compact)
        elif compact.isdigit():
            dialog.phone.setText(compact)
        else:
            dialog.name.setText(text)
        dialog.name.setFocus()


def use_person(dialog, p: PersonInfo) -> None:
    """A stored person in the editor; the numbers show masked as placeholders and are kept unless retyped."""
    stored = _tr(QT_TRANSLATE_NOOP("RegistrationDialog", "%1 (stored)"))
    dialog._person_id, dialog._person_version = p.id, p.version
    dialog.name.setText(p.name)
    dialog.id_number.clear()
    dialog.id_number.setPlaceholderText(stored.replace("%1", p.id_number_masked) if p.has_id_number else "")
    dialog.phone.clear()
    dialog.phone.setPlaceholderText(stored.replace("%1", p.phone_masked) if p.phone_masked else "")
    dialog.address.setText(p.address)
    dialog.village.setText(p.village)
    dialog.grid.setText(p.grid)
    dialog.organisation.setText(p.organisation)
    dialog.banner.ok(_tr(QT_TRANSLATE_NOOP("RegistrationDialog", "%1 found: check the details, then add the "
                                                                 "petitioner.")).replace("%1", p.name))
    dialog._timer.start()


def clear_person(dialog) -> None:
    dialog._person_id = dialog._person_version = None
    for edit in (dialog.lookup, dialog.name, dialog.id_number, dialog.phone, dialog.address, dialog.village,
                 dialog.grid, dialog.organisation):
        edit.clear()
    dialog.id_number.setPlaceholderText("")
    dialog.phone.setPlaceholderText("")


def editor_person(dialog) -> PersonInput | None:
    """The person in the editor (None while it has no name)."""
    name = dialog.name.text().strip()
    if not name:
        return None
    stored = dialog._person_id is not None
    return PersonInput(
        name=name, id_number=dialog.id_number.text().strip() or None,
        phone=dialog.phone.text().strip() or (None if stored else ""), address=dialog.address.text(),
        village=dialog.village.text(), grid=dialog.grid.text(), organisation=dialog.organisation.text(),
        person_id=dialog._person_id, version=dialog._person_version)


def add_petitioner(dialog) -> bool:
    """The person in the editor joins the list, after the service's own checks of name, ID number and phone."""
    data = editor_person(dialog)
    if data is None:
        dialog.banner.error(describe(Invalid(field="name", reason="empty")))
        dialog.name.setFocus()
        return False
    try:  # the same checks as the service, before anything is sent
        if data.id_number:
            people.validate_id_number(data.id_number, today=dialog.ctx.clock.today())
        if data.phone:
            people.normalize_phone(data.phone)
    except (InvalidIdNumber, InvalidPhone) as exc:
        dialog.banner.error(describe(exc))
        (dialog.id_number if isinstance(exc, InvalidIdNumber) else dialog.phone).setFocus()
        return False
    dialog.petitioners.append(data)
    row = dialog.list.rowCount()
    dialog.list.insertRow(row)
    masked_id = people.mask_id(data.id_number) if data.id_number else dialog.id_number.placeholderText()
    masked_phone = people.mask_phone(people.normalize_phone(data.phone)) if data.phone else \
        dialog.phone.placeholderText()
    for col, value in enumerate((data.name, masked_id, masked_phone, data.village)):
        dialog.list.setItem(row, col, QTableWidgetItem(value))
    clear_person(dialog)
    dialog.banner.clear_message()
    dialog._timer.start()
    dialog.lookup.setFocus()
    return True


def remove_petitioner(dialog) -> None:
    row = dialog.list.currentRow()
    if 0 <= row < len(dialog.petitioners):
        del dialog.petitioners[row]
        dialog.list.removeRow(row)
        dialog._timer.start()
