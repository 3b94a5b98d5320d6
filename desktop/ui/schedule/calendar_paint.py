"""How the room calendar is drawn: the grid (closed hours, days off and the past shaded, hour and column
lines, day and room headers), the booking cards with their lines, the now line, the cursor and the dragged
booking's ghost with the reasons it cannot go there. ``CalendarPainting`` is mixed into CalendarView, which
keeps the state, the geometry and the input."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetrics, QPainter, QPen

from desktop.ui.mediation_labels import BOOKING_COLOURS, fmt_hm, label, weekday

STEP = dt.timedelta(minutes=15)
AXIS_W = 50


def short_room_name(name: str) -> str:
    """Two characters for a narrow week column: 人民调解室一 → 调一, 警民联调室 → 警民, 听证室 → 听证."""
    core = name.replace("人民", "").replace("室", "")
    if len(core) > 2 and core[-1] in "一二三四五六七八九":
        return core[0] + core[-1]
    return core[:2]


class CalendarPainting:
    """The painting half of CalendarView (its geometry and state come from the view)."""

    def paint_grid(self, p: QPainter) -> None:
        """Everything but the empty state, back to front: shading, lines, headers, selection, bookings, the
        now line, the cursor and the dragged booking."""
        self._paint_shading(p)
        small = self.card_font()
        p.setFont(small)
        self._paint_hour_lines(p)
        header_font = QFont(self.font())
        header_font.setBold(True)
        self._paint_column_lines(p)
        self._paint_headers(p, small, header_font)
        p.setPen(QPen(QColor("#7a7a7a"), 1))
        p.drawLine(0, self.header_h, self.width(), self.header_h)
        if self.selection is not None:
            col, a, b = self.selection
            p.fillRect(self.rect_of(col, min(a, b), abs(b - a) + 1), QColor(66, 133, 244, 70))
        self._paint_bookings(p, small)
        self._paint_now(p)
        if self.hasFocus() and self.columns:
            col, slot = self.cursor
            p.setPen(QPen(QColor("#1a73e8"), 2, Qt.PenStyle.DotLine))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.rect_of(col, slot, 1))
        # the dragged booking and why it cannot go there
        if self.ghost is not None and self._press is not None:
            self._paint_ghost(p)

    def _paint_shading(self, p: QPainter) -> None:
        """Closed hours, days off and the past."""
        cw, sh = self.col_w(), self.slot_h()
        top = self.header_h
        for col in range(self.columns):
            day, _room = self.day_room(col)
            x = AXIS_W + col * cw
            if day in self.closed:
                p.fillRect(QRectF(x, top, cw, self.slots * sh), QColor("#e6e6e6"))
                continue
            for start, end in ((self.first, self.opens), (self.closes, self.last)):
                a = self.slot_of(dt.datetime.combine(day, start))
                b = self.slot_of(dt.datetime.combine(day, end))
                if b > a:
                    p.fillRect(QRectF(x, top + a * sh, cw, (b - a) * sh), QColor("#eeeeee"))
            if self.now is not None and day <= self.now.date():
                upto = self.slots if day < self.now.date() else max(0.0, min(self.slots, self.slot_of(self.now)))
                p.fillRect(QRectF(x, top, cw, upto * sh), QColor(0, 0, 0, 14))

    def _paint_hour_lines(self, p: QPainter) -> None:
        sh, top = self.slot_h(), self.header_h
        for slot in range(self.slots + 1):
            y = top + slot * sh
            hour_line = (dt.datetime.combine(dt.date.min, self.first) + slot * STEP).minute == 0
            p.setPen(QPen(QColor("#c8c8c8" if hour_line else "#ececec"), 1))
            p.drawLine(int(AXIS_W), int(y), self.width(), int(y))
            if hour_line and slot < self.slots:
                p.setPen(QColor("#555555"))
                t = dt.datetime.combine(dt.date.min, self.first) + slot * STEP
                p.drawText(QRectF(0, y, AXIS_W - 6, 16), Qt.AlignmentFlag.AlignRight, fmt_hm(t))

    def _paint_column_lines(self, p: QPainter) -> None:
        cw = self.col_w()
        for col in range(self.columns + 1):
            x = AXIS_W + col * cw
            day_edge = col % len(self.rooms) == 0
            p.setPen(QPen(QColor("#7a7a7a" if day_edge else "#d6d6d6"), 2 if day_edge and self.week else 1))
            p.drawLine(int(x), 0 if day_edge else (22 if self.week else 0), int(x), self.height())

    def _paint_headers(self, p: QPainter, small: QFont, header_font: QFont) -> None:
        """In a week the day above its rooms (today tinted); each room's name, short in a week."""
        cw = self.col_w()
        p.setPen(QColor("#222222"))
        for d, day in enumerate(self.days):
            x = AXIS_W + d * len(self.rooms) * cw
            if self.week:
                p.setFont(header_font)
                text = f"{day.month}-{day.day:02d} {weekday(day)}"
                if day in self.closed:
                    text += f" {self.closed[day]}"
                if self.now is not None and day == self.now.date():
                    p.fillRect(QRectF(x + 1, 0, len(self.rooms) * cw - 2, 22), QColor("#fff2cc"))
                p.drawText(QRectF(x, 0, len(self.rooms) * cw, 22), Qt.AlignmentFlag.AlignCenter, text)
            p.setFont(small if self.week else header_font)
            header_fm = QFontMetrics(p.font())
            for r, room in enumerate(self.rooms):
                rx = x + r * cw
                name = short_room_name(room.name) if self.week else room.name
                y0 = 22 if self.week else 0
                p.drawText(QRectF(rx, y0, cw, self.header_h - y0), Qt.AlignmentFlag.AlignCenter,
                           header_fm.elidedText(name, Qt.TextElideMode.ElideRight, int(cw) - 2))

    def _paint_bookings(self, p: QPainter, small: QFont) -> None:
        p.setFont(small)
        fm = QFontMetrics(small)
        dragged_id = self._press[1].id if self.ghost is not None and self._press is not None else None
        for b in self.bookings:
            rect = self.booking_rect(b)
            if rect is not None:
                self._paint_booking(p, b, rect, fm, dragged=b.id == dragged_id)

    def _paint_now(self, p: QPainter) -> None:
        if self.now is not None and self.now.date() in self.days:
            cw, top = self.col_w(), self.header_h
            y = top + self.slot_of(self.now) * self.slot_h()
            if top <= y <= self.height():
                d = self.days.index(self.now.date())
                p.setPen(QPen(QColor("#d93025"), 2))
                p.drawLine(int(AXIS_W + d * len(self.rooms) * cw), int(y),
                           int(AXIS_W + (d + 1) * len(self.rooms) * cw), int(y))

    def _paint_booking(self, p: QPainter, b, rect: QRectF, fm: QFontMetrics, dragged: bool) -> None:
        colour = QColor(BOOKING_COLOURS.get(b.state, "#888888"))
        if dragged:
            colour.setAlpha(90)
        p.setBrush(QBrush(colour, Qt.BrushStyle.Dense4Pattern if b.state == "tentative" else Qt.BrushStyle.SolidPattern))
        border = QColor("#d93025") if b.id in self.highlight else colour.darker(140)
        width = 3 if b.id in self.highlight or b.id == self.selected_id else 1
        if b.id == self.selected_id and b.id not in self.highlight:
            border = QColor("#202124")
        p.setPen(QPen(border, width, Qt.PenStyle.DashLine if b.state == "tentative" else Qt.PenStyle.SolidLine))
        p.drawRoundedRect(rect, 3, 3)
        p.setPen(QColor("#ffffff") if b.state != "tentative" else QColor("#1b2a4a"))
        inner = rect.adjusted(3, 1, -2, -1)
        y = inner.top()
        for line in self.card_lines(b, inner, fm):
            p.drawText(QRectF(inner.left(), y, inner.width(), fm.height()), Qt.AlignmentFlag.AlignLeft, line)
            y += fm.height()

    def card_font(self) -> QFont:
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, self.font().pointSizeF() - (2 if self.week else 1)))
        return small

    def card_lines(self, b, inner: QRectF, fm: QFontMetrics) -> list[str]:
        """The lines a booking's card shows inside ``inner``, as drawn."""
        serial = b.case_no.rsplit("第", 1)[-1].removesuffix("号")
        width = int(inner.width())
        # (text, how to shorten it when it does not fit): a case number keeps its end (…第085号), the rest
        # their start; a time that does not fit is left out rather than cut to "08…"
        if self.week:
            lines = [(serial, Qt.TextElideMode.ElideLeft)]
            if fm.horizontalAdvance(fmt_hm(b.start)) <= width:
                lines.append((fmt_hm(b.start), None))
        else:
            times = f"{fmt_hm(b.start)}–{fmt_hm(b.end)}"
            if b.state not in ("confirmed",):
                times += f"  [{label_state(b.state)}]"
            lines = [(times, Qt.TextElideMode.ElideRight), (b.case_no.split("）")[-1], Qt.TextElideMode.ElideLeft),
                     (b.title, Qt.TextElideMode.ElideRight),
                     ("、".join(b.mediator_names), Qt.TextElideMode.ElideRight)]
        out: list[str] = []
        y = inner.top()
        for line, elide in lines:
            if y + fm.height() > inner.bottom() + 2:
                break
            out.append(line if elide is None else fm.elidedText(line, elide, width))
            y += fm.height()
        return out

    def _paint_ghost(self, p: QPainter) -> None:
        b = self._press[1]
        col, slot = self.ghost
        rect = self.rect_of(col, slot, (b.end - b.start) / STEP)
        colour = QColor("#34a853") if self.ghost_ok else QColor("#d93025")
        fill = QColor(colour)
        fill.setAlpha(80)
        p.setBrush(fill)
        p.setPen(QPen(colour, 2))
        p.drawRoundedRect(rect, 3, 3)
        day, _room = self.day_room(col)
        start = self.slot_time(day, slot)
        p.setPen(QColor("#202124"))
        p.drawText(rect.adjusted(3, 1, -2, -1), Qt.AlignmentFlag.AlignLeft,
                   f"{fmt_hm(start)}–{fmt_hm(start + (b.end - b.start))}")
        if self.ghost_lines:
            fm = QFontMetrics(p.font())
            width = min(560, max(fm.horizontalAdvance(line) for line in self.ghost_lines) + 16)
            height = fm.height() * len(self.ghost_lines) + 10
            x = rect.right() + 6 if rect.right() + 6 + width < self.width() else rect.left() - width - 6
            y = min(max(rect.top(), self.header_h), self.height() - height - 2)
            box = QRectF(max(2, x), y, width, height)
            p.setBrush(QColor("#fce8e6") if not self.ghost_ok else QColor("#e6f4ea"))
            p.setPen(QPen(colour, 1))
            p.drawRoundedRect(box, 4, 4)
            p.setPen(QColor("#202124"))
            for i, line in enumerate(self.ghost_lines):
                p.drawText(QRectF(box.left() + 8, box.top() + 5 + i * fm.height(), box.width() - 12, fm.height()),
                           Qt.AlignmentFlag.AlignLeft, fm.elidedText(line, Qt.TextElideMode.ElideRight,
                                                                     int(box.width()) - 12))


def label_state(state: str) -> str:
    from desktop.ui.mediation_labels import BOOKING_STATES

    return label(BOOKING_STATES, state)
