"""The scale generator: a realistic OneStop database of any size, written fast with bulk inserts.

The schema is built by the migrations and the center set up through the services (seed windows, services,
rooms, departments, categories, dispute types and calendar; an administrator, a director, one clerk per
window, one officer per department; the extra mediation rooms and the mediators the bookings need). Then the
history goes in with bulk inserts — sqlite3 ``executemany`` on SQLite, ``COPY`` on PostgreSQL, never the ORM
row by row — with the secondary indexes, the search index and the foreign-key triggers set aside during the
load and rebuilt once at the end:

- **queue**: tickets on every working day (morning and afternoon peaks, priority tickets, no-shows, transfers),
  their queue events as the services write them (issued, called, no_show, started, transferred, finished,
  rated), ratings, and follow-ups of bad ratings;
- **petitions**: petitioners (people with valid GB 11643 ID numbers), cases in every state with their
  timeline steps (接 转 见 办 结 访, refusals, withdrawals, repeat visits), extensions and 督办 notes;
- **mediation**: disputes with their parties (people or organisations) and lead mediators, bookings that
  never conflict (room, mediator and party, as ``booking_claim`` rows the way the scheduling service writes
  them; the coming week fully booked), session records of the sessions held, agreements with terms,
  performance checks, judicial confirmations and follow-up visits.

Sizes come from flags or from two presets, spread over the working days that end the day before the
benchmarks' clock (2026-11-20 10:00, a Friday):

    --preset year        one year of a large district center: 500,000 tickets, 100,000 petitions,
                         30,000 disputes, 100,000 bookings
    --preset reference   ten years: 5,000,000 tickets, 1,000,000 petitions, 300,000 disputes, 1,000,000 bookings

Generated databases are cached under $ONESTOP_BENCH_DIR (default /work/benchdata): ``<size>.sqlite`` and a
PostgreSQL cluster directory ``pg-<size>/`` (database ``onestop``), each with a ``<size>-<db>.json``
manifest written when the load finished — the benchmarks reuse them instead of generating again.

    python -m benchmarks.generate --preset year                 both databases
    python -m benchmarks.generate --preset reference --db sqlite
    python -m benchmarks.generate --tickets 20000 --petitions 2000 --disputes 600 --bookings 2000 --years 1
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import math
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stdnum.cn import ric  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 10, 0)  # the benchmarks' clock: a Friday inside opening hours
COMING_WEEK = [dt.date(2026, 11, 23) + dt.timedelta(days=i) for i in range(5)]  # fully booked
CENTER = "虎丘镇一站式综合服务中心"
ABBR = "虎"


@dataclass(frozen=True)
class Size:
    name: str
    tickets: int
    petitions: int
    disputes: int
    bookings: int
    years: int
    old_open: float = 0.005  # share of petitions older than 120 days still open: a real center's half a percent


PRESETS = {
    "year": Size("year", 500_000, 100_000, 30_000, 100_000, 1),
    "reference": Size("reference", 5_000_000, 1_000_000, 300_000, 1_000_000, 10),
    # the overdue stress case: the year size with ten times a real center's old open petitions (5 %)
    "stress": Size("stress", 500_000, 100_000, 30_000, 100_000, 1, old_open=0.05),
}

# ---------------------------------------------------------------- words

SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯秀珍峰海燕志琴飞雪梅林波"
             "宁欣怡佳慧婷晨阳俊鑫帅倩婧博宏利春燕晓东玲荣成亮新云龙丹凤德福生祥瑞雅琳然思远佩琪泽锦绣梦蕾")
VILLAGES = [f"{n}村" for n in ("虎丘", "枫桥", "新塘", "横塘", "金星", "长青", "向阳", "红旗", "东山", "西湖", "南庄",
                               "北港", "白洋", "青石", "石桥", "留园", "新庄", "西园")] + \
           [f"{n}社区" for n in ("山塘", "白莲", "清河", "锦绣", "金阊", "枫华", "桐泾", "虎阜")]
GRIDS = [f"第{i}网格" for i in range(1, 61)]
PLACES = ["村口", "菜市场", "小学门口", "幼儿园旁", "老街", "河边", "工业园", "安置小区", "农贸市场", "卫生院",
          "公交站", "桥头", "广场", "厂区", "田间", "祠堂", "养老院", "停车场"]
SUBJECTS = ["道路", "路灯", "下水道", "垃圾站", "工地", "厂房", "养殖场", "河道", "小区电梯", "物业", "停车位",
            "占道经营", "违章搭建", "排污口", "宅基地", "承包地", "低保", "医保报销", "工资", "拆迁补偿", "学位",
            "供水管网", "燃气管道", "危房"]
PROBLEMS = ["破损严重，存在安全隐患", "长期无人维修", "夜间施工噪音扰民", "污水直排河道", "异味严重影响生活",
            "拖欠三个月未付", "边界存在争议", "申请后迟迟未获批准", "报销比例不合理", "补偿标准过低",
            "多次反映未解决", "存在消防隐患", "影响正常通行", "占用公共绿地"]
TIMES = ["近三个月来", "多年来", "今年以来", "上周起", "连续两周", "自去年起", "最近"]
REQUESTS = ["要求尽快处理", "要求依法查处", "要求给予书面答复", "要求赔偿损失", "要求恢复原状", "要求公开相关信息",
            "要求限期整改"]
DETAIL = list("东南西北上下前后左右大小多少高低长短新旧红黄蓝绿青白黑金银铜铁木水火土石山川田禾米麦豆瓜果菜花草"
              "鸡鸭鱼牛羊猪狗猫门窗墙瓦砖梁柱屋院井池桥路车船")
DISPUTE_TITLES = ["邻里通道纠纷", "宅基地界址纠纷", "赡养费纠纷", "拖欠工资纠纷", "房屋漏水纠纷", "装修噪音纠纷",
                  "交通事故赔偿纠纷", "买卖合同纠纷", "物业费纠纷", "土地承包纠纷", "婚姻家庭纠纷", "损害赔偿纠纷"]
PETITION_SOURCES = [("visit", 50), ("letter", 10), ("phone", 10), ("hotline", 15), ("grid", 10), ("online", 5)]
STEPS_BY_STATUS = {
    "registered": ["register"], "assigned": ["register", "assign"], "objected": ["register", "assign", "object"],
    "met": ["register", "assign", "meet"], "handling": ["register", "assign", "meet", "handle"],
    "concluded": ["register", "assign", "meet", "handle", "conclude"],
    "closed": ["register", "assign", "meet", "handle", "conclude", "follow_up"],
    "not_accepted": ["register", "refuse"], "withdrawn": ["register", "withdraw"],
}
STEP_STATUS = {"register": "registered", "assign": "assigned", "object": "objected", "meet": "met",
               "handle": "handling", "conclude": "concluded", "follow_up": "closed", "refuse": "not_accepted",
               "withdraw": "withdrawn"}
SATISFACTION = [("very_satisfied", 55), ("satisfied", 25), ("basically_satisfied", 12), ("dissatisfied", 6),
                ("very_dissatisfied", 2)]
SERVICE_WEIGHTS = {"A": 30, "B": 8, "C": 10, "D": 8, "E": 6, "F": 5, "G": 15, "H": 6, "J": 2, "K": 7, "L": 3}
RATINGS = [("very_satisfied", 70), ("satisfied", 20), ("basically_satisfied", 6), ("dissatisfied", 3),
           ("very_dissatisfied", 1)]
# one-hour mediation sessions inside opening hours (08:30–17:30), lunch kept free
SLOTS = [(dt.time(8, 30), dt.time(9, 30)), (dt.time(9, 30), dt.time(10, 30)), (dt.time(10, 30), dt.time(11, 30)),
         (dt.time(13, 30), dt.time(14, 30)), (dt.time(14, 30), dt.time(15, 30)), (dt.time(15, 30), dt.time(16, 30)),
         (dt.time(16, 30), dt.time(17, 30))]
ROOM_FILL = 0.85  # share of the room-hours the history books


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def _id_number(rng: random.Random, used: set[str]) -> str:
    while True:
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
        base = f"3205{rng.randint(0, 99):02d}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        if base not in used:
            used.add(base)
            return base + ric.calc_check_digit(base + "0")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2))))


def _content(rng: random.Random, village: str) -> tuple[str, str]:
    subject = rng.choice(SUBJECTS)
    detail = "".join(rng.choice(DETAIL) for _ in range(rng.randint(6, 14)))
    content = (f"{rng.choice(TIMES)}，{village}{rng.choice(PLACES)}{subject}{rng.choice(PROBLEMS)}，"
               f"具体情况：{detail}。本人已向村里反映{rng.randint(1, 6)}次。")
    return content, f"{rng.choice(REQUESTS)}，并{rng.choice(REQUESTS)[2:]}"


def _issue_time(rng: random.Random, day: dt.date) -> dt.datetime:
    # mornings are busier: 09–11 and 14–15 peak
    hour = rng.choices([8, 9, 10, 11, 12, 13, 14, 15, 16], weights=[6, 18, 17, 10, 3, 7, 14, 12, 8])[0]
    minute = rng.randrange(30, 60) if hour == 8 else rng.randrange(60)
    return dt.datetime(day.year, day.month, day.day, hour, minute, rng.randrange(60))


def _spread(total: int, days: list, rng: random.Random, jitter: float) -> list[int]:
    """``total`` split over ``days`` with a random day-to-day variation, summing exactly to ``total``."""
    if not days:
        return []
    weights = [rng.uniform(1 - jitter, 1 + jitter) for _ in days]
    scale = total / sum(weights)
    out, acc, given = [], 0.0, 0
    for w in weights:
        acc += w * scale
        n = int(round(acc)) - given
        out.append(n)
        given += n
    return out


# ---------------------------------------------------------------- bulk writers

def _register_adapters() -> None:
    """sqlite3 stores what SQLAlchemy would: datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff', dates ISO."""
    sqlite3.register_adapter(dt.datetime, lambda v: v.isoformat(" ", "microseconds"))
    sqlite3.register_adapter(dt.date, lambda v: v.isoformat())


