"""What the import wizard's preview says about each row: the table's columns, the note of a row (why it is a
repeat, what changed, what is wrong), the detail of the selected row and the summary line of the counts."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt

from desktop.services import intake
from desktop.ui.petitions_import import texts
from desktop.ui.tablemodel import Column

translate = QCoreApplication.translate  # in the context ImportWizard (see state.py)


def _category(r: intake.PreviewRow) -> str:
    if r.category_matched:
        return r.category if r.category_text in ("", r.category) else f"{r.category_text} → {r.category}"
    return f"{r.category_text or '—'} → {r.category} ⚠"


def columns() -> list[Column]:
    return [
        Column(translate("ImportWizard", "Row"), lambda r: r.row_no, "row",
               Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
        Column(translate("ImportWizard", "Status"), lambda r: texts.status_label(r.status), "status",
               background=lambda r: texts.STATUS_COLOURS.get(r.status)),
        Column(translate("ImportWizard", "Work order"), lambda r: r.work_order_no, "work_order_no"),
        Column(translate("ImportWizard", "Received"),
               lambda r: r.received_at.strftime("%Y-%m-%d %H:%M") if r.received_at else "", "received"),
        Column(translate("ImportWizard", "Caller"), lambda r: r.caller_name),
        Column(translate("ImportWizard", "Phone"), lambda r: r.phone_masked,
               foreground=lambda r: "#b00020" if any(p.field == "phone" for p in r.problems) else None,
               tooltip=lambda r: translate("ImportWizard", "The leading zero lost in Excel was restored")
               if r.phone_fixed else None),
        Column(translate("ImportWizard", "Village"), lambda r: r.village),
        Column(translate("ImportWizard", "Category"), _category,
               foreground=lambda r: "#a15c00" if not r.category_matched else None,
               tooltip=lambda r: None if r.category_matched else
               translate("ImportWizard", "No category of ours has this name: the row goes to 其他")),
        Column(translate("ImportWizard", "Content"), lambda r: r.content.replace("\n", " ")[:60],
               tooltip=lambda r: r.content),
        Column(translate("ImportWizard", "Notes"), note, foreground=lambda r: "#b00020" if r.problems else None),
    ]


def _repeat_note(r: intake.PreviewRow) -> str:
    if r.final:
        return translate("ImportWizard", "Settled by 复核 (%1): recorded as a repeat visit, not accepted again"
                         ).replace("%1", r.case_no)
    if r.repeat_of_row is not None:
        return translate("ImportWizard", "Same matter as row %1 (%2% alike): a repeat visit").replace(
            "%1", str(r.repeat_of_row)).replace("%2", str(r.similarity))
    return translate("ImportWizard", "Same matter as %1 in progress (%2% alike): a repeat visit").replace(
        "%1", r.case_no).replace("%2", str(r.similarity))


def note(r: intake.PreviewRow) -> str:
    if r.problems:
        return "；".join(texts.problem_text(p) for p in r.problems)
    if r.status == intake.REPEAT:
        return _repeat_note(r)
    if r.status == intake.CHANGED:
        changed = "、".join(texts.field_label(c.field) for c in r.changes)
        if r.update_blocked:
            return translate("ImportWizard", "Changed: %1 — case %2 is closed, the change cannot be applied"
                             ).replace("%1", changed).replace("%2", r.case_no)
        return translate("ImportWizard", "Changed since the last import: %1 (%2)").replace(
            "%1", changed).replace("%2", r.case_no)
    if r.status == intake.UNCHANGED:
        return translate("ImportWizard", "Imported before as %1").replace("%1", r.case_no)
    notes = []
    if r.registered_as_new:
        notes.append(translate("ImportWizard", "Registered as a new case by your choice"))
    if r.open_cases:
        notes.append(translate("ImportWizard", "Caller has cases in progress: %1").replace(
            "%1", "、".join(r.open_cases)))
    if r.phone_fixed:
        notes.append(translate("ImportWizard", "Leading zero of the phone restored"))
    return "；".join(notes)


def detail_html(r: intake.PreviewRow) -> str:
    e = html.escape
    title = translate("ImportWizard", "Row %1").replace("%1", str(r.row_no))
    lines = [f"<b>{e(title)}</b> · {e(texts.status_label(r.status))} · {e(r.work_order_no)}"]
    if r.problems:
        lines.append("<span style='color:#b00020'>" + "<br>".join(e(texts.problem_text(p)) for p in r.problems)
                     + "</span>")
    text = note(r)
    if text and not r.problems:
        lines.append(e(text))
    for change in r.changes:
        lines.append(f"{e(texts.field_label(change.field))}：<s>{e(change.old) or '—'}</s> → {e(change.new) or '—'}")
    facts = [(texts.field_label("caller_name"), r.caller_name), (texts.field_label("phone"), r.phone_masked),
             (texts.field_label("address"), r.address), (texts.field_label("village"), r.village),
             (texts.field_label("grid"), r.grid),
             (texts.field_label("requested_deadline"),
              r.requested_due_on.isoformat() if r.requested_due_on else "")]
    lines.append(" · ".join(f"{e(k)}：{e(v)}" for k, v in facts if v))
    lines.append(e(r.content).replace("\n", "<br>"))
    return "<br>".join(lines)


def _chip(status: str, text: str) -> str:
    return (f'<span style="background-color:{texts.STATUS_COLOURS[status]}">&nbsp;{html.escape(text)}&nbsp;'
            f"</span>")


def summary_html(preview: intake.ImportPreview) -> str:
    c = preview.counts
    parts = [
        translate("ImportWizard", "<b>%1</b> rows: ").replace("%1", f"{c.total:,}"),
        _chip("new", translate("ImportWizard", "%1 new cases").replace("%1", f"{c.new:,}")),
        _chip("repeat", translate("ImportWizard", "%1 repeats").replace("%1", f"{c.repeat:,}")),
        _chip("changed", translate("ImportWizard", "%1 changed").replace("%1", f"{c.changed:,}")),
        _chip("unchanged", translate("ImportWizard", "%1 unchanged").replace("%1", f"{c.unchanged:,}")),
        _chip("rejected", translate("ImportWizard", "%1 rejected").replace("%1", f"{c.rejected:,}")),
    ]
    extra = []
    if c.other_category:
        extra.append(translate("ImportWizard", "%1 new cases go to the category 其他 (names not recognised: %2)"
                               ).replace("%1", str(c.other_category)).replace(
            "%2", html.escape("、".join(preview.unmatched_categories[:6]) or "—")))
    if c.empty_rows:
        extra.append(translate("ImportWizard", "%1 empty rows skipped").replace("%1", str(c.empty_rows)))
    return " ".join(parts) + ("<br>" + "；".join(extra) if extra else "")
