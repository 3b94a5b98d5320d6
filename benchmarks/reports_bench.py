"""Director reports on a busy center: time to build the frames, to write the xlsx and to write the PDF of the
daily, monthly and yearly reports, on one year and on five years of generated data, on SQLite and on a
throwaway PostgreSQL server (tests/pg.py). Target: the monthly report in under 2 s on one year of data.

One year of a busy center: about 150,000 tickets (600 a working day) with their queue events, ratings and
follow-ups; 20,000 petitions with repeat visits, extensions and 督办 notes; 10,000 disputes with agreements,
terms, performance checks, judicial confirmations and room bookings. Rows go in with bulk inserts (sqlite3
executemany, PostgreSQL COPY), never through the ORM.

    python -m benchmarks reports            both databases, 1 and 5 years
    python benchmarks/reports_bench.py --years 1 --db sqlite
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, select, text  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402

TICKETS_PER_DAY = 600
PETITIONS_PER_DAY = 80
DISPUTES_PER_DAY = 40
LAST_YEAR = 2025
REPORT_DAY = dt.date(2025, 11, 19)
NOW = dt.datetime(LAST_YEAR + 1, 1, 5, 9, 0)
VILLAGES = [f"{n}村" for n in ("虎丘", "枫桥", "新塘", "横塘", "金星", "长青", "向阳", "红旗", "东山", "西湖",
                               "南庄", "北港", "白洋", "青石", "石桥")] + [f"{n}社区" for n in ("新塘", "山塘", "白莲", "清河",
                                                                                      "锦绣")]
GRIDS = [f"第{i}网格" for i in range(1, 61)]
WEIGHTS = {"A": 30, "B": 8, "C": 10, "D": 8, "E": 6, "F": 5, "G": 15, "H": 6, "J": 2, "K": 7, "L": 3}
RATINGS = (("very_satisfied", 70), ("satisfied", 20), ("basically_satisfied", 6), ("dissatisfied", 3),
           ("very_dissatisfied", 1))


def workdays(years: int, start: dt.date | None = None, end: dt.date | None = None) -> list[dt.date]:
    day = start or dt.date(LAST_YEAR - years + 1, 1, 1)
    end = end or dt.date(LAST_YEAR, 12, 31)
    out = []
    while day <= end:
        if day.weekday() < 5:
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in weighted], weights=[w for _, w in weighted])[0]


def _issue_time(rng: random.Random, day: dt.date) -> dt.datetime:
    # mornings are busier: 09–11 and 14–15 peak
    hour = rng.choices([8, 9, 10, 11, 12, 13, 14, 15, 16], weights=[6, 18, 17, 10, 3, 7, 14, 12, 8])[0]
    minute = rng.randrange(30, 60) if hour == 8 else rng.randrange(60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, rng.randrange(60))


# ---------------------------------------------------------------- bulk writing

class Writer:
    """Bulk rows into one database: sqlite3 executemany or PostgreSQL COPY, in batches."""

    def __init__(self, url: str):
        self.engine = create_engine(url)
        self.kind = self.engine.dialect.name
        self.raw = self.engine.raw_connection()
        self.ids: dict[str, int] = {}
        self.serials: dict[str, dict[int, int]] = {"petition": {}, "dispute": {}}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def _value(self, v):
        if self.kind == "sqlite":
            if isinstance(v, dt.datetime):
                return v.strftime("%Y-%m-%d %H:%M:%S.%f")  # SQLAlchemy's storage format
            if isinstance(v, dt.date):
                return v.isoformat()
            if isinstance(v, bool):
                return int(v)
        if isinstance(v, (dict, list)):
            return json.dumps(v, ensure_ascii=False)
        return v

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        cur = self.raw.cursor()
        if self.kind == "sqlite":
            marks = ",".join("?" * len(columns))
            cur.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})",
                            [tuple(self._value(v) for v in r) for r in rows])
        else:
            with cur.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(tuple(self._value(v) for v in r))
        self.raw.commit()

    def close(self) -> None:
        if self.kind == "postgresql":
            cur = self.raw.cursor()
            for table, last in self.ids.items():
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {last})")
            self.raw.commit()
            cur.execute("ANALYZE")
            self.raw.commit()
        else:
            self.raw.cursor().execute("ANALYZE")
            self.raw.commit()
        self.raw.close()
        self.engine.dispose()


def generate(url: str, years: int | None = None, *, start: dt.date | None = None, end: dt.date | None = None,
             now: dt.datetime | None = None, scale: float = 1.0, seed: int = 7) -> dict[str, int]:
    """Fills a migrated database of a configured center with working days from ``start`` to ``end`` (or the
    last ``years`` years up to the end of LAST_YEAR). With ``now``, nothing happens after it: the day of
    ``now`` is cut there, with tickets still waiting or at windows, and windows signed in (the live view)."""
    from desktop.models import (
        Department,
        DisputeType,
        PetitionCategory,
        QueueService,
        Room,
        User,
        Window,
        window_service,
    )

    rng = random.Random(seed)
    w = Writer(url)
    with w.engine.connect() as c:
        services = dict(c.execute(select(QueueService.letter, QueueService.id)).all())
        windows_of = {}
        for wid, sid in c.execute(select(Window.id, window_service.c.service_id)
                                  .join(window_service, window_service.c.window_id == Window.id)):
            windows_of.setdefault(sid, []).append(wid)
        window_no = dict(c.execute(select(Window.id, Window.number)).all())
        departments = list(c.execute(select(Department.id)).scalars())
        categories = list(c.execute(select(PetitionCategory.id).where(PetitionCategory.parent_id.is_not(None)))
                          .scalars())
        types = list(c.execute(select(DisputeType.id)).scalars())
        rooms = list(c.execute(select(Room.id).where(Room.kind == "mediation")).scalars())
        clerk_of = dict(c.execute(select(User.window_id, User.id).where(User.window_id.is_not(None))).all())
        for table in ("queue_ticket", "queue_event", "queue_follow_up", "petition", "petition_step",
                      "petition_extension", "petition_supervision", "dispute", "agreement", "agreement_term",
                      "term_performance", "judicial_confirmation", "booking"):
            w.ids[table] = c.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {table}")).scalar_one()
        # numbers already taken (a demo database may hold tickets and cases of its own)
        taken = {(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]), sid): n for d, sid, n in
                 c.execute(text("SELECT day, issued_service_id, MAX(seq) FROM queue_ticket "
                                "GROUP BY day, issued_service_id"))}
        w.serials = {"petition": dict(c.execute(text("SELECT case_year, MAX(case_seq) FROM petition GROUP BY case_year"))
                                      .all()),
                     "dispute": dict(c.execute(text("SELECT year, MAX(serial) FROM dispute GROUP BY year")).all())}
    letters = list(WEIGHTS)
    counts = {"tickets": 0, "events": 0, "petitions": 0, "disputes": 0}
    days = workdays(years or 1, start, end)
    if now is not None:
        days = [d for d in days if d <= now.date()]
    horizon = now or dt.datetime.combine(days[-1], dt.time(23, 59))
    ticket_cols = ["id", "day", "service_id", "seq", "number", "issued_service_id", "priority", "visitor_name",
                   "status", "rank", "queue_order", "issued_order", "window_id", "clerk_id", "issued_at",
                   "first_called_at", "last_called_at", "call_count", "started_at", "finished_at", "record", "rating",
                   "rated_at"]
    event_cols = ["id", "at", "day", "kind", "ticket_id", "number", "service_id", "window_no", "detail"]
    follow_cols = ["id", "ticket_id", "rating", "opened_at", "due_on", "status", "answer", "answered_at"]
    held: dict[int, int] = {}  # window id -> the ticket it holds now
    for month_start in range(0, len(days), 21):
        tickets, events, follows = [], [], []
        for day in days[month_start:month_start + 21]:
            seqs: dict[str, int] = {x: taken.get((day, services[x]), 0) for x in letters}
            n = int(TICKETS_PER_DAY * scale * rng.uniform(0.8, 1.2))
            for _ in range(n):
                letter = rng.choices(letters, weights=[WEIGHTS[x] for x in letters])[0]
                issued = _issue_time(rng, day)
                if issued >= horizon:
                    continue
                seqs[letter] = seqs.get(letter, 0) + 1
                if seqs[letter] > 999:
                    continue
                sid = services[letter]
                tid = w.next_id("queue_ticket")
                number = f"{letter}{seqs[letter]:03d}"
                order = int((issued - dt.datetime(2000, 1, 1)).total_seconds() * 1000)
                fate = rng.random()
                wid = rng.choice(windows_of[sid])
                called = issued + dt.timedelta(seconds=int(rng.expovariate(1 / 720)) + 20)
                started = finished = rating = rated = None
                ev = [("issued", issued, None)]
                if fate < 0.02:
                    status, wid, called = "waiting", None, None
                elif fate < 0.07:
                    status = "no_show"
                    ev += [("called", called, window_no[wid]), ("no_show", called + dt.timedelta(minutes=2),
                                                                 window_no[wid])]
                else:
                    status = "finished"
                    started = called + dt.timedelta(seconds=rng.randrange(20, 120))
                    finished = started + dt.timedelta(seconds=int(rng.uniform(4, 30) * 60))
                    ev += [("called", called, window_no[wid]), ("started", started, window_no[wid])]
                    if fate > 0.98:
                        ev.append(("transferred", started + dt.timedelta(minutes=1), window_no[wid]))
                    ev.append(("finished", finished, window_no[wid]))
                    if rng.random() < 0.6:
                        rating = _pick(rng, list(RATINGS))
                        rated = finished + dt.timedelta(seconds=30)
                        ev.append(("rated", rated, window_no[wid]))
                if called is not None and called >= horizon:  # still waiting now
                    status, wid, called, started, finished, rating, rated = "waiting", None, None, None, None, None, None
                elif started is not None and finished >= horizon:  # at a window now
                    status, finished, rating, rated = "serving" if started < horizon else "called", None, None, None
                    if started >= horizon:
                        started = None
                    if held.get(wid) is None:
                        held[wid] = tid
                    else:  # one ticket per window: the rest of them wait
                        status, wid, called, started = "waiting", None, None, None
                ev = [(k, at, wn) for k, at, wn in ev if at < horizon]
                if rating in ("dissatisfied", "very_dissatisfied"):
                    answered = rated + dt.timedelta(days=rng.randrange(1, 9)) if rng.random() < 0.9 else None
                    if answered is not None and answered >= horizon:
                        answered = None
                    follows.append((w.next_id("queue_follow_up"), tid, rating, rated, day + dt.timedelta(days=7),
                                    "answered" if answered else "open", "已回访" if answered else "", answered))
                tickets.append((tid, day, sid, seqs[letter], number, sid, rng.random() < 0.05, "", status, 3, order,
                                order, wid, clerk_of.get(wid) if wid else None, issued, called, called,
                                1 if called else 0, started, finished, "", rating, rated))
                for kind, at, wno in ev:
                    detail = {"to_window": None, "to_service": sid, "position": "end"} if kind == "transferred" else None
                    events.append((w.next_id("queue_event"), at, at.date(), kind, tid, number, sid, wno, detail))
        events.sort(key=lambda e: e[1])
        w.write("queue_ticket", ticket_cols, tickets)
        w.write("queue_event", event_cols, events)
        w.write("queue_follow_up", follow_cols, follows)
        counts["tickets"] += len(tickets)
        counts["events"] += len(events)
    if now is not None:
        states = []
        for wid in sorted(window_no):
            clerk = clerk_of.get(wid)
            if clerk is None and wid not in held:
                continue
            states.append((wid, rng.random() < 0.08 and wid not in held, clerk,
                           now - dt.timedelta(minutes=rng.randrange(1, 30))))
        w.raw.cursor().execute("DELETE FROM queue_window_state")  # the generated day decides who sits where
        w.write("queue_window_state", ["window_id", "paused", "clerk_id", "since"], states)
    last = horizon.date()
    counts["petitions"] = _petitions(w, rng, days, departments, categories, last, scale)
    counts["disputes"] = _disputes(w, rng, days, types, rooms, last, scale)
    w.close()
    return counts


def _petitions(w: Writer, rng: random.Random, days: list[dt.date], departments, categories, end: dt.date,
               scale: float) -> int:
    cols = ["id", "case_no", "case_year", "case_seq", "kind", "source", "category_id", "content", "requests",
            "petitioner_names", "village", "grid", "status", "received_at", "query_code", "department_id",
            "accept_due_on", "accepted_on", "conclude_due_on", "extended_days", "hearing_days", "replied_on",
            "follow_up_due_on", "closed_on", "due_on", "due_kind", "satisfaction", "dissatisfied", "repeat_count",
            "new_case_reason", "updated_at", "version"]
    rows, steps, extensions, supervisions = [], [], [], []
    serial: dict[int, int] = dict(w.serials["petition"])
    for day in days:
        for _ in range(int(PETITIONS_PER_DAY * scale * rng.uniform(0.7, 1.3))):
            pid = w.next_id("petition")
            serial[day.year] = serial.get(day.year, 0) + 1
            received = _issue_time(rng, day)
            kind = _pick(rng, [("petition", 95), ("review", 4), ("recheck", 1)])
            accepted = day + dt.timedelta(days=rng.randrange(0, 12))
            conclude_due = accepted + dt.timedelta(days=60)
            replied = accepted + dt.timedelta(days=rng.randrange(5, 72))
            closed = replied + dt.timedelta(days=rng.randrange(1, 16))
            status = "closed"
            if closed > end:
                status = "concluded" if replied <= end else "handling"
                closed = None if status != "closed" else closed
                if status == "handling":
                    replied = None
            if accepted > end:
                status, accepted, conclude_due, replied, closed = "registered", None, None, None, None
            refused = rng.random() < 0.03
            if refused:
                status, accepted, conclude_due, replied, closed = "not_accepted", None, None, None, day
            dept = rng.choice(departments) if accepted else None
            rows.append((pid, f"（{day.year}）虎信字第{serial[day.year]:05d}号", day.year, serial[day.year], kind,
                         _pick(rng, [("visit", 50), ("letter", 10), ("phone", 10), ("hotline", 15), ("grid", 10),
                                     ("online", 5)]),
                         rng.choice(categories), "反映情况", "", "张某", rng.choice(VILLAGES), rng.choice(GRIDS),
                         status, received, f"Q{pid:09d}", dept, day + dt.timedelta(days=15), accepted, conclude_due,
                         0, 0, replied, replied + dt.timedelta(days=15) if replied else None, closed, None, "",
                         "satisfied" if status == "closed" else None, False, 0, "", received, 1))
            steps.append((pid, "register", received, ""))
            if accepted:
                steps.append((pid, "assign", dt.datetime.combine(accepted, dt.time(10)), ""))
            if replied:
                steps.append((pid, "conclude", dt.datetime.combine(replied, dt.time(15)), ""))
            if rng.random() < 0.05:
                steps.append((pid, "repeat_visit", received + dt.timedelta(days=rng.randrange(1, 40)), "再次来访"))
            if accepted and rng.random() < 0.04:
                req = dt.datetime.combine(accepted + dt.timedelta(days=40), dt.time(9))
                extensions.append((w.next_id("petition_extension"), pid, 30, "情况复杂", "approved", req, "经办人",
                                   req + dt.timedelta(days=2), "主任", ""))
            if accepted and rng.random() < 0.05:
                at = dt.datetime.combine(accepted + dt.timedelta(days=50), dt.time(9))
                supervisions.append((w.next_id("petition_supervision"), pid, dept, "请抓紧办理", at.date() + dt.timedelta(days=7),
                                     at, "", "", ""))
    w.write("petition", cols, rows)
    steps = [x for x in steps if x[2].date() <= end]
    extensions = [x for x in extensions if x[7].date() <= end]
    supervisions = [x for x in supervisions if x[5].date() <= end]
    w.write("petition_step", ["id", "petition_id", "action", "at", "actor_name", "from_status", "to_status", "note"],
            [(w.next_id("petition_step"), p, a, at, "", "", "", note) for p, a, at, note in steps])
    w.write("petition_extension", ["id", "petition_id", "days", "reason", "status", "requested_at",
                                   "requested_by_name", "decided_at", "decided_by_name", "decision_note"], extensions)
    w.write("petition_supervision", ["id", "petition_id", "department_id", "note", "due_on", "created_at",
                                     "created_by_name", "answer", "answered_by_name"], supervisions)
    return len(rows)


def _disputes(w: Writer, rng: random.Random, days: list[dt.date], types, rooms, end: dt.date, scale: float) -> int:
    cols = ["id", "case_no", "year", "serial", "type_id", "source", "referred_by", "title", "facts", "matters",
            "village", "party_names", "state", "registered_at", "due_on", "closed_on", "outcome_note", "referred_body",
            "updated_at", "version"]
    rows, agreements, terms, checks, judicial, bookings = [], [], [], [], [], []
    serial: dict[int, int] = dict(w.serials["dispute"])
    for day in days:
        for _ in range(int(DISPUTES_PER_DAY * scale * rng.uniform(0.7, 1.3))):
            did = w.next_id("dispute")
            serial[day.year] = serial.get(day.year, 0) + 1
            registered = _issue_time(rng, day)
            closed = day + dt.timedelta(days=rng.randrange(3, 40))
            state = _pick(rng, [("agreed", 72), ("failed", 15), ("terminated", 5), ("referred", 8)])
            if closed > end:
                state, closed = "in_mediation", None
            rows.append((did, f"（{day.year}）虎调字第{serial[day.year]:05d}号", day.year, serial[day.year],
                         rng.choice(types), "application", "", "纠纷", "事实", "争议", rng.choice(VILLAGES), "甲、乙",
                         state, registered, day + dt.timedelta(days=30), closed, "", "", registered, 1))
            start = dt.datetime.combine(day + dt.timedelta(days=rng.randrange(1, 4)), dt.time(rng.choice([9, 10, 14, 15])))
            bookings.append((w.next_id("booking"), did, rng.choice(rooms), start, start + dt.timedelta(hours=1.5),
                             False, "held" if start < dt.datetime.combine(end, dt.time(18)) else "confirmed", "", "",
                             False, start, start, 1))
            if state == "agreed":
                aid = w.next_id("agreement")
                agreements.append((aid, did, 1, "written", "final", [], "", "", "", "", "", "", 3, closed,
                                   registered, registered, 1))
                for k in range(rng.randrange(1, 4)):
                    tid = w.next_id("agreement_term")
                    terms.append((tid, aid, k + 1, "履行", "", "", closed + dt.timedelta(days=20)))
                    if rng.random() < 0.8:
                        checks.append((w.next_id("term_performance"), tid,
                                       _pick(rng, [("performed", 88), ("partly", 12)]),
                                       closed + dt.timedelta(days=21), "",
                                       dt.datetime.combine(closed + dt.timedelta(days=21), dt.time(10))))
                if rng.random() < 0.1:
                    judicial.append((w.next_id("judicial_confirmation"), did, aid, "confirmed",
                                     closed + dt.timedelta(days=5), closed + dt.timedelta(days=15), "人民法庭", "",
                                     registered))
    w.write("dispute", cols, rows)
    checks = [x for x in checks if x[3] <= end]
    judicial = [x for x in judicial if x[5] <= end]
    w.write("agreement", ["id", "dispute_id", "version_no", "form", "state", "parties", "facts", "matters",
                          "responsibilities", "oral_content", "other_terms", "correction_reason", "copies", "signed_on",
                          "created_at", "updated_at", "version"], agreements)
    w.write("agreement_term", ["id", "agreement_id", "seq", "content", "obligor", "method", "due_on"], terms)
    w.write("term_performance", ["id", "term_id", "status", "on_date", "note", "recorded_at"], checks)
    w.write("judicial_confirmation", ["id", "dispute_id", "agreement_id", "status", "applied_on", "decided_on", "court",
                                      "note", "updated_at"], judicial)
    w.write("booking", ["id", "dispute_id", "room_id", "start_at", "end_at", "public", "state", "note",
                        "cancel_reason", "hours_override", "created_at", "updated_at", "version"], bookings)
    return len(rows)


# ---------------------------------------------------------------- measuring

def prepare(url: str, years: int) -> dict[str, int]:
    from desktop.services import center
    from desktop.services.context import open_database

    ctx = open_database(url, clock=FixedClock(dt.datetime(LAST_YEAR - years + 1, 1, 1, 9)))
    center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="管理员", admin_password="admin12345")
    ctx.close()
    return generate(url, years)


def measure(url: str, runs: int = 3) -> list[tuple[str, float, float, float, int]]:
    """(report, build s, xlsx s, pdf s, pages) for the daily, monthly and yearly reports; build is the median."""
    from pypdf import PdfReader

    from desktop.reports import excel, pdf
    from desktop.services import reports
    from desktop.services.context import open_database

    ctx = open_database(url, upgrade=False, clock=FixedClock(NOW))
    out = []
    try:
        for kind in ("daily", "monthly", "yearly"):
            times, report = [], None
            for _ in range(runs if kind != "yearly" else max(1, runs - 1)):
                t = time.perf_counter()
                report = reports.build_report(ctx.uow(read_only=True), kind=kind, day=REPORT_DAY)
                times.append(time.perf_counter() - t)
            t = time.perf_counter()
            excel.xlsx_bytes(report)
            t_xlsx = time.perf_counter() - t
            t = time.perf_counter()
            data = pdf.pdf_bytes(report)
            t_pdf = time.perf_counter() - t
            pages = len(PdfReader(io.BytesIO(data)).pages)
            out.append((kind, statistics.median(times), t_xlsx, t_pdf, pages))
    finally:
        ctx.close()
    return out


def run(dbs: list[str], years_list: list[int]) -> None:
    # warm the fonts and imports once, so the first measurement is not the cold start
    from desktop.documents.fonts import default_fonts
    from tests.pg import PgServer, find_bindir
    default_fonts().chain("song")
    print("| database | data | rows (tickets / petitions / disputes) | report | build frames | write xlsx | "
          "write PDF | PDF pages |")
    print("|---|---|---|---|---|---|---|---|")
    server = None
    tmp = Path(tempfile.mkdtemp(prefix="onestop-reports-bench-"))
    try:
        for db in dbs:
            for years in years_list:
                if db == "sqlite":
                    url = f"sqlite:///{tmp / f'bench{years}.db'}"
                else:
                    if server is None:
                        bindir = find_bindir()
                        if bindir is None:
                            print("| postgresql | — | PostgreSQL binaries not found | | | | | |")
                            continue
                        server = PgServer(bindir).start()
                    url = server.create_database(f"bench{years}")
                t = time.perf_counter()
                counts = prepare(url, years)
                gen = time.perf_counter() - t
                rows = f"{counts['tickets']:,} / {counts['petitions']:,} / {counts['disputes']:,}"
                for kind, build, xlsx, pdf_s, pages in measure(url):
                    print(f"| {db} | {years} year{'s' if years > 1 else ''} | {rows} | {kind} | {build:.2f} s | "
                          f"{xlsx:.2f} s | {pdf_s:.2f} s | {pages} |", flush=True)
                print(f"<!-- {db} {years}y generated in {gen:.0f} s ({counts['events']:,} queue events) -->",
                      flush=True)
    finally:
        if server is not None:
            server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--years", type=int, nargs="*", default=[1, 5])
    args = p.parse_args(argv if argv is not None else [])
    run(["sqlite", "postgresql"] if args.db == "both" else [args.db], args.years)


if __name__ == "__main__":
    main(sys.argv[1:])