class Writer:
    """Bulk rows into one database: sqlite3 executemany or PostgreSQL COPY. ``begin`` sets the secondary
    indexes, the search index and (PostgreSQL) the foreign-key triggers aside; ``finish`` rebuilds them,
    moves the id sequences on and analyses."""

    def __init__(self, url: str):
        self.url = url
        self.kind = "sqlite" if url.startswith("sqlite") else "postgresql"
        if self.kind == "sqlite":
            _register_adapters()
            self.conn = sqlite3.connect(url.split("///", 1)[1], isolation_level=None)
            for pragma in ("synchronous=OFF", "cache_size=-400000", "temp_store=MEMORY", "foreign_keys=OFF"):
                self.conn.execute(f"PRAGMA {pragma}")
            self.conn.execute("BEGIN")
        else:
            import psycopg

            self.conn = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"))
            self.conn.execute("SET session_replication_role = replica")  # no FK trigger per copied row
        self.dropped: list[str] = []
        self.triggers: list[str] = []
        self.key = self._data_key()  # ID numbers and phones are written encrypted, as the app stores them
        self.seconds: dict[str, float] = {}
        self.rows: dict[str, int] = {}

    def _data_key(self):
        from desktop import crypto

        check = self.conn.execute("SELECT key_check FROM data_key ORDER BY id LIMIT 1").fetchone()
        if check is None:
            raise RuntimeError(f"{self.url}: no data key (migrate the database first)")
        key = crypto.find_key(crypto.key_id_of(check[0]))
        if key is None:
            raise crypto.DataKeyMissing(crypto.key_id_of(check[0]))
        return crypto.verify(crypto.KeyRecord(check[0]), key)

    def begin(self, tables: list[str]) -> None:
        if self.kind == "sqlite":
            marks = ",".join("?" * len(tables))
            for name, sql in self.conn.execute(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                    f"AND tbl_name IN ({marks})", tables).fetchall():
                self.dropped.append(sql)
                self.conn.execute(f"DROP INDEX {name}")
            for name, sql in self.conn.execute(
                    "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'petition'").fetchall():
                self.triggers.append(sql)
                self.conn.execute(f"DROP TRIGGER {name}")
        else:
            for name, sql in self.conn.execute(
                    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = ANY(%s) "
                    "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (tables,)).fetchall():
                self.dropped.append(sql)
                self.conn.execute(f"DROP INDEX {name}")
            self.conn.commit()

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        if not rows:
            return
        started = time.perf_counter()
        from desktop.models import bulk_rows

        columns, rows = bulk_rows.seal_rows(table, columns, rows, self.key)
        if self.kind == "sqlite":
            marks = ",".join("?" * len(columns))
            self.conn.executemany(f"INSERT INTO {table} ({','.join(columns)}) VALUES ({marks})", rows)
        else:
            with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({','.join(columns)}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row(r)
        self.seconds[table] = self.seconds.get(table, 0.0) + time.perf_counter() - started
        self.rows[table] = self.rows.get(table, 0) + len(rows)

    def execute(self, sql: str, params: tuple = ()) -> None:
        self.conn.execute(sql if self.kind == "sqlite" else sql.replace("?", "%s"), params)

    def commit(self) -> None:
        if self.kind == "sqlite":
            self.conn.execute("COMMIT")
            self.conn.execute("BEGIN")
        else:
            self.conn.commit()

    def finish(self, log) -> None:
        started = time.perf_counter()
        if self.kind == "sqlite":
            self.conn.execute("COMMIT")
            for sql in self.dropped:
                self.conn.execute(sql)
            for sql in self.triggers:
                self.conn.execute(sql)
            self.conn.execute("INSERT INTO petition_fts(petition_fts) VALUES ('rebuild')")
            log(f"[{self.kind}] indexes and search index rebuilt in {time.perf_counter() - started:.0f} s")
            self.conn.execute("ANALYZE")
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.conn.close()
        else:
            self.conn.execute("SET maintenance_work_mem = '512MB'")
            for sql in self.dropped:
                self.conn.execute(sql)
            for table in [t for t in self.rows if t not in NO_ID]:
                has_id = self.conn.execute("SELECT pg_get_serial_sequence(%s, 'id')", (table,)).fetchone()[0]
                if has_id:
                    self.conn.execute(f"SELECT setval('{has_id}', GREATEST((SELECT max(id) FROM {table}), 1))")
            self.conn.commit()
            log(f"[{self.kind}] indexes and search index rebuilt in {time.perf_counter() - started:.0f} s")
            self.conn.autocommit = True
            self.conn.execute("VACUUM ANALYZE")
            self.conn.close()
        log(f"[{self.kind}] finished (indexes, analyse) in {time.perf_counter() - started:.0f} s")


class Sink:
    """The same rows into one or more writers (one generation pass fills SQLite and PostgreSQL alike)."""

    def __init__(self, writers: list[Writer], log):
        self.writers, self.log = writers, log
        self.ids: dict[str, int] = {}
        self.counts: dict[str, int] = {}

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def write(self, table: str, columns: list[str], rows: list[tuple]) -> None:
        for w in self.writers:
            w.write(table, columns, rows)
        self.counts[table] = self.counts.get(table, 0) + len(rows)

    def commit(self) -> None:
        for w in self.writers:
            w.commit()

    def counters(self, kind: str, last: dict[int, int]) -> None:
        """The case-number counters of ``kind`` moved on to the last number given per year."""
        for w in self.writers:
            for year in last:
                w.execute("DELETE FROM case_counter WHERE kind = ? AND year = ?", (kind, year))
        self.write("case_counter", ["kind", "year", "last_no"], [(kind, y, n) for y, n in sorted(last.items())])


def _existing(url: str) -> dict:
    """What a database already holds (a demo database may have tickets and cases of its own): the last id of
    each table, the ticket numbers taken per day and service, the last case numbers per year."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            ids = {t: c.execute(text(f"SELECT COALESCE(MAX(id), 0) FROM {t}")).scalar_one()
                   for t in TABLES if t not in NO_ID}
            taken = {(d if isinstance(d, dt.date) else dt.date.fromisoformat(str(d)[:10]), sid): n for d, sid, n in
                     c.execute(text("SELECT day, issued_service_id, MAX(seq) FROM queue_ticket "
                                    "GROUP BY day, issued_service_id"))}
            serials = {"信": dict(c.execute(text("SELECT case_year, MAX(case_seq) FROM petition GROUP BY case_year"))
                                  .all()),
                       "调": dict(c.execute(text("SELECT year, MAX(serial) FROM dispute GROUP BY year")).all())}
    finally:
        engine.dispose()
    return {"ids": {t: n for t, n in ids.items() if n}, "taken": taken, "serials": serials}


# ---------------------------------------------------------------- the center, through the services

@dataclass
class Center:
    services: dict[str, int]
    windows_of: dict[int, list[int]]
    window_no: dict[int, int]
    clerk_of: dict[int, int]
    departments: list[int]
    categories: list[int]
    types: list[int]
    handlers: list[tuple[int, int]]
    rooms: list[int]
    room_names: dict[int, str]
    mediators: list[int]
    mediator_names: dict[int, str]
    calendar: object


def setup_center(url: str, *, rooms: int = 0, mediators: int = 0, officers: int | None = None,
                 clerks: bool = True, clock_at: dt.datetime = NOW) -> None:
    """Schema through the migrations; the center, its staff (an officer per department, or the first
    ``officers``; a clerk per window unless ``clerks`` is false), ``rooms`` mediation rooms in all and
    ``mediators`` mediators through the services."""
    from desktop.services import mediation
    from desktop.services.admin import accounts, center
    from desktop.services.context import open_database

    ctx = open_database(url, clock=FixedClock(clock_at))
    try:
        center.setup_center(ctx.uow(), name=CENTER, case_abbr=ABBR, admin_username="admin",
                            admin_full_name="管理员", admin_password="Hall2026pw")
        for i, dept in enumerate(center.list_departments(ctx.uow())[:officers]):
            accounts.add_user(ctx.uow(), username=f"officer{i:02d}", full_name=f"经办人{i:02d}", role="clerk",
                              password="bench1234", department_id=dept.id)
        for w in center.list_windows(ctx.uow()) if clerks else ():
            accounts.add_user(ctx.uow(), username=f"clerk{w.number:02d}", full_name=f"窗口{w.number:02d}",
                              role="clerk", password="bench1234", window_no=w.number)
        accounts.add_user(ctx.uow(), username="director", full_name="主任", role="director", password="bench1234")
        existing = [r for r in center.list_rooms(ctx.uow()) if r.kind == "mediation"]
        names = [f"{v}调解室" for v in VILLAGES] + [f"{v}警民联调点" for v in VILLAGES]
        for i in range(max(0, rooms - len(existing))):
            name = names[i] if i < len(names) else f"巡回调解点{i - len(names) + 1:03d}"
            center.save_room(ctx.uow(), id=None, name=name, kind="mediation", capacity=8, sort_order=10 + i)
        for i in range(mediators):
            mediation.save_mediator(ctx.uow(), kind="volunteer",
                                    name=f"{SURNAMES[i % len(SURNAMES)]}{GIVEN[(7 * i) % len(GIVEN)]}调解员{i + 1:03d}",
                                    organisation="虎丘司法所" if i % 2 else "虎丘镇人民调解委员会",
                                    title="专职" if i % 4 == 0 else "兼职")
    finally:
        ctx.close()


def load_center(url: str) -> Center:
    from sqlalchemy import create_engine, select

    from desktop.models import (
        CalendarDay,
        Department,
        DisputeType,
        Mediator,
        PetitionCategory,
        QueueService,
        Room,
        User,
        Window,
        window_service,
    )
    from desktop.services.admin.calendar import WorkCalendar

    engine = create_engine(url)
    try:
        with engine.connect() as c:
            windows_of: dict[int, list[int]] = {}
            for wid, sid in c.execute(select(Window.id, window_service.c.service_id)
                                      .join(window_service, window_service.c.window_id == Window.id)
                                      .order_by(Window.id, window_service.c.service_id)):
                windows_of.setdefault(sid, []).append(wid)
            users = c.execute(select(User.id, User.username, User.window_id, User.department_id)
                              .order_by(User.username)).all()
            rooms = c.execute(select(Room.id, Room.name).where(Room.kind == "mediation").order_by(Room.id)).all()
            mediators = c.execute(select(Mediator.id, Mediator.name).order_by(Mediator.id)).all()
            return Center(
                services=dict(c.execute(select(QueueService.letter, QueueService.id)).all()),
                windows_of=windows_of,
                window_no=dict(c.execute(select(Window.id, Window.number)).all()),
                clerk_of={w: u for u, _, w, _ in users if w is not None},
                departments=list(c.execute(select(Department.id).order_by(Department.id)).scalars()),
                categories=list(c.execute(select(PetitionCategory.id).where(PetitionCategory.parent_id.is_not(None))
                                          .order_by(PetitionCategory.id)).scalars()),
                types=list(c.execute(select(DisputeType.id).order_by(DisputeType.id)).scalars()),
                handlers=[(u, d) for u, name, _, d in users if name.startswith("officer")],
                rooms=[r for r, _ in rooms], room_names=dict(rooms),
                mediators=[m for m, _ in mediators], mediator_names=dict(mediators),
                calendar=WorkCalendar(dict(c.execute(select(CalendarDay.day, CalendarDay.is_workday)).all())))
    finally:
        engine.dispose()


def _workdays(cal, first: dt.date, last: dt.date) -> list[dt.date]:
    out, day = [], first
    while day <= last:
        if cal.is_workday(day):
            out.append(day)
        day += dt.timedelta(days=1)
    return out


def rooms_needed(bookings: int, workdays: int) -> int:
    return max(3, math.ceil(bookings / max(1, workdays) / (len(SLOTS) * ROOM_FILL)))


# ---------------------------------------------------------------- the queue

TICKET_COLS = ["id", "day", "service_id", "seq", "number", "issued_service_id", "priority", "visitor_name",
               "status", "rank", "queue_order", "issued_order", "window_id", "clerk_id", "issued_at",
               "first_called_at", "last_called_at", "call_count", "started_at", "finished_at", "record", "rating",
               "rated_at"]
EVENT_COLS = ["id", "at", "day", "kind", "ticket_id", "number", "service_id", "window_no", "actor_id", "detail"]
FOLLOW_COLS = ["id", "ticket_id", "rating", "opened_at", "due_on", "status", "answer", "answered_at"]
RECORDS = ["已解答咨询", "已受理登记", "已告知办理流程", "已转相关部门", "材料已收取", "已现场调解", "已出具告知书", ""]


def _queue(sink: Sink, rng: random.Random, c: Center, days: list[dt.date], per_day: list[int],
           now: dt.datetime | None, taken: dict, log) -> None:
    letters = list(SERVICE_WEIGHTS)
    weights = [SERVICE_WEIGHTS[x] for x in letters]
    horizon = now or dt.datetime.combine(days[-1], dt.time(23, 59)) if days else NOW
    held: dict[int, int] = {}
    epoch = dt.datetime(2000, 1, 1)
    started_at = time.perf_counter()
    for chunk in range(0, len(days), 21):
        tickets, events, follows = [], [], []
        for day, n in zip(days[chunk:chunk + 21], per_day[chunk:chunk + 21], strict=True):
            seqs = {x: taken.get((day, c.services[x]), 0) for x in letters}
            issued_list = sorted((_issue_time(rng, day), rng.choices(letters, weights)[0]) for _ in range(n))
            waiting_ahead = dict.fromkeys(letters, 0)
            for issued, letter in issued_list:
                if issued >= horizon or seqs[letter] >= 999:
                    continue
                seqs[letter] += 1
                sid = c.services[letter]
                tid = sink.next_id("queue_ticket")
                number = f"{letter}{seqs[letter]:03d}"
                order = int((issued - epoch).total_seconds() * 1000)
                priority = rng.random() < 0.05
                fate = rng.random()
                wid = rng.choice(c.windows_of[sid])
                wno = c.window_no[wid]
                clerk = c.clerk_of.get(wid)
                called = issued + dt.timedelta(seconds=int(rng.expovariate(1 / 720)) + 20)
                started = finished = rating = rated = None
                record = ""
                ahead = waiting_ahead[letter] % 12
                waiting_ahead[letter] += 1
                ev = [("issued", issued, None, None, json.dumps({"priority": priority, "ahead": ahead}))]
                call_detail = json.dumps({"call": 1, "waited": int((called - issued).total_seconds()), "name": None})
                if fate < 0.05:
                    status = "no_show"
                    ev += [("called", called, wno, clerk, call_detail),
                           ("no_show", called + dt.timedelta(minutes=2), wno, clerk, '{"calls": 1}')]
                else:
                    status = "finished"
                    started = called + dt.timedelta(seconds=rng.randrange(20, 120))
                    finished = started + dt.timedelta(seconds=int(rng.uniform(4, 30) * 60))
                    record = rng.choice(RECORDS)
                    ev += [("called", called, wno, clerk, call_detail), ("started", started, wno, clerk, None)]
                    if fate > 0.98:  # sent on to another service, served there in its original order
                        to = c.services[rng.choice(letters)]
                        ev.append(("transferred", started + dt.timedelta(minutes=1), wno, clerk, json.dumps(
                            {"from_service": sid, "to_service": to, "position": "original", "to_window": None})))
                    ev.append(("finished", finished, wno, clerk, json.dumps({"record": bool(record)})))
                    if rng.random() < 0.6:
                        rating = _pick(rng, RATINGS)
                        rated = finished + dt.timedelta(seconds=30)
                        ev.append(("rated", rated, wno, None, json.dumps({"rating": rating})))
                if called >= horizon:  # still waiting now
                    status, wid, clerk, called, started, finished, rating, rated = ("waiting", None, None, None,
                                                                                    None, None, None, None)
                elif started is not None and finished >= horizon:  # at a window now
                    status, finished, rating, rated = "serving" if started < horizon else "called", None, None, None
                    if started >= horizon:
                        started = None
                    if held.get(wid) is None:
                        held[wid] = tid
                    else:  # one ticket per window: the rest of them wait
                        status, wid, clerk, called, started = "waiting", None, None, None, None
                ev = [e for e in ev if e[1] < horizon and (called is not None or e[0] == "issued")]
                if rating in ("dissatisfied", "very_dissatisfied"):
                    answered = rated + dt.timedelta(days=rng.randrange(1, 9)) if rng.random() < 0.9 else None
                    if answered is not None and answered >= horizon:
                        answered = None
                    follows.append((sink.next_id("queue_follow_up"), tid, rating, rated,
                                    c.calendar.add_working_days(day, 5), "answered" if answered else "open",
                                    "已回访，情况已说明" if answered else "", answered))
                tickets.append((tid, day, sid, seqs[letter], number, sid, priority, "", status,
                                1 if priority else 3, order, order, wid, clerk, issued, called, called,
                                1 if called else 0, started, finished, record, rating, rated))
                for kind, at, wn, actor, detail in ev:
                    events.append((at, kind, tid, number, sid, wn, actor, detail))
        events.sort(key=lambda e: e[0])
        sink.write("queue_ticket", TICKET_COLS, tickets)
        sink.write("queue_event", EVENT_COLS, [(sink.next_id("queue_event"), at, at.date(), kind, tid, number, sid,
                                                wn, actor, detail)
                                               for at, kind, tid, number, sid, wn, actor, detail in events])
        sink.write("queue_follow_up", FOLLOW_COLS, follows)
        sink.commit()
        if chunk // 21 % 24 == 23:
            log(f"  queue: {sink.counts['queue_ticket']:,} tickets, {sink.counts['queue_event']:,} events "
                f"({sink.counts['queue_ticket'] / (time.perf_counter() - started_at):,.0f} tickets/s)")
    if now is not None:
        states = []
        for wid in sorted(c.window_no):
            clerk = c.clerk_of.get(wid)
            if clerk is None and wid not in held:
                continue
            states.append((wid, rng.random() < 0.08 and wid not in held, clerk,
                           now - dt.timedelta(minutes=rng.randrange(1, 30))))
        for w in sink.writers:  # the generated day decides who sits where
            w.conn.execute("DELETE FROM queue_window_state")
        sink.write("queue_window_state", ["window_id", "paused", "clerk_id", "since"], states)


# ---------------------------------------------------------------- people and petitions

PERSON_COLS = ["id", "name", "id_number", "gender", "birth_date", "phone", "address", "village", "grid",
               "organisation", "created_at", "updated_at", "version"]
PETITION_COLS = ["id", "case_no", "case_year", "case_seq", "kind", "parent_id", "source", "category_id", "content",
                 "requests", "petitioner_names", "village", "grid", "status", "received_at", "query_code",
                 "registered_by_id", "ticket_id", "department_id", "handler_id", "accept_due_on", "accepted_on",
                 "objection_due_on", "conclude_due_on", "extended_days", "hearing_days", "replied_on", "remedy_due_on",
                 "follow_up_due_on", "closed_on", "due_on", "due_kind", "satisfaction", "dissatisfied", "repeat_count",
                 "new_case_reason", "updated_at", "version"]
PARTY_COLS = ["petition_id", "person_id", "position"]
STEP_COLS = ["id", "petition_id", "action", "at", "actor_id", "actor_name", "from_status", "to_status", "note", "detail"]
SUPERVISION_COLS = ["id", "petition_id", "department_id", "note", "due_on", "created_at", "created_by_name", "answer",
                    "answered_at", "answered_by_name"]
EXTENSION_COLS = ["id", "petition_id", "days", "reason", "status", "requested_at", "requested_by_name", "decided_at",
                  "decided_by_name", "decision_note"]


class People:
    """Persons written in batches; ``name``/``village``/``grid`` kept for the cases that refer to them."""

    def __init__(self, sink: Sink, rng: random.Random, now: dt.datetime):
        self.sink, self.rng, self.now = sink, rng, now
        self.used: set[str] = set()
        self.names: dict[int, str] = {}
        self.places: dict[int, tuple[str, str]] = {}
        self.batch: list[tuple] = []

    def add(self, village: str | None = None) -> int:
        rng = self.rng
        pid = self.sink.next_id("person")
        village = village or rng.choice(VILLAGES)
        grid = rng.choice(GRIDS)
        name = _name(rng)
        id_number = _id_number(rng, self.used) if rng.random() < 0.85 else None
        gender = birth = None
        if id_number:
            gender = "M" if int(id_number[16]) % 2 else "F"
            birth = dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
        self.batch.append((pid, name, id_number, gender, birth, f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}",
                           f"{village}{rng.randint(1, 30)}组", village, grid, "", self.now, self.now, 1))
        self.names[pid] = name
        self.places[pid] = (village, grid)
        if len(self.batch) >= 50_000:
            self.flush()
        return pid

    def flush(self) -> None:
        self.sink.write("person", PERSON_COLS, self.batch)
        self.batch = []


def _petitions(sink: Sink, rng: random.Random, c: Center, days: list[dt.date], per_day: list[int],
               people: People, end: dt.datetime, serials: dict, log, *, old_open: float) -> None:
    n_total = sum(per_day)
    pool = max(10, int(n_total * 0.7))
    for _ in range(pool):
        people.add()
    people.flush()
    first_person = sink.ids["person"] - pool + 1
    seq_per_year: dict[int, int] = dict(serials)
    today = end.date()
    started_at = time.perf_counter()
    for chunk in range(0, len(days), 21):
        petitions, parties, steps, supervisions, extensions = [], [], [], [], []
        for day, n in zip(days[chunk:chunk + 21], per_day[chunk:chunk + 21], strict=True):
            for received in sorted(_issue_time(rng, day) for _ in range(n)):
                if received >= end:
                    continue
                pid = sink.next_id("petition")
                year = received.year
                seq_per_year[year] = seq_per_year.get(year, 0) + 1
                age = (today - day).days
                if age > 120 and rng.random() < old_open:  # the few old cases a center still has open
                    status = _pick(rng, [("concluded", 3), ("handling", 2)])
                elif age > 120:
                    status = _pick(rng, [("closed", 86), ("not_accepted", 5), ("withdrawn", 4)])
                else:
                    status = _pick(rng, [("registered", 10), ("assigned", 15), ("met", 15), ("handling", 25),
                                         ("concluded", 15), ("closed", 15), ("not_accepted", 3), ("withdrawn", 2)])
                first = first_person + rng.randrange(pool)
                names = [first]
                if rng.random() < 0.15:
                    other = first_person + rng.randrange(pool)
                    if other != first:
                        names.append(other)
                village, grid = people.places[first]
                content, requests = _content(rng, village)
                accepted = min(day + dt.timedelta(days=rng.randint(1, 10)), today) if status not in (
                    "registered", "not_accepted", "withdrawn") else None
                handler, dept = rng.choice(c.handlers) if accepted else (None, None)
                if status == "objected":
                    dept = None
                extended = 30 if accepted and rng.random() < 0.04 else 0
                conclude_due = accepted + dt.timedelta(days=60 + extended) if accepted else None
                replied = None
                if status in ("concluded", "closed"):
                    replied = min(accepted + dt.timedelta(days=rng.randint(10, 70)), today)
                due_on, due_kind = None, ""
                if status == "registered":
                    due_on, due_kind = day + dt.timedelta(days=15), "accept"
                elif status in ("assigned", "met", "handling", "objected"):
                    due_on, due_kind = conclude_due, "conclude"
                elif status == "concluded":
                    due_on, due_kind = replied + dt.timedelta(days=15), "follow_up"
                closed_on = None
                if status == "closed":
                    closed_on = min(replied + dt.timedelta(days=rng.randint(1, 15)), today)
                elif status in ("not_accepted", "withdrawn"):
                    closed_on = min(day + dt.timedelta(days=5), today)
                satisfaction = _pick(rng, SATISFACTION) if status == "closed" else None
                kind = _pick(rng, [("petition", 95), ("review", 4), ("recheck", 1)]) if pid > 50 else "petition"
                parent = pid - rng.randint(1, min(pid - 1, 5000)) if kind != "petition" else None
                petitions.append((
                    pid, f"（{year}）{ABBR}信字第{seq_per_year[year]:03d}号", year, seq_per_year[year], kind, parent,
                    _pick(rng, PETITION_SOURCES), rng.choice(c.categories), content, requests,
                    "、".join(people.names[p] for p in names), village, grid, status, received, f"Q{pid:011d}",
                    None, None, dept, handler, day + dt.timedelta(days=15), accepted,
                    accepted + dt.timedelta(days=7) if accepted else None, conclude_due,
                    extended, 0, replied,
                    replied + dt.timedelta(days=30) if replied else None,
                    replied + dt.timedelta(days=15) if replied else None, closed_on, due_on, due_kind, satisfaction,
                    satisfaction in ("dissatisfied", "very_dissatisfied"), 1 if rng.random() < 0.05 else 0, "",
                    received, 1))
                for position, person in enumerate(names):
                    parties.append((pid, person, position))
                at, previous = received, ""
                for action in STEPS_BY_STATUS[status]:
                    steps.append((sink.next_id("petition_step"), pid, action, at, None, "经办人", previous,
                                  STEP_STATUS[action], "", None))
                    previous = STEP_STATUS[action]
                    at = min(at + dt.timedelta(days=rng.randint(1, 12)), end - dt.timedelta(minutes=1))
                if petitions[-1][34]:  # a repeat visit on the same matter: a step, not a new case
                    steps.append((sink.next_id("petition_step"), pid, "repeat_visit",
                                  min(received + dt.timedelta(days=rng.randrange(1, 40)), end - dt.timedelta(minutes=1)),
                                  None, "经办人", previous, previous, "再次来访", None))
                if petitions[-1][24]:
                    req = dt.datetime.combine(accepted + dt.timedelta(days=40), dt.time(9))
                    if req < end:
                        extensions.append((sink.next_id("petition_extension"), pid, 30, "情况复杂，需进一步调查核实",
                                           "approved", req, "经办人", min(req + dt.timedelta(days=2), end), "主任", ""))
                if due_on is not None and rng.random() < 0.03:
                    at = min(dt.datetime.combine(day + dt.timedelta(days=20), dt.time(9)), end - dt.timedelta(hours=1))
                    supervisions.append((sink.next_id("petition_supervision"), pid, dept, "请抓紧办理并报告进展",
                                         at.date() + dt.timedelta(days=7), at, "主任", "", None, ""))
        sink.write("petition", PETITION_COLS, petitions)
        sink.write("petition_party", PARTY_COLS, parties)
        sink.write("petition_step", STEP_COLS, steps)
        sink.write("petition_extension", EXTENSION_COLS, extensions)
        sink.write("petition_supervision", SUPERVISION_COLS, supervisions)
        sink.commit()
        if chunk // 21 % 24 == 23:
            log(f"  petitions: {sink.counts['petition']:,} ({sink.counts['petition'] / (time.perf_counter() - started_at):,.0f}/s)")
    sink.counters("信", seq_per_year)


# ---------------------------------------------------------------- disputes, bookings and agreements

DISPUTE_COLS = ["id", "case_no", "year", "serial", "type_id", "source", "referred_by", "title", "facts", "matters",
                "village", "party_names", "state", "registered_at", "due_on", "closed_on", "outcome_note",
                "referred_to", "referred_body", "updated_at", "version"]
DPARTY_COLS = ["id", "dispute_id", "side", "seq", "kind", "person_id", "name", "org_code", "org_legal_rep",
               "org_address", "rep_name", "rep_kind", "rep_phone"]
BOOKING_COLS = ["id", "dispute_id", "room_id", "start_at", "end_at", "public", "state", "note", "cancel_reason",
                "hours_override", "created_at", "updated_at", "version"]
SESSION_COLS = ["id", "dispute_id", "booking_id", "started_at", "ended_at", "place", "mediator_names", "attendees",
                "recorder", "content", "created_at", "updated_at"]
AGREEMENT_COLS = ["id", "dispute_id", "version_no", "form", "state", "parties", "facts", "matters", "responsibilities",
                  "oral_content", "other_terms", "correction_reason", "copies", "signed_on", "created_at", "updated_at",
                  "finalised_at", "version"]


class Rooms:
    """Free room-hours per day: a room, a mediator and a dispute are in at most one session per slot."""

    def __init__(self, rooms: list[int], rng: random.Random):
        self.rooms, self.rng = rooms, rng
        self.days: dict[dt.date, list] = {}

    def _day(self, day: dt.date):
        if day not in self.days:
            free = []
            for _ in SLOTS:
                rooms = self.rooms[:]
                self.rng.shuffle(rooms)
                free.append(rooms)
            self.days[day] = [free, [set() for _ in SLOTS], [set() for _ in SLOTS]]  # rooms, mediators, disputes
        return self.days[day]

    def take(self, day: dt.date, mediator: int, dispute: int, keep: float = 1.0) -> tuple[int, int] | None:
        """(slot index, room) for the dispute's session with ``mediator`` on ``day``, or None when full.
        Only the first ``keep`` share of each slot's rooms is offered (history leaves some room-hours free)."""
        free, busy, disputes = self._day(day)
        order = list(range(len(SLOTS)))
        self.rng.shuffle(order)
        limit = len(self.rooms) * (1 - keep)
        for s in order:
            if len(free[s]) > limit and mediator not in busy[s] and dispute not in disputes[s]:
                busy[s].add(mediator)
                disputes[s].add(dispute)
                return s, free[s].pop()
        return None

    def forget_before(self, day: dt.date) -> None:
        for d in [d for d in self.days if d < day]:
            del self.days[d]


def _disputes(sink: Sink, rng: random.Random, c: Center, days: list[dt.date], per_day: list[int], bookings: int,
              people: People, end: dt.datetime, serials: dict, log) -> None:
    n_total = max(1, sum(per_day))
    mean = bookings / n_total
    rooms = Rooms(c.rooms, rng)
    later = _workdays(c.calendar, days[-1] + dt.timedelta(days=1), COMING_WEEK[-1] + dt.timedelta(days=60)) \
        if days else []
    all_days = days + later
    index = {d: i for i, d in enumerate(all_days)}
    today = end.date()
    serial: dict[int, int] = dict(serials)
    made = 0
    open_recent: list[tuple[int, int, list[int], str]] = []  # disputes open now: (id, mediator, parties, names)
    started_at = time.perf_counter()
    for chunk in range(0, len(days), 21):
        rows, dparties, dmediators, books, bmeds, bparties, claims, sessions = [], [], [], [], [], [], [], []
        agreements, terms, checks, judicial, visits = [], [], [], [], []
        rooms.forget_before(days[chunk])
        for day, n in zip(days[chunk:chunk + 21], per_day[chunk:chunk + 21], strict=True):
            for registered in sorted(_issue_time(rng, day) for _ in range(n)):
                if registered >= end:
                    continue
                did = sink.next_id("dispute")
                serial[day.year] = serial.get(day.year, 0) + 1
                village = rng.choice(VILLAGES)
                title = rng.choice(DISPUTE_TITLES)
                # the parties: two people, sometimes a third, sometimes an organisation as respondent
                party_rows = []
                sides = [("applicant", 1), ("respondent", 2)] + ([("respondent", 3)] if rng.random() < 0.12 else [])
                for side, seq in sides:
                    party_id = sink.next_id("dispute_party")
                    if seq == 2 and rng.random() < 0.1:
                        name = f"{village}第{did}号经营部"
                        party_rows.append((party_id, did, side, seq, "organisation", None, name, "", _name(rng),
                                           f"{village}工业园", "", "", "", f"org:{name}"))
                    else:
                        person = people.add(village)
                        party_rows.append((party_id, did, side, seq, "person", person, people.names[person], "",
                                           "", "", "", "", "", f"person:{person}"))
                names = "、".join(p[6] for p in party_rows)
                dparties += [p[:-1] for p in party_rows]
                mediator = rng.choice(c.mediators)
                dmediators.append((did, mediator, 0))
                # its sessions: the first within a few working days, then every few working days
                k = int((made + 1) * mean) - int(made * mean)
                made += 1
                at = index[day] + rng.randint(1, 3)
                held_times, starts = [], []
                for _ in range(k):
                    got = None
                    while got is None and at < len(all_days):
                        got = rooms.take(all_days[at], mediator, did, ROOM_FILL if all_days[at] <= today else 1.0)
                        if got is None:
                            at += 1
                    if got is None:
                        break
                    s, room = got
                    bday = all_days[at]
                    start, stop = dt.datetime.combine(bday, SLOTS[s][0]), dt.datetime.combine(bday, SLOTS[s][1])
                    bid = sink.next_id("booking")
                    starts.append(start)
                    if start >= end:
                        state = "confirmed"
                    else:
                        state = _pick(rng, [("held", 92), ("cancelled", 5), ("no_show", 3)])
                    booked_on = min(registered, start - dt.timedelta(hours=1))
                    books.append((bid, did, room, start, stop, rng.random() < 0.2, state, "",
                                  "当事人申请改期" if state == "cancelled" else "", False, booked_on, booked_on, 1))
                    bmeds.append((bid, mediator))
                    for p in party_rows:
                        bparties.append((bid, p[0]))
                    if state in ("held", "confirmed"):
                        for resource in [f"room:{room}", f"mediator:{mediator}"] + [p[-1] for p in party_rows]:
                            claims.append((sink.next_id("booking_claim"), bid, resource, start, stop))
                    if state == "held":
                        held_times.append(stop)
                        sessions.append((sink.next_id("mediation_session"), did, bid, start, stop,
                                         c.room_names[room], c.mediator_names[mediator], names,
                                         c.mediator_names[mediator],
                                         "调解员释明法律规定，双方陈述意见，经耐心疏导，" +
                                         rng.choice(["双方达成一致意见。", "双方分歧较大，约定再次调解。",
                                                     "双方同意各让一步，继续协商。"]), stop, stop))
                    at += rng.randint(2, 8)
                future = bool(starts) and max(starts) >= end
                closed = None
                state = "registered"
                if future:
                    state = "scheduled"
                elif held_times and (today - max(held_times).date()).days > 3:
                    closed = max(held_times).date() + dt.timedelta(days=rng.randint(0, 3))
                    state = _pick(rng, [("agreed", 72), ("failed", 15), ("terminated", 5), ("referred", 8)])
                elif held_times:
                    state = "in_mediation"
                if state in ("registered", "scheduled", "in_mediation"):
                    open_recent.append((did, mediator, [p[0] for p in party_rows], names,
                                        [p[-1] for p in party_rows]))
                rows.append((did, f"（{day.year}）{ABBR}调字第{serial[day.year]:03d}号", day.year, serial[day.year],
                             rng.choice(c.types), _pick(rng, [("application", 70), ("proactive", 20), ("referral", 10)]),
                             "", title, f"{names}因{title[:-2]}发生争执，双方多次协商未果。",
                             "申请人要求对方停止侵害、赔偿损失。", village, names, state, registered,
                             day + dt.timedelta(days=30), closed,
                             "双方分歧过大" if state in ("failed", "terminated") else "",
                             "court" if state == "referred" else None, "人民法庭" if state == "referred" else "",
                             registered, 1))
                if state == "agreed":
                    aid = sink.next_id("agreement")
                    form = "written" if rng.random() < 0.9 else "oral"
                    signed = dt.datetime.combine(closed, dt.time(16))
                    agreements.append((aid, did, 1, form, "final", json.dumps(
                        [{"side": p[2], "name": p[6]} for p in party_rows], ensure_ascii=False),
                        f"{names}因{title[:-2]}发生争执。", "争议焦点为赔偿数额及履行期限。", "双方各负相应责任。",
                        "口头协议：双方同意按约定履行。" if form == "oral" else "", "", "", len(party_rows) + 1,
                        closed, signed, signed, signed, 1))
                    for t in range(rng.randrange(1, 4)):
                        term = sink.next_id("agreement_term")
                        due = closed + dt.timedelta(days=20 + 10 * t)
                        terms.append((term, aid, t + 1, f"被申请人于{due:%Y年%m月%d日}前支付{rng.randint(5, 80) * 100}元",
                                      party_rows[1][6], "银行转账", due))
                        if due < today and rng.random() < 0.9:
                            checks.append((sink.next_id("term_performance"), term,
                                           _pick(rng, [("performed", 88), ("partly", 8), ("not_performed", 4)]), due,
                                           "", dt.datetime.combine(due, dt.time(10))))
                    if form == "written" and rng.random() < 0.1 and closed + dt.timedelta(days=15) < today:
                        judicial.append((sink.next_id("judicial_confirmation"), did, aid, "confirmed", closed,
                                         closed + dt.timedelta(days=5), "虎丘人民法庭", closed + dt.timedelta(days=15),
                                         "", dt.datetime.combine(closed + dt.timedelta(days=15), dt.time(9))))
                    if rng.random() < 0.5 and closed + dt.timedelta(days=30) < today:
                        on = closed + dt.timedelta(days=30)
                        visits.append((sink.next_id("mediation_follow_up"), did, on, rng.choice(["visit", "phone"]),
                                       c.mediator_names[mediator], party_rows[0][6], "协议已按期履行",
                                       _pick(rng, [("very_satisfied", 60), ("satisfied", 30),
                                                   ("basically_satisfied", 10)]), "",
                                       dt.datetime.combine(on, dt.time(15))))
        if chunk + 21 >= len(days):  # the coming week fully booked by the disputes open now
            for bday in [d for d in COMING_WEEK if d in index]:
                for _ in range(len(SLOTS) * len(c.rooms)):
                    for _try in range(40):
                        did, mediator, party_ids, names, resources = rng.choice(open_recent) if open_recent else (
                            None, None, None, None, None)
                        if did is None:
                            break
                        got = rooms.take(bday, mediator, did)
                        if got is not None:
                            break
                    else:
                        continue
                    if did is None or got is None:
                        continue
                    s, room = got
                    start, stop = dt.datetime.combine(bday, SLOTS[s][0]), dt.datetime.combine(bday, SLOTS[s][1])
                    bid = sink.next_id("booking")
                    books.append((bid, did, room, start, stop, False, "confirmed", "", "", False, end, end, 1))
                    bmeds.append((bid, mediator))
                    bparties += [(bid, p) for p in party_ids]
                    for resource in [f"room:{room}", f"mediator:{mediator}"] + resources:
                        claims.append((sink.next_id("booking_claim"), bid, resource, start, stop))
        sink.write("dispute", DISPUTE_COLS, rows)
        sink.write("dispute_party", DPARTY_COLS, dparties)
        sink.write("dispute_mediator", ["dispute_id", "mediator_id", "seq"], dmediators)
        people.flush()
        sink.write("booking", BOOKING_COLS, books)
        sink.write("booking_mediator", ["booking_id", "mediator_id"], bmeds)
        sink.write("booking_party", ["booking_id", "party_id"], bparties)
        sink.write("booking_claim", ["id", "booking_id", "resource", "start_at", "end_at"], claims)
        sink.write("mediation_session", SESSION_COLS, sessions)
        sink.write("agreement", AGREEMENT_COLS, agreements)
        sink.write("agreement_term", ["id", "agreement_id", "seq", "content", "obligor", "method", "due_on"], terms)
        sink.write("term_performance", ["id", "term_id", "status", "on_date", "note", "recorded_at"], checks)
        sink.write("judicial_confirmation", ["id", "dispute_id", "agreement_id", "status", "reminded_on",
                                             "applied_on", "court", "decided_on", "note", "updated_at"], judicial)
        sink.write("mediation_follow_up", ["id", "dispute_id", "visited_on", "method", "visitor", "visited_party",
                                           "performance", "satisfaction", "note", "created_at"], visits)
        sink.commit()
        if chunk // 21 % 24 == 23:
            log(f"  mediation: {sink.counts['dispute']:,} disputes, {sink.counts['booking']:,} bookings "
                f"({sink.counts['booking'] / (time.perf_counter() - started_at):,.0f} bookings/s)")
    sink.counters("调", serial)


TABLES = ["person", "queue_ticket", "queue_event", "queue_follow_up", "queue_window_state", "petition",
          "petition_party", "petition_step", "petition_extension", "petition_supervision", "case_counter", "dispute",
          "dispute_party", "dispute_mediator", "booking", "booking_mediator", "booking_party", "booking_claim",
          "mediation_session", "agreement", "agreement_term", "term_performance", "judicial_confirmation",
          "mediation_follow_up"]
NO_ID = {"queue_window_state", "petition_party", "case_counter", "dispute_mediator", "booking_mediator",
         "booking_party"}


def fill(urls: list[str], *, first: dt.date, last: dt.date, tickets: int, petitions: int, disputes: int,
         bookings: int, now: dt.datetime | None = None, seed: int = 10, old_open: float = Size.old_open,
         log=print) -> dict:
    """Bulk history on the working days from ``first`` to ``last`` into each (migrated, set up, otherwise
    empty) database of ``urls``. With ``now``, nothing happens after it: its day is cut there, with tickets
    still waiting or at windows, and windows signed in (the live view). Ids, ticket numbers and case numbers
    continue after what the database holds; the bookings it adds never conflict with each other, but are not
    checked against bookings already there. Returns counts and rows/s per table."""
    center = load_center(urls[0])
    rng = random.Random(seed)
    days = _workdays(center.calendar, first, last)
    end = now or NOW
    writers = [Writer(u) for u in urls]
    sink = Sink(writers, log)
    existing = _existing(urls[0])
    sink.ids.update(existing["ids"])
    for w in writers:
        w.begin(TABLES)
    started = time.perf_counter()
    marks = {}
    people = People(sink, rng, end)
    log(f"queue: {tickets:,} tickets over {len(days)} working days")
    _queue(sink, rng, center, days, _spread(tickets, days, rng, 0.2), now, existing["taken"], log)
    marks["queue"] = time.perf_counter()
    log(f"petitions: {petitions:,}")
    _petitions(sink, rng, center, days, _spread(petitions, days, rng, 0.3), people, end,
               existing["serials"]["信"], log, old_open=old_open)
    marks["petitions"] = time.perf_counter()
    log(f"mediation: {disputes:,} disputes, {bookings:,} bookings in {len(center.rooms)} rooms")
    _disputes(sink, rng, center, days, _spread(disputes, days, rng, 0.3), bookings, people, end,
              existing["serials"]["调"], log)
    people.flush()
    sink.commit()
    marks["mediation"] = time.perf_counter()
    loaded = time.perf_counter() - started
    for w in writers:
        w.finish(log)
    total = time.perf_counter() - started
    stats = {"rows": dict(sink.counts), "load_seconds": round(loaded, 1), "total_seconds": round(total, 1),
             "sections": {k: round(v - started, 1) for k, v in marks.items()},
             "write_rows_per_s": {w.kind: {t: round(w.rows[t] / w.seconds[t]) for t in w.rows if w.seconds[t] > 0}
                                  for w in writers}}
    log(f"\n{sum(sink.counts.values()):,} rows in {loaded:.0f} s of generating + loading "
        f"({sum(sink.counts.values()) / loaded:,.0f} rows/s), {total:.0f} s with indexes and analyse\n")
    log("| table | rows | " + " | ".join(f"{w.kind} write rows/s" for w in writers) + " |")
    log("|---|---:|" + "---:|" * len(writers))
    for t in TABLES:
        if sink.counts.get(t):
            log(f"| {t} | {sink.counts[t]:,} | " + " | ".join(
                f"{stats['write_rows_per_s'][w.kind].get(t, 0):,}" for w in writers) + " |")
    return stats


# ---------------------------------------------------------------- the cache

def bench_dir() -> Path:
    return Path(os.environ.get("ONESTOP_BENCH_DIR", "/work/benchdata"))


def size_of(name: str) -> Size:
    return PRESETS[name]


class BenchPg:
    """A PostgreSQL cluster kept between runs under the bench directory (tests/pg.py's settings: fsync off,
    loopback only), started and stopped around each use."""

    def __init__(self, root: Path):
        from tests.pg import find_bindir

        self.bindir = find_bindir()
        if self.bindir is None:
            raise RuntimeError("PostgreSQL binaries not found")
        self.root = root
        self.data = root / "data"
        self.as_postgres = os.geteuid() == 0
        self.port = None

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_postgres:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, check=check, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=self.root)

    def start(self) -> BenchPg:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        if not (self.data / "PG_VERSION").exists():
            self._run("initdb", "-D", str(self.data), "-U", "onestop", "--auth=trust", "-E", "UTF8",
                      "--locale=C.UTF-8", "--no-sync")
        if (self.data / "postmaster.pid").exists():  # left running by an interrupted run
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off "
                "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120 "
                "-c shared_buffers=512MB -c max_wal_size=4GB -c checkpoint_timeout=30min")
        self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"), "-w", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://onestop@127.0.0.1:{self.port}/{database}"

    def recreate(self, name: str) -> str:
        from sqlalchemy import create_engine, text

        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(text(f"DROP DATABASE IF EXISTS {name}"))
            c.execute(text(f"CREATE DATABASE {name}"))
        admin.dispose()
        return self.url(name)

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)


