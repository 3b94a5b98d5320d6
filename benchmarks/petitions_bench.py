"""Petition lists, search and the case view with many cases, on SQLite and on a throwaway PostgreSQL
server (tests/pg.py). Target: p95 under 100 ms for the first page of every list and for a search of three
or more Chinese characters.

The database is built by the migrations and the center set up by the services; then people, petitions,
petitioners, timeline steps and 督办 notes go in with bulk inserts (sqlite3 executemany, PostgreSQL COPY),
never through the ORM. Cases spread over four years ending at the benchmark's "now", in every state; the
old ones still open are overdue (several per cent: a stress for the overdue list). Measured through the services, as the screens call them (one unit of work per
call, DTOs out):

- the first page (100 rows) of each list: all, mine, my department, due soon, overdue, dissatisfied,
  supervised, and all filtered by status;
- a search for three Chinese characters taken from a random case (rare) and from the common phrases;
- a search for a two-character name prefix (surname + first given character);
- opening a case (the whole case view).

    python -m benchmarks petitions                       100,000 cases on both databases
    python benchmarks/petitions_bench.py --size 1000000  the full size (takes a while on two cores)
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from stdnum.cn import ric  # noqa: E402

from desktop.clock import FixedClock  # noqa: E402

NOW = dt.datetime(2026, 11, 20, 10, 0)
YEARS = 4
PAGE = 100
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
                "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯秀珍峰海燕志琴飞雪梅林波"
             "宁欣怡佳慧婷晨阳俊鑫帅倩婧博宏利春燕晓东玲荣成亮新云龙丹凤德福生祥瑞雅琳然思远佩琪泽锦绣梦蕾")
VILLAGES = [f"{n}村" for n in ("虎丘", "枫桥", "新塘", "横塘", "金星", "长青", "向阳", "红旗", "东山", "西湖", "南庄",
                               "北港", "白洋", "青石", "石桥", "留园", "新庄", "西园")] + \
           [f"{n}社区" for n in ("山塘", "白莲", "清河", "锦绣", "金阊", "枫华", "桐泾", "虎阜")]
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
SOURCES = ["visit", "letter", "phone", "hotline", "grid", "online"]
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


# ---------------------------------------------------------------- building the database

def _setup(url: str):
    """Schema through the migrations, the center and some staff through the services."""
    from desktop.services import accounts, center
    from desktop.services.context import open_database

    ctx = open_database(url, clock=FixedClock(NOW))
    center.setup_center(ctx.uow(), name="虎丘镇一站式综合服务中心", case_abbr="虎", admin_username="admin",
                        admin_full_name="管理员", admin_password="admin12345")
    departments = [d.id for d in center.list_departments(ctx.uow())]
    categories = [c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None]
    handlers = []
    for i, dept in enumerate(departments):
        info = accounts.add_user(ctx.uow(), username=f"officer{i:02d}", full_name=f"经办人{i:02d}", role="clerk",
                                 password="bench1234", department_id=dept)
        handlers.append((info.id, dept))
    accounts.add_user(ctx.uow(), username="director", full_name="主任", role="director", password="bench1234")
    return ctx, departments, categories, handlers


def generate(size: int, seed: int, departments, categories, handlers):
    """Rows as tuples, in insertion order: people, petitions, parties, steps, supervision notes."""
    rng = random.Random(seed)
    start = NOW - dt.timedelta(days=365 * YEARS)
    span = (NOW - start).total_seconds()
    n_people = max(10, int(size * 0.7))
    people, used = [], set()
    for pid in range(1, n_people + 1):
        village = rng.choice(VILLAGES)
        people.append((pid, _name(rng), _id_number(rng, used) if rng.random() < 0.85 else None,
                       f"13{rng.randint(0, 9)}{rng.randint(10000000, 99999999)}", f"{village}{rng.randint(1, 30)}组",
                       village, f"第{rng.randint(1, 60)}网格", NOW, NOW, 1))
    times = sorted(start + dt.timedelta(seconds=rng.random() * span) for _ in range(size))
    seq_per_year: dict[int, int] = {}
    petitions, parties, steps, supervisions = [], [], [], []
    step_id = 0
    for pid, received in enumerate(times, start=1):
        year = received.year
        seq_per_year[year] = seq_per_year.get(year, 0) + 1
        age = (NOW - received).days
        if age > 120:
            status = _pick(rng, [("closed", 86), ("not_accepted", 5), ("withdrawn", 4), ("concluded", 3),
                                 ("handling", 2)])
        else:
            status = _pick(rng, [("registered", 10), ("assigned", 15), ("met", 15), ("handling", 25),
                                 ("concluded", 15), ("closed", 15), ("not_accepted", 3), ("withdrawn", 2)])
        first = people[rng.randrange(n_people)]
        names = [first]
        if rng.random() < 0.15:
            names.append(people[rng.randrange(n_people)])
            if names[1][0] == first[0]:
                names.pop()
        content, requests = _content(rng, first[5])
        day = received.date()
        accepted = day + dt.timedelta(days=rng.randint(1, 10)) if status not in (
            "registered", "not_accepted") else None
        handler, dept = rng.choice(handlers) if accepted else (None, None)
        if status == "objected":
            dept = None
        conclude_due = accepted + dt.timedelta(days=60) if accepted else None
        replied = None
        if status in ("concluded", "closed"):
            replied = min(accepted + dt.timedelta(days=rng.randint(10, 70)), NOW.date())
        due_on, due_kind = None, ""
        if status == "registered":
            due_on, due_kind = day + dt.timedelta(days=15), "accept"
        elif status in ("assigned", "met", "handling", "objected"):
            due_on, due_kind = conclude_due, "conclude"
        elif status == "concluded":
            due_on, due_kind = replied + dt.timedelta(days=15), "follow_up"
        closed_on = replied if status == "closed" else (day + dt.timedelta(days=5) if status in (
            "not_accepted", "withdrawn") else None)
        satisfaction = _pick(rng, SATISFACTION) if status == "closed" else None
        petitions.append((
            pid, f"（{year}）虎信字第{seq_per_year[year]:03d}号", year, seq_per_year[year], "petition", None,
            rng.choice(SOURCES), rng.choice(categories), content, requests, "、".join(p[1] for p in names), first[5],
            first[6], status, received, f"Q{pid:011d}", None, None, dept, handler, day + dt.timedelta(days=15),
            accepted, accepted + dt.timedelta(days=7) if accepted else None, conclude_due, 0, 0, replied,
            replied + dt.timedelta(days=30) if replied else None, replied + dt.timedelta(days=15) if replied else None,
            closed_on, due_on, due_kind, satisfaction, satisfaction in ("dissatisfied", "very_dissatisfied"),
            1 if rng.random() < 0.03 else 0, "", received, 1))
        for position, person in enumerate(names):
            parties.append((pid, person[0], position))
        at = received
        previous = ""
        for action in STEPS_BY_STATUS[status]:
            step_id += 1
            steps.append((step_id, pid, action, at, None, "经办人", previous, STEP_STATUS[action], "", None))
            previous = STEP_STATUS[action]
            at = min(at + dt.timedelta(days=rng.randint(1, 12)), NOW)
        if due_on is not None and rng.random() < 0.02:
            supervisions.append((len(supervisions) + 1, pid, dept, "请抓紧办理并报告进展",
                                 NOW.date() + dt.timedelta(days=rng.randint(-5, 10)), NOW, "主任", "", None, ""))
    return people, petitions, parties, steps, supervisions, seq_per_year


PERSON_COLS = ["id", "name", "id_number", "phone", "address", "village", "grid", "created_at", "updated_at",
               "version"]
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


def _sqlite_value(v):
    if isinstance(v, dt.datetime):
        return v.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, bool):
        return int(v)
    return v


def load_sqlite(path: str, data) -> None:
    people, petitions, parties, steps, supervisions, seq_per_year = data
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    with conn:
        for table, cols, rows, extra in [
            ("person", PERSON_COLS + ["organisation"], people, ("",)),
            ("petition", PETITION_COLS, petitions, ()),
            ("petition_party", PARTY_COLS, parties, ()),
            ("petition_step", STEP_COLS, steps, ()),
            ("petition_supervision", SUPERVISION_COLS, supervisions, ()),
        ]:
            sql = f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
            conn.executemany(sql, ([_sqlite_value(v) for v in row] + list(extra) for row in rows))
        conn.executemany("INSERT INTO case_counter (kind, year, last_no) VALUES ('信', ?, ?)", seq_per_year.items())
    conn.execute("ANALYZE")
    conn.close()


def load_postgresql(url: str, data) -> None:
    import psycopg

    people, petitions, parties, steps, supervisions, seq_per_year = data
    with psycopg.connect(url.replace("postgresql+psycopg", "postgresql")) as conn:
        with conn.cursor() as cur:
            # a bulk load rebuilds the trigram index once instead of row by row
            cur.execute("DROP INDEX ix_petition_search_trgm")
            for table, cols, rows, extra in [
                ("person", PERSON_COLS + ["organisation"], people, ("",)),
                ("petition", PETITION_COLS, petitions, ()),
                ("petition_party", PARTY_COLS, parties, ()),
                ("petition_step", STEP_COLS, steps, ()),
                ("petition_supervision", SUPERVISION_COLS, supervisions, ()),
            ]:
                with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(tuple(row) + extra)
            cur.execute("CREATE INDEX ix_petition_search_trgm ON petition USING gin ((case_no || ' ' || "
                        "petitioner_names || ' ' || content || ' ' || requests) gin_trgm_ops)")
            for table in ("person", "petition", "petition_step", "petition_supervision"):
                cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
            for year, last in seq_per_year.items():
                cur.execute("INSERT INTO case_counter (kind, year, last_no) VALUES ('信', %s, %s)", (year, last))
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


# ---------------------------------------------------------------- measuring

def _timed(fn, args_list) -> list[float]:
    out = []
    for args in args_list:
        t0 = time.perf_counter()
        fn(*args)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def _explain(ctx, fn, args) -> str:
    """The query plan of the slowest statement ``fn(*args)`` runs (EXPLAIN ANALYZE on its own connection)."""
    from sqlalchemy import event

    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["t0"] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, executemany):
        seen.append((time.perf_counter() - conn.info["t0"], statement, parameters))

    event.listen(ctx.db.engine, "before_cursor_execute", before)
    event.listen(ctx.db.engine, "after_cursor_execute", after)
    try:
        fn(*args)
    finally:
        event.remove(ctx.db.engine, "before_cursor_execute", before)
        event.remove(ctx.db.engine, "after_cursor_execute", after)
    _, statement, parameters = max(seen, key=lambda x: x[0])
    prefix = "EXPLAIN QUERY PLAN " if ctx.db.kind == "sqlite" else "EXPLAIN (ANALYZE, BUFFERS) "
    with ctx.db.engine.connect() as conn:
        rows = conn.exec_driver_sql(prefix + statement, parameters).fetchall()
    return "\n".join("    " + " ".join(str(c) for c in r) for r in rows)


def measure(ctx, data, handlers, repeat: int, seed: int,
            explain: list | None = None) -> list[tuple[str, float, float, str]]:
    from desktop.db import Actor
    from desktop.services import petition_lists as pl
    from desktop.services import petitions as pt

    rng = random.Random(seed + 1)
    people, petitions = data[0], data[1]
    handler, dept = handlers[0]
    officer = ctx.as_user(Actor(user_id=handler, username="officer00", role="clerk", department_id=dept,
                                full_name="经办人00"))
    director = ctx.as_user(Actor(user_id=None, username="director", role="director", full_name="主任"))
    results = []

    def row(label, fn, args_list, note=""):
        fn(*args_list[0])  # warm the caches once, as a screen that is already open would have them
        times = _timed(fn, args_list)
        results.append((label, statistics.median(times), _p(times, 0.95), note))
        if explain is not None:  # the plan of the slowest run, to see why
            slowest = args_list[max(range(len(times)), key=times.__getitem__)]
            explain.append(f"{ctx.db.kind} | {label} | slowest {max(times):.1f} ms\n{_explain(ctx, fn, slowest)}")

    def first_page(c, view, f=pl.PetitionFilter()):
        return pl.list_petitions(c.uow(), view=view, filters=f, offset=0, limit=PAGE)

    for view, c in [("all", director), ("mine", officer), ("department", officer), ("due_soon", director),
                    ("overdue", director), ("dissatisfied", director), ("supervised", director)]:
        rows = first_page(c, view)
        row(f"list: {view}", first_page, [(c, view)] * repeat, f"{len(rows)} rows")
    row("list: all, status = handling", first_page,
        [(director, "all", pl.PetitionFilter(status="handling"))] * repeat)
    row("list: all, village", first_page,
        [(director, "all", pl.PetitionFilter(village=rng.choice(VILLAGES))) for _ in range(repeat)])

    rare = []
    for _ in range(repeat):
        content = petitions[rng.randrange(len(petitions))][8]
        detail = content[content.index("：") + 1:content.index("。")]
        i = rng.randrange(len(detail) - 2)
        rare.append((director, "all", pl.PetitionFilter(text=detail[i:i + 3])))
    common = [(director, "all", pl.PetitionFilter(text=rng.choice(PROBLEMS)[:3])) for _ in range(repeat)]
    found = [len(first_page(*a)) for a in rare[:5]]
    row("search: 3 characters, rare", first_page, rare, f"first pages of {found} rows")
    row("search: 3 characters, common", first_page, common, f"{len(first_page(*common[0]))} rows")
    two = [(director, "all", pl.PetitionFilter(text=people[rng.randrange(len(people))][1][:2]))
           for _ in range(repeat)]
    row("search: 2-character name", first_page, two, f"{len(first_page(*two[0]))} rows")
    opened = [(rng.randrange(1, len(petitions) + 1),) for _ in range(repeat)]
    row("open a case", lambda case_id: pt.get_case(director.uow(), case_id), opened)
    row("count: overdue", lambda: pl.count_petitions(director.uow(), view="overdue"), [()] * repeat,
        f"{pl.count_petitions(director.uow(), view='overdue'):,} cases")
    return results


def _staff(url: str):
    """The departments, categories and handlers of an already built benchmark database."""
    from desktop.services import accounts, center
    from desktop.services.context import open_database

    ctx = open_database(url, clock=FixedClock(NOW))
    departments = [d.id for d in center.list_departments(ctx.uow())]
    categories = [c.id for c in center.list_categories(ctx.uow()) if c.parent_id is not None]
    handlers = [(u.id, u.department_id) for u in sorted(accounts.list_users(ctx.uow()), key=lambda u: u.username)
                if u.username.startswith("officer")]
    ctx.close()
    return departments, categories, handlers


def run(engines: list[str], size: int, repeat: int, seed: int, keep: Path | None, reuse: bool = False,
        explain: bool = False) -> None:
    from desktop.services.context import open_database

    table, plans = [], ([] if explain else None)
    for engine in engines:
        tmp = Path(tempfile.mkdtemp(prefix="onestop-bench-"))
        server = None
        try:
            if engine == "sqlite":
                path = (keep or tmp) / f"petitions-{size}.db"
                reused = reuse and path.exists()
                if not reused:
                    path.unlink(missing_ok=True)
                url = f"sqlite:///{path}"
            else:
                from tests.pg import PgServer, find_bindir

                reused = False
                bindir = find_bindir()
                if bindir is None:
                    print("PostgreSQL binaries not found: skipped", file=sys.stderr)
                    continue
                server = PgServer(bindir).start()
                url = server.create_database("bench")
            if reused:  # measure a kept file again: the same seed gives the same rows, generated for the queries
                departments, categories, handlers = _staff(url)
            else:
                ctx, departments, categories, handlers = _setup(url)
                ctx.close()
            t0 = time.perf_counter()
            data = generate(size, seed, departments, categories, handlers)
            t1 = time.perf_counter()
            if not reused:
                (load_sqlite if engine == "sqlite" else load_postgresql)(
                    str(path) if engine == "sqlite" else url, data)
            t2 = time.perf_counter()
            print(f"{engine}: generated {size:,} cases ({len(data[0]):,} people, {len(data[3]):,} steps) in "
                  f"{t1 - t0:.0f} s, " + ("reused the kept file" if reused else f"loaded in {t2 - t1:.0f} s"),
                  flush=True)
            ctx = open_database(url, clock=FixedClock(NOW))
            load = os.getloadavg()[0]
            for label, p50, p95, note in measure(ctx, data, handlers, repeat, seed, plans):
                table.append((engine, label, p50, p95, note))
            print(f"{engine}: measured with a load average of {load:.1f} on {os.cpu_count()} cores", flush=True)
            ctx.close()
            del data
        finally:
            if server is not None:
                server.stop()
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"\n{size:,} petitions, {repeat} runs each, first page = {PAGE} rows\n")
    print("| database | operation | p50 ms | p95 ms | note |")
    print("|---|---|---:|---:|---|")
    for engine, label, p50, p95, note in table:
        print(f"| {engine} | {label} | {p50:.1f} | {p95:.1f} | {note} |")
    for plan in plans or ():
        print("\n" + plan)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    p.add_argument("--size", type=int, default=100_000, help="number of petitions (default 100,000)")
    p.add_argument("--repeat", type=int, default=40, help="runs per measured operation")
    p.add_argument("--seed", type=int, default=4)
    p.add_argument("--keep", type=Path, help="keep the SQLite file in this directory")
    p.add_argument("--reuse", action="store_true", help="measure the kept SQLite file again instead of rebuilding")
    p.add_argument("--explain", action="store_true", help="print the query plan of each operation's slowest run")
    args = p.parse_args(argv if argv is not None else [])
    run(["sqlite", "postgresql"] if args.db == "both" else [args.db], args.size, args.repeat, args.seed, args.keep,
        args.reuse, args.explain)


if __name__ == "__main__":
    main(sys.argv[1:])
