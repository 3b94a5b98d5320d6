"""The words of the audit log: record kinds, operations and service actions by name, the system actors, the
field names of the before/after pane, and the rows of that pane for one entry."""

from __future__ import annotations

import json
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desktop.ui.admin.common import yes_no
from desktop.ui.messages import FIELDS

# Record kinds (table names) and service labels. Areas add theirs; unknown ones show their code.
ENTITY_NAMES = {
    "center": QT_TRANSLATE_NOOP("Entities", "Center"),
    "queue_service": QT_TRANSLATE_NOOP("Entities", "Queue service"),
    "window": QT_TRANSLATE_NOOP("Entities", "Window"),
    "room": QT_TRANSLATE_NOOP("Entities", "Room"),
    "department": QT_TRANSLATE_NOOP("Entities", "Department"),
    "petition_category": QT_TRANSLATE_NOOP("Entities", "Petition category"),
    "dispute_type": QT_TRANSLATE_NOOP("Entities", "Dispute type"),
    "calendar_day": QT_TRANSLATE_NOOP("Entities", "Calendar day"),
    "setting": QT_TRANSLATE_NOOP("Entities", "Setting"),
    "user_account": QT_TRANSLATE_NOOP("Entities", "User account"),
    "user": QT_TRANSLATE_NOOP("Entities", "User account"),
    "calendar_year": QT_TRANSLATE_NOOP("Entities", "Calendar year"),
    "person": QT_TRANSLATE_NOOP("Entities", "Person"),
    "petition": QT_TRANSLATE_NOOP("Entities", "Petition"),
    "petition_party": QT_TRANSLATE_NOOP("Entities", "Petitioner"),
    "petition_reply": QT_TRANSLATE_NOOP("Entities", "Petition reply"),
    "petition_supervision": QT_TRANSLATE_NOOP("Entities", "Petition supervision"),
    "petition_extension": QT_TRANSLATE_NOOP("Entities", "Petition extension"),
    "petition_attachment": QT_TRANSLATE_NOOP("Entities", "Petition attachment"),
    "dispute": QT_TRANSLATE_NOOP("Entities", "Dispute"),
    "dispute_party": QT_TRANSLATE_NOOP("Entities", "Dispute party"),
    "dispute_mediator": QT_TRANSLATE_NOOP("Entities", "Mediator of a dispute"),
    "mediator": QT_TRANSLATE_NOOP("Entities", "Mediator"),
    "mediation_session": QT_TRANSLATE_NOOP("Entities", "Mediation session"),
    "mediation_follow_up": QT_TRANSLATE_NOOP("Entities", "Mediation follow-up visit"),
    "agreement": QT_TRANSLATE_NOOP("Entities", "Mediation agreement"),
    "agreement_term": QT_TRANSLATE_NOOP("Entities", "Agreement term"),
    "term_performance": QT_TRANSLATE_NOOP("Entities", "Performance of a term"),
    "judicial_confirmation": QT_TRANSLATE_NOOP("Entities", "Judicial confirmation"),
    "booking": QT_TRANSLATE_NOOP("Entities", "Room booking"),
    "booking_party": QT_TRANSLATE_NOOP("Entities", "Party of a booking"),
    "booking_mediator": QT_TRANSLATE_NOOP("Entities", "Mediator of a booking"),
    "queue_appointment": QT_TRANSLATE_NOOP("Entities", "Queue appointment"),
    "queue_follow_up": QT_TRANSLATE_NOOP("Entities", "Bad-rating follow-up"),
    "matter": QT_TRANSLATE_NOOP("Entities", "Matter"),
    "matter_handover": QT_TRANSLATE_NOOP("Entities", "Matter handover"),
    "case_file_version": QT_TRANSLATE_NOOP("Entities", "Case file version"),
    "import_batch": QT_TRANSLATE_NOOP("Entities", "Work order import"),
    "imported_work_order": QT_TRANSLATE_NOOP("Entities", "Imported work order"),
    "category_synonym": QT_TRANSLATE_NOOP("Entities", "Category synonym"),
    "intake_layout": QT_TRANSLATE_NOOP("Entities", "Export layout"),
    "voice_clip": QT_TRANSLATE_NOOP("Entities", "Voice clip"),
    "data_key": QT_TRANSLATE_NOOP("Entities", "Personal data key"),
    "database": QT_TRANSLATE_NOOP("Entities", "Database"),
}
ACTION_NAMES = {
    "center.setup": QT_TRANSLATE_NOOP("Actions", "First-run setup"),
    "center.update": QT_TRANSLATE_NOOP("Actions", "Edit the center"),
    "service.save": QT_TRANSLATE_NOOP("Actions", "Save a queue service"),
    "window.save": QT_TRANSLATE_NOOP("Actions", "Save a window"),
    "room.save": QT_TRANSLATE_NOOP("Actions", "Save a room"),
    "department.save": QT_TRANSLATE_NOOP("Actions", "Save a department"),
    "category.save": QT_TRANSLATE_NOOP("Actions", "Save a petition category"),
    "dispute_type.save": QT_TRANSLATE_NOOP("Actions", "Save a dispute type"),
    "calendar.set_day": QT_TRANSLATE_NOOP("Actions", "Change a calendar day"),
    "calendar.import_official": QT_TRANSLATE_NOOP("Actions", "Import official holidays"),
    "calendar.set_range": QT_TRANSLATE_NOOP("Actions", "Change several calendar days"),
    "calendar.import_notice": QT_TRANSLATE_NOOP("Actions", "Import the State Council's holiday notice"),
    "calendar.confirm_year": QT_TRANSLATE_NOOP("Actions", "Confirm a calendar year as official"),
    "setting.update": QT_TRANSLATE_NOOP("Actions", "Change rules and limits"),
    "user.add": QT_TRANSLATE_NOOP("Actions", "Add a user"),
    "user.update": QT_TRANSLATE_NOOP("Actions", "Edit a user"),
    "user.reset_password": QT_TRANSLATE_NOOP("Actions", "Reset a password"),
    "user.change_password": QT_TRANSLATE_NOOP("Actions", "Change own password"),
    "user.unlock": QT_TRANSLATE_NOOP("Actions", "Unlock a user"),
    "user.login": QT_TRANSLATE_NOOP("Actions", "Sign in"),
    "user.login_failed": QT_TRANSLATE_NOOP("Actions", "Failed sign-in"),
    "session.lock": QT_TRANSLATE_NOOP("Actions", "Lock the screen"),
    "session.unlock": QT_TRANSLATE_NOOP("Actions", "Unlock the screen"),
    "session.unlock_failed": QT_TRANSLATE_NOOP("Actions", "Failed screen unlock"),
    "person.save": QT_TRANSLATE_NOOP("Actions", "Save a person"),
    "person.reveal": QT_TRANSLATE_NOOP("Actions", "Show a full ID or phone number"),
    # petitions (信访)
    "petition.register": QT_TRANSLATE_NOOP("Actions", "Register a petition"),
    "petition.assign": QT_TRANSLATE_NOOP("Actions", "Accept and assign a petition"),
    "petition.refuse": QT_TRANSLATE_NOOP("Actions", "Refuse a petition"),
    "petition.object": QT_TRANSLATE_NOOP("Actions", "Object to an assignment"),
    "petition.meet": QT_TRANSLATE_NOOP("Actions", "Record meeting the petitioner"),
    "petition.handle": QT_TRANSLATE_NOOP("Actions", "Record the handling"),
    "petition.conclude": QT_TRANSLATE_NOOP("Actions", "Conclude a petition"),
    "petition.follow_up": QT_TRANSLATE_NOOP("Actions", "Record a petition follow-up visit"),
    "petition.withdraw": QT_TRANSLATE_NOOP("Actions", "Withdraw a petition"),
    "petition.edit": QT_TRANSLATE_NOOP("Actions", "Edit a petition"),
    "petition.request_extension": QT_TRANSLATE_NOOP("Actions", "Request an extension"),
    "petition.decide_extension": QT_TRANSLATE_NOOP("Actions", "Decide on an extension"),
    "petition.hearing": QT_TRANSLATE_NOOP("Actions", "Record a hearing"),
    "petition.supervise": QT_TRANSLATE_NOOP("Actions", "Supervise a petition"),
    "petition.answer_supervision": QT_TRANSLATE_NOOP("Actions", "Answer a supervision"),
    "petition.request_review": QT_TRANSLATE_NOOP("Actions", "Request a review or recheck"),
    "petition.repeat_visit": QT_TRANSLATE_NOOP("Actions", "Record a repeat visit"),
    "petition.attach": QT_TRANSLATE_NOOP("Actions", "Add an attachment"),
    # mediation (人民调解)
    "mediator.enrol": QT_TRANSLATE_NOOP("Actions", "Enrol a mediator"),
    "mediator.save": QT_TRANSLATE_NOOP("Actions", "Save a mediator"),
    "dispute.register": QT_TRANSLATE_NOOP("Actions", "Register a dispute"),
    "dispute.update": QT_TRANSLATE_NOOP("Actions", "Edit a dispute"),
    "dispute.failed": QT_TRANSLATE_NOOP("Actions", "Close a dispute: mediation failed"),
    "dispute.terminated": QT_TRANSLATE_NOOP("Actions", "Close a dispute: mediation terminated"),
    "dispute.referred": QT_TRANSLATE_NOOP("Actions", "Close a dispute: referred elsewhere"),
    "dispute.print_registration": QT_TRANSLATE_NOOP("Actions", "Print a dispute registration form"),
    "session.record": QT_TRANSLATE_NOOP("Actions", "Record a mediation session"),
    "session.update": QT_TRANSLATE_NOOP("Actions", "Edit a mediation session record"),
    "agreement.draft": QT_TRANSLATE_NOOP("Actions", "Draft a mediation agreement"),
    "agreement.save": QT_TRANSLATE_NOOP("Actions", "Save an agreement draft"),
    "agreement.discard": QT_TRANSLATE_NOOP("Actions", "Discard an agreement draft"),
    "agreement.finalise": QT_TRANSLATE_NOOP("Actions", "Finalise a mediation agreement"),
    "agreement.sign": QT_TRANSLATE_NOOP("Actions", "Record the signing of an agreement"),
    "agreement.performance": QT_TRANSLATE_NOOP("Actions", "Record the performance of an agreement"),
    "agreement.print": QT_TRANSLATE_NOOP("Actions", "Print a mediation agreement"),
    "judicial.reminded": QT_TRANSLATE_NOOP("Actions", "Remind the parties of judicial confirmation"),
    "judicial.applied": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation applied for"),
    "judicial.confirmed": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation granted"),
    "judicial.rejected": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation rejected"),
    "judicial.declined": QT_TRANSLATE_NOOP("Actions", "Judicial confirmation declined"),
    "mediation.follow_up": QT_TRANSLATE_NOOP("Actions", "Record a mediation follow-up visit"),
    "booking.add": QT_TRANSLATE_NOOP("Actions", "Book a room"),
    "booking.confirm": QT_TRANSLATE_NOOP("Actions", "Confirm a room booking"),
    "booking.reschedule": QT_TRANSLATE_NOOP("Actions", "Move a room booking"),
    "booking.cancel": QT_TRANSLATE_NOOP("Actions", "Cancel a room booking"),
    "booking.no_show": QT_TRANSLATE_NOOP("Actions", "Parties did not come to a booking"),
    "booking.override_hours": QT_TRANSLATE_NOOP("Actions", "Book outside opening hours"),
    # case files (卷宗)
    "case_file.preview": QT_TRANSLATE_NOOP("Actions", "Preview a case file"),
    "case_file.finalise": QT_TRANSLATE_NOOP("Actions", "Finalise a case file"),
    "case_file.new_version": QT_TRANSLATE_NOOP("Actions", "Make a new case file version"),
    "case_file.open": QT_TRANSLATE_NOOP("Actions", "Open a stored case file"),
    "case_file.export": QT_TRANSLATE_NOOP("Actions", "Export case files"),
    # the queue
    "appointment.book": QT_TRANSLATE_NOOP("Actions", "Book a queue appointment"),
    "appointment.cancel": QT_TRANSLATE_NOOP("Actions", "Cancel a queue appointment"),
    "appointment.check_in": QT_TRANSLATE_NOOP("Actions", "Check in an appointment"),
    "queue.follow_up.open": QT_TRANSLATE_NOOP("Actions", "Open a bad-rating follow-up"),
    "queue.follow_up.answer": QT_TRANSLATE_NOOP("Actions", "Answer a bad-rating follow-up"),
    "matter.rate": QT_TRANSLATE_NOOP("Actions", "Rate a matter's outcome at the kiosk"),
    "matter.register": QT_TRANSLATE_NOOP("Actions", "Register a window matter"),
    "matter.close": QT_TRANSLATE_NOOP("Actions", "Conclude a window matter"),
    "matter.hand_over": QT_TRANSLATE_NOOP("Actions", "Hand a matter over"),
    "matter.acknowledge": QT_TRANSLATE_NOOP("Actions", "Acknowledge a matter handed over"),
    # 12345 and grid work orders
    "intake.import": QT_TRANSLATE_NOOP("Actions", "Import work orders"),
    "intake.discard": QT_TRANSLATE_NOOP("Actions", "Discard an interrupted import"),
    "intake.update": QT_TRANSLATE_NOOP("Actions", "Update from an imported work order"),
    "intake.synonym": QT_TRANSLATE_NOOP("Actions", "Save a category synonym"),
    "intake.export_layout": QT_TRANSLATE_NOOP("Actions", "Save an export layout"),
    "intake.export": QT_TRANSLATE_NOOP("Actions", "Export handling results"),
    # the center's PCs, keys and backups
    "user.add_first_admin": QT_TRANSLATE_NOOP("Actions", "Add the first administrator"),
    "voice.clip": QT_TRANSLATE_NOOP("Actions", "Record a voice clip"),
    "voice.clip.delete": QT_TRANSLATE_NOOP("Actions", "Delete a voice clip"),
    "voice.import": QT_TRANSLATE_NOOP("Actions", "Import a voice pack"),
    "voice.settings": QT_TRANSLATE_NOOP("Actions", "Change the hall voice settings"),
    "printer.settings": QT_TRANSLATE_NOOP("Actions", "Change the ticket printer settings"),
    "data_key.enter": QT_TRANSLATE_NOOP("Actions", "Enter the personal data key"),
    "data_key.recovery_sheet": QT_TRANSLATE_NOOP("Actions", "Print the key recovery sheet"),
    "database.backup": QT_TRANSLATE_NOOP("Actions", "Back up the database"),
    "database.restore": QT_TRANSLATE_NOOP("Actions", "Restore the database"),
}
UNLABELLED = QT_TRANSLATE_NOOP("Actions", "%1 %2")  # operation, kind of record: 「修改信访事项」
OTHER_ACTION = QT_TRANSLATE_NOOP("Actions", "Other operation")
OPERATIONS = {
    "insert": QT_TRANSLATE_NOOP("Operations", "Added"),
    "update": QT_TRANSLATE_NOOP("Operations", "Changed"),
    "delete": QT_TRANSLATE_NOOP("Operations", "Removed"),
    "event": QT_TRANSLATE_NOOP("Operations", "Event"),
}
# Column names in the before/after pane, beyond those messages.FIELDS already names.
AUDIT_FIELDS = {
    "id": QT_TRANSLATE_NOOP("Fields", "Record ID"),
    "active": QT_TRANSLATE_NOOP("Fields", "Active"),
    "day": QT_TRANSLATE_NOOP("Fields", "Date"),
    "is_workday": QT_TRANSLATE_NOOP("Fields", "Working day"),
    "key": QT_TRANSLATE_NOOP("Fields", "Setting"),
    "value": QT_TRANSLATE_NOOP("Fields", "Value"),
    "window_id": QT_TRANSLATE_NOOP("Fields", "Window (record ID)"),
    "password_hash": QT_TRANSLATE_NOOP("Fields", "Password (hidden)"),
    "failed_logins": QT_TRANSLATE_NOOP("Fields", "Failed sign-ins"),
    "locked_until": QT_TRANSLATE_NOOP("Fields", "Locked until"),
    "last_login_at": QT_TRANSLATE_NOOP("Fields", "Last sign-in"),
    "created_at": QT_TRANSLATE_NOOP("Fields", "Created at"),
}
CHANGED_BG = "#fff4c2"
ISO_DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def entity_name(entity: str) -> str:
    return QCoreApplication.translate("Entities", ENTITY_NAMES[entity]) if entity in ENTITY_NAMES else entity