def _manifest(size: Size, kind: str) -> Path:
    return bench_dir() / f"{size.name}-{kind}.json"


def cached(size: Size, kind: str) -> dict | None:
    path = _manifest(size, kind)
    if not path.exists():
        return None
    info = json.loads(path.read_text())
    return info if info.get("size") == asdict(size) else None


def _period(size: Size) -> tuple[dt.date, dt.date]:
    last = NOW.date() - dt.timedelta(days=1)
    return last.replace(year=last.year - size.years) + dt.timedelta(days=1), last


def generate(size: Size, kinds: list[str], *, seed: int = 10, log=print) -> dict:
    """Generate ``size`` into the cache for each database kind (one pass fills them all)."""
    from desktop.services.admin.calendar import WorkCalendar, official_exceptions

    bench_dir().mkdir(parents=True, exist_ok=True)
    busy = _busy(size)
    if busy:
        raise RuntimeError(f"the {size.name} database is being generated by process {busy}")
    marker = bench_dir() / f"{size.name}.generating"
    marker.write_text(str(os.getpid()))
    first, last = _period(size)
    cal = WorkCalendar({r.day: r.is_workday for r in official_exceptions()})
    workdays = len(_workdays(cal, first, last))
    n_rooms = rooms_needed(size.bookings, workdays)
    n_mediators = math.ceil(n_rooms * 1.25) + 2
    urls, servers = [], []
    try:
        for kind in kinds:
            _manifest(size, kind).unlink(missing_ok=True)
            if kind == "sqlite":
                path = bench_dir() / f"{size.name}.sqlite"
                for suffix in ("", "-wal", "-shm"):
                    Path(str(path) + suffix).unlink(missing_ok=True)
                url = f"sqlite:///{path}"
            else:
                server = BenchPg(bench_dir() / f"pg-{size.name}").start()
                servers.append(server)
                url = server.recreate("onestop")
            started = time.perf_counter()
            setup_center(url, rooms=n_rooms, mediators=n_mediators)
            log(f"[{kind}] migrations + center set up through the services in {time.perf_counter() - started:.0f} s "
                f"({n_rooms} mediation rooms, {n_mediators} mediators)")
            urls.append(url)
        started = time.perf_counter()
        stats = fill(urls, first=first, last=last, tickets=size.tickets, petitions=size.petitions,
                     disputes=size.disputes, bookings=size.bookings, seed=seed, old_open=size.old_open, log=log)
        stats.update(size=asdict(size), first=first.isoformat(), last=last.isoformat(), seed=seed,
                     generated_with=kinds, wall_seconds=round(time.perf_counter() - started, 1),
                     load_average=os.getloadavg()[0], rooms=n_rooms, mediators=n_mediators)
        for kind in kinds:
            _manifest(size, kind).write_text(json.dumps(stats, indent=1, ensure_ascii=False))
        return stats
    finally:
        for server in servers:
            server.stop()
        marker.unlink(missing_ok=True)


