"""Hand-made data for the report tests: rows inserted one by one with exact times, so every figure can be
worked out by hand. The builders write the tables directly (the report reads tables, not services); each
test module composes the rows it needs. The test at the end checks the builders themselves."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import insert, select

from desktop.models import (
    Agreement,
    AgreementTerm,
    Appointment,
    Booking,
    Department,
    Dispute,
    DisputeType,
    FollowUpVisit,
    JudicialConfirmation,
    Petition,
    PetitionCategory,
    PetitionExtension,
    PetitionStep,
    PetitionSupervision,
    QueueEvent,
    QueueService,
    RatingFollowUp,
    Room,
    TermPerformance,
    Ticket,
    Window,
)

D = dt.date
T = dt.datetime
_seq = itertools.count(1)


class Build:
    """Inserts report rows into ``ctx``'s database. Names (service letters, window numbers, department,
    category, dispute type and room names) are looked up in the seed data."""

    def __init__(self, ctx):
        self.ctx = ctx
        with ctx.db.engine.connect() as c:
            self.services = dict(c.execute(select(QueueService.letter, QueueService.id)).all())
            self.windows = dict(c.execute(select(Window.number, Window.id)).all())
            self.departments = dict(c.execute(select(Department.name, Department.id)).all())
            self.categories = dict(c.execute(select(PetitionCategory.name, PetitionCategory.id)
                                             .where(PetitionCategory.parent_id.is_not(None))).all())
            self.types = dict(c.execute(select(DisputeType.name, DisputeType.id)).all())
            self.rooms = dict(c.execute(select(Room.name, Room.id)).all())
        self._numbers: dict[tuple, int] = {}

    def _insert(self, table, **values) -> int:
        with self.ctx.db.engine.begin() as c:
            return c.execute(insert(table).values(**values).returning(table.c.id)).scalar_one()

    # ------------------------------------------------------------ queue
    def ticket(self, letter: str, issued: T, *, called: T | None = None, started: T | None = None,
               finished: T | None = None, status: str | None = None, window: int | None = None,
               rating: str | None = None, rated: T | None = None, priority: bool = False,
               appointment: bool = False, last_called: T | None = None) -> int:
        day = issued.date()
        key = (day, letter)
        seq = self._numbers[key] = self._numbers.get(key, 0) + 1
        if status is None:
            status = "finished" if finished else "serving" if started else "called" if called else "waiting"
        appointment_id = None
        if appointment:
            appointment_id = self._insert(Appointment.__table__, day=day, slot=issued.time().replace(second=0),
                                          code=f"{next(_seq):06d}", service_id=self.services[letter],
                                          visitor_name="预约人", phone="", status="checked_in", created_at=issued)
        order = int((issued - T(2000, 1, 1)).total_seconds() * 1000)
        return self._insert(
            Ticket.__table__, day=day, service_id=self.services[letter], issued_service_id=self.services[letter],
            seq=seq, number=f"{letter}{seq:03d}", priority=priority, appointment_id=appointment_id,
            visitor_name="", status=status, rank=3, queue_order=order, issued_order=order,
            window_id=self.windows[window] if window else None, issued_at=issued, first_called_at=called,
            last_called_at=last_called or called, call_count=1 if called else 0, started_at=started,
            finished_at=finished, record="", rating=rating, rated_at=rated or (finished if rating else None))

    def follow_up(self, ticket_id: int, rating: str, opened: T, due_on: D, answered: T | None = None) -> int:
        return self._insert(RatingFollowUp.__table__, ticket_id=ticket_id, rating=rating, opened_at=opened,
                            due_on=due_on, status="answered" if answered else "open",
                            answer="已电话回访，说明情况" if answered else "", answered_at=answered)

    def event(self, kind: str, at: T, *, ticket_id: int | None = None, number: str = "",
              window_no: int | None = None, detail: dict | None = None) -> int:
        return self._insert(QueueEvent.__table__, at=at, day=at.date(), kind=kind, ticket_id=ticket_id,
                            number=number, window_no=window_no, detail=detail)

    # ------------------------------------------------------------ petitions
    def petition(self, received: T, *, kind: str = "petition", status: str = "registered", category: str = "治安问题",
                 source: str = "visit", department: str | None = None, accept_due_on: D | None = None,
                 accepted_on: D | None = None, conclude_due_on: D | None = None, replied_on: D | None = None,
                 follow_up_due_on: D | None = None, closed_on: D | None = None, village: str = "",
                 grid: str = "", names: str = "张三", satisfaction: str | None = None,
                 parent_id: int | None = None) -> int:
        n = next(_seq)
        return self._insert(
            Petition.__table__, case_no=f"（{received.year}）虎信字第{n:03d}号", case_year=received.year, case_seq=n,
            kind=kind, parent_id=parent_id, source=source, category_id=self.categories[category],
            content="反映问题", requests="", petitioner_names=names, village=village, grid=grid, status=status,
            received_at=received, query_code=f"Q{n:08d}",
            department_id=self.departments[department] if department else None,
            accept_due_on=accept_due_on, accepted_on=accepted_on, conclude_due_on=conclude_due_on,
            replied_on=replied_on, follow_up_due_on=follow_up_due_on, closed_on=closed_on, due_on=None,
            satisfaction=satisfaction, dissatisfied=False, repeat_count=0, updated_at=received)

    def step(self, petition_id: int, action: str, at: T, note: str = "") -> int:
        return self._insert(PetitionStep.__table__, petition_id=petition_id, action=action, at=at, note=note)

    def extension(self, petition_id: int, days: int, requested: T, *, status: str = "pending",
                  decided: T | None = None) -> int:
        return self._insert(PetitionExtension.__table__, petition_id=petition_id, days=days, reason="情况复杂",
                            status=status, requested_at=requested, decided_at=decided)

    def supervision(self, petition_id: int, created: T, due_on: D, department: str | None = None) -> int:
        return self._insert(PetitionSupervision.__table__, petition_id=petition_id,
                            department_id=self.departments[department] if department else None, note="请抓紧办理",
                            due_on=due_on, created_at=created)

    # ------------------------------------------------------------ mediation
    def dispute(self, registered: T, *, type_: str = "邻里", state: str = "registered", due_on: D | None = None,
                closed_on: D | None = None, village: str = "", source: str = "application") -> int:
        n = next(_seq)
        return self._insert(
            Dispute.__table__, case_no=f"（{registered.year}）虎调字第{n:03d}号", year=registered.year, serial=n,
            type_id=self.types[type_], source=source, title="纠纷", facts="事实", matters="争议",
            village=village, party_names="甲、乙", state=state, registered_at=registered,
            due_on=due_on or (registered.date() + dt.timedelta(days=30)), closed_on=closed_on,
            updated_at=registered)

    def agreement(self, dispute_id: int, *, version_no: int = 1, state: str = "final", form: str = "written",
                  signed_on: D | None = None, terms: int = 0) -> tuple[int, list[int]]:
        now = T(2026, 1, 1)
        a = self._insert(Agreement.__table__, dispute_id=dispute_id, version_no=version_no, form=form, state=state,
                         parties=[], signed_on=signed_on, created_at=now, updated_at=now)
        ids = [self._insert(AgreementTerm.__table__, agreement_id=a, seq=i + 1, content=f"第{i + 1}项")
               for i in range(terms)]
        return a, ids

    def performance(self, term_id: int, status: str, at: T) -> int:
        return self._insert(TermPerformance.__table__, term_id=term_id, status=status, on_date=at.date(),
                            recorded_at=at)

    def follow_up_visit(self, dispute_id: int, at: T) -> int:
        return self._insert(FollowUpVisit.__table__, dispute_id=dispute_id, visited_on=at.date(), method="phone",
                            visitor="调解员", performance="已履行", satisfaction="satisfied", created_at=at)

    def judicial(self, dispute_id: int, agreement_id: int, *, status: str, applied_on: D | None = None,
                 decided_on: D | None = None) -> int:
        return self._insert(JudicialConfirmation.__table__, dispute_id=dispute_id, agreement_id=agreement_id,
                            status=status, applied_on=applied_on, decided_on=decided_on, court="虎丘人民法庭",
                            updated_at=T(2026, 1, 1))

    def booking(self, dispute_id: int, room: str, start: T, end: T, state: str = "held") -> int:
        return self._insert(Booking.__table__, dispute_id=dispute_id, room_id=self.rooms[room], start_at=start,
                            end_at=end, state=state, created_at=start, updated_at=start)


# ---------------------------------------------------------------- the sample sets shared by the tests

def queue_day(b: Build) -> dict[str, int]:
    """Thursday 2026-11-19 at windows 1 and 2 (see test_report_queue for the figures worked out by hand)."""
    day = D(2026, 11, 19)

    def at(h, m):
        return T(day.year, day.month, day.day, h, m)

    t = {}
    t["A001"] = b.ticket("A", at(8, 40), called=at(8, 45), started=at(8, 46), finished=at(8, 56), window=1,
                         rating="very_satisfied")
    t["A002"] = b.ticket("A", at(9, 5), called=at(9, 15), started=at(9, 16), finished=at(9, 31), window=1,
                         rating="satisfied")
    t["A003"] = b.ticket("A", at(9, 10), called=at(9, 30), status="no_show", window=2)
    t["B001"] = b.ticket("B", at(9, 20), called=at(9, 50), started=at(9, 51), finished=at(10, 11), window=2,
                         rating="dissatisfied")
    t["B002"] = b.ticket("B", at(9, 40))
    t["A004"] = b.ticket("A", at(10, 0), called=at(10, 2), started=at(10, 3), finished=at(10, 8), window=1,
                         rating="very_dissatisfied", priority=True)
    t["A005"] = b.ticket("A", at(14, 30), called=at(14, 31), last_called=at(14, 38), started=at(14, 40),
                         finished=at(14, 50), window=2, appointment=True)
    b.event("transferred", at(14, 33), ticket_id=t["A005"], number="A005", window_no=1,
            detail={"from_service": b.services["A"], "to_service": None, "position": "front", "to_window": 2})
    b.follow_up(t["B001"], "dissatisfied", at(10, 12), D(2026, 11, 26), answered=at(16, 0))
    b.follow_up(t["A004"], "very_dissatisfied", at(10, 9), D(2026, 11, 26))
    return t


def cases_november(b: Build) -> dict[str, int]:
    """Petitions and disputes around November 2026 (see test_report_cases for the figures by hand)."""
    p = {}
    p["P1"] = b.petition(T(2026, 11, 2, 9), status="concluded", department="派出所", accepted_on=D(2026, 11, 3),
                         conclude_due_on=D(2027, 1, 2), replied_on=D(2026, 11, 10), follow_up_due_on=D(2026, 11, 25),
                         village="虎丘村", grid="第一网格", names="张三")
    p["P2"] = b.petition(T(2026, 9, 1, 10), status="handling", department="司法所", accepted_on=D(2026, 9, 2),
                         conclude_due_on=D(2026, 11, 1), village="虎丘村", grid="第一网格", names="李四、王五")
    p["P3"] = b.petition(T(2026, 11, 5, 11), status="registered", accept_due_on=D(2026, 11, 19), village="虎丘村",
                         grid="第一网格", names="赵六")
    p["P4"] = b.petition(T(2026, 11, 12, 9), kind="review", status="assigned", department="派出所",
                         accepted_on=D(2026, 11, 12), conclude_due_on=D(2026, 12, 12), village="虎丘村",
                         grid="第一网格", parent_id=p["P1"])
    p["P5"] = b.petition(T(2026, 10, 1, 9), status="concluded", department="劳动保障所", accepted_on=D(2026, 10, 2),
                         conclude_due_on=D(2026, 11, 16), replied_on=D(2026, 11, 18),
                         follow_up_due_on=D(2026, 12, 3), village="枫桥村", grid="第三网格")
    p["P6"] = b.petition(T(2026, 11, 15, 15), status="not_accepted", category="违章建筑", closed_on=D(2026, 11, 16),
                         accept_due_on=D(2026, 11, 30), village="新塘社区", grid="第二网格")
    p["P7"] = b.petition(T(2026, 11, 18, 10), kind="recheck", status="registered", category="噪音扰民",
                         conclude_due_on=D(2026, 12, 18), parent_id=p["P4"])
    p["P8"] = b.petition(T(2026, 10, 20, 9), status="closed", category="违章建筑", department="民政办",
                         accepted_on=D(2026, 10, 21), conclude_due_on=D(2026, 12, 21), replied_on=D(2026, 10, 30),
                         follow_up_due_on=D(2026, 11, 14), closed_on=D(2026, 11, 3), satisfaction="satisfied",
                         village="虎丘村", grid="第一网格")
    p["P9"] = b.petition(T(2026, 8, 1, 9), status="closed", department="司法所", accepted_on=D(2026, 8, 2),
                         replied_on=D(2026, 9, 1), closed_on=D(2026, 9, 30), satisfaction="satisfied")
    b.extension(p["P5"], 10, T(2026, 10, 28, 9), status="approved", decided=T(2026, 11, 3, 9))
    b.extension(p["P2"], 15, T(2026, 11, 15, 9))
    b.step(p["P2"], "repeat_visit", T(2026, 11, 10, 10), "再次来访")
    b.step(p["P2"], "repeat_visit", T(2026, 11, 19, 15), "又来访")
    b.step(p["P1"], "assign", T(2026, 11, 3, 9))
    b.supervision(p["P2"], T(2026, 10, 20, 9), D(2026, 10, 30), "司法所")
    b.supervision(p["P2"], T(2026, 11, 12, 9), D(2026, 11, 19), "司法所")

    d = {}
    d["D1"] = b.dispute(T(2026, 11, 3, 9), type_="邻里", state="agreed", closed_on=D(2026, 11, 10), village="虎丘村")
    d["D2"] = b.dispute(T(2026, 11, 5, 9), type_="邻里", state="failed", closed_on=D(2026, 11, 12), village="新塘社区")
    d["D3"] = b.dispute(T(2026, 10, 20, 9), type_="婚姻家庭", state="agreed", closed_on=D(2026, 11, 6),
                        village="新塘社区")
    d["D4"] = b.dispute(T(2026, 11, 15, 9), type_="合同", state="in_mediation", due_on=D(2026, 12, 15),
                        village="枫桥村")
    d["D5"] = b.dispute(T(2026, 10, 1, 9), type_="劳动争议", state="registered", due_on=D(2026, 11, 1),
                        village="枫桥村")
    d["D6"] = b.dispute(T(2026, 11, 18, 9), type_="邻里", state="agreed", closed_on=D(2026, 11, 19), village="虎丘村")
    a1, (t1, t2) = b.agreement(d["D1"], signed_on=D(2026, 11, 10), terms=2)
    b.performance(t1, "partly", T(2026, 11, 12, 9))  # "not_performed" does not fit String(12) on PostgreSQL
    b.performance(t1, "performed", T(2026, 11, 15, 9))
    b.performance(t2, "partly", T(2026, 11, 18, 9))
    b.agreement(d["D3"], version_no=1, state="superseded", signed_on=D(2026, 11, 5), terms=1)
    _a3, (t3,) = b.agreement(d["D3"], version_no=2, signed_on=D(2026, 11, 6), terms=1)
    b.performance(t3, "performed", T(2026, 11, 10, 9))
    b.agreement(d["D6"], form="oral", signed_on=D(2026, 11, 19))
    b.judicial(d["D1"], a1, status="confirmed", applied_on=D(2026, 11, 12), decided_on=D(2026, 11, 19))
    b.booking(d["D1"], "人民调解室一", T(2026, 11, 10, 9), T(2026, 11, 10, 11))
    b.booking(d["D2"], "人民调解室一", T(2026, 11, 12, 14), T(2026, 11, 12, 15, 30))
    b.booking(d["D4"], "人民调解室一", T(2026, 11, 25, 9), T(2026, 11, 25, 10), state="confirmed")
    b.booking(d["D4"], "人民调解室二", T(2026, 11, 16, 9), T(2026, 11, 16, 10), state="cancelled")
    b.booking(d["D6"], "警民联调室", T(2026, 11, 19, 10), T(2026, 11, 19, 11))
    return {**p, **d}


def test_builders_write_every_table_on_both_databases(ctx):
    b = Build(ctx)
    tickets = queue_day(b)
    cases = cases_november(b)
    with ctx.db.engine.connect() as c:
        assert c.execute(select(Ticket.number).where(Ticket.id == tickets["A005"])).scalar_one() == "A005"
        assert c.execute(select(Ticket.appointment_id).where(Ticket.id == tickets["A005"])).scalar_one() is not None
        assert c.execute(select(Petition.kind).where(Petition.id == cases["P7"])).scalar_one() == "recheck"
        assert c.execute(select(Dispute.state).where(Dispute.id == cases["D6"])).scalar_one() == "agreed"