def action_name(action: str) -> str:
    """The operation in words. A change no service labelled is logged as ``<table>.<operation>``
    (desktop.models.audit): it reads as the operation and the kind of record (「修改信访事项」)."""
    if action in ACTION_NAMES:
        return QCoreApplication.translate("Actions", ACTION_NAMES[action])
    entity, _dot, operation = action.rpartition(".")
    if operation in OPERATIONS and entity:
        return QCoreApplication.translate("Actions", UNLABELLED).replace("%1", operation_name(operation)).replace(
            "%2", entity_name(entity))
    return QCoreApplication.translate("Actions", OTHER_ACTION)


# the names the command line and background work write (desktop.db.Actor.system)
SYSTEM_ACTORS = {
    "system": QT_TRANSLATE_NOOP("AuditScreen", "System"),
    "backup": QT_TRANSLATE_NOOP("AuditScreen", "System (backup)"),
    "demo": QT_TRANSLATE_NOOP("AuditScreen", "System (demo data)"),
    "key enter": QT_TRANSLATE_NOOP("AuditScreen", "System (entering the data key)"),
}


def actor_label(name: str) -> str:
    """Who did it: the account name, or 「系统」 for the system itself."""
    return QCoreApplication.translate("AuditScreen", SYSTEM_ACTORS[name]) if name in SYSTEM_ACTORS else name


def operation_name(operation: str) -> str:
    return QCoreApplication.translate("Operations", OPERATIONS.get(operation, operation))


def field_name(key: str) -> str:
    source = AUDIT_FIELDS.get(key) or FIELDS.get(key)
    return QCoreApplication.translate("Fields", source) if source else key


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and ISO_DATETIME.match(value):  # the log stores times as ISO 8601
        return value.replace("T", " ", 1)
    return str(value)


def detail_rows(entry) -> list[tuple[str, str, str, bool]]:
    """(field, before, after, changed) for each value the entry carries."""
    before, after = entry.before or {}, entry.after or {}
    rows = []
    for key in list(dict.fromkeys([*before, *after])):
        old, new = before.get(key), after.get(key)
        changed = entry.operation == "update" and old != new
        rows.append((key, _value(old), _value(new), changed))
    return rows