def _busy(size: Size) -> int | None:
    """The process generating ``size`` now, if any."""
    marker = bench_dir() / f"{size.name}.generating"
    try:
        pid = int(marker.read_text())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def sync_indexes(url: str, log=print) -> None:
    """Create the models' indexes a cached database lacks (one generated before an index was added to the
    models and to their migration, which it is already stamped with)."""
    from sqlalchemy import create_engine, inspect

    from desktop.models import Base

    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            present = {ix["name"] for t in Base.metadata.tables for ix in inspect(conn).get_indexes(t)}
            for table in Base.metadata.tables.values():
                for index in table.indexes:
                    if index.name not in present:
                        started = time.perf_counter()
                        index.create(conn)
                        log(f"  created index {index.name} in {time.perf_counter() - started:.0f} s")
    finally:
        engine.dispose()


@contextlib.contextmanager
def database(size: Size, kind: str, *, log=print) -> Iterator[str]:
    """The URL of the cached database of ``size`` on ``kind`` (generated first if it is not cached yet);
    a PostgreSQL cluster runs for the duration of the block."""
    if cached(size, kind) is None and _busy(size):
        raise RuntimeError(f"the {size.name} database is still being generated (process {_busy(size)})")
    if cached(size, kind) is None:
        log(f"[{kind}] no cached {size.name} database under {bench_dir()}: generating it")
        generate(size, [kind], log=log)
    if kind == "sqlite":
        url = f"sqlite:///{bench_dir() / f'{size.name}.sqlite'}"
        sync_indexes(url, log)
        yield url
        return
    server = BenchPg(bench_dir() / f"pg-{size.name}").start()
    try:
        sync_indexes(server.url("onestop"), log)
        yield server.url("onestop")
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", choices=sorted(PRESETS))
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--tickets", type=int)
    p.add_argument("--petitions", type=int)
    p.add_argument("--disputes", type=int)
    p.add_argument("--bookings", type=int)
    p.add_argument("--years", type=int)
    p.add_argument("--name", help="cache name of a custom size (default: made from the numbers)")
    p.add_argument("--seed", type=int, default=10)
    args = p.parse_args(argv)
    base = PRESETS[args.preset] if args.preset else Size("custom", 20_000, 2_000, 600, 2_000, 1)
    fields = {k: getattr(args, k) if getattr(args, k) is not None else getattr(base, k)
              for k in ("tickets", "petitions", "disputes", "bookings", "years")}
    name = args.name or (base.name if not any(getattr(args, k) is not None for k in fields) and args.preset else
                         "custom-{tickets}-{petitions}-{disputes}-{bookings}-{years}y".format(**fields))
    size = Size(name, **fields)
    kinds = ["sqlite", "postgresql"] if args.db == "both" else [args.db]
    started = time.perf_counter()
    print(f"generating {size} into {bench_dir()} for {', '.join(kinds)} "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)", flush=True)
    generate(size, kinds, seed=args.seed, log=lambda m: print(m, flush=True))
    print(f"done in {time.perf_counter() - started:.0f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
