"""Demo data of the mediation area: volunteer mediators, disputes of every type in every state over the last
three months (sessions held with their records, written and oral agreements, judicial confirmation,
performance checks and follow-up visits), and a busy working week of bookings in all seven rooms.

Everything goes through the real services, each with a clock set to the moment it would have happened, so
the data obeys every rule (case numbers in order, no conflicting bookings, deadlines on the calendar).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from sqlalchemy import select

from desktop.clock import FixedClock
from desktop.db import Actor
from desktop.models import User
from desktop.services import mediation
from desktop.services import mediation as agreements
from desktop.services import mediation as scheduling
from desktop.services.admin import center
from desktop.services.admin.calendar import load_calendar
from desktop.services.errors import ServiceError
from desktop.services.mediation import PartyInput, TermInput
from desktop.services.people import PersonInput

VOLUNTEERS = [("王德顺", "虎丘村人民调解委员会", "兼职调解员"), ("钟秀兰", "枫桥社区人民调解委员会", "兼职调解员"),
              ("邵建明", "虎丘司法所", "特邀调解员"), ("顾文涛", "江苏虎丘律师事务所", "律师调解员")]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈任姚卢"
# given names by sex: a party's name must suit the sex its ID number states (GB 11643: the 17th digit is odd
# for a man, even for a woman)
GIVEN = {"M": ["建国", "志强", "国平", "小军", "永刚", "明华", "晓东", "德明", "俊杰", "金宝", "文斌", "宏伟", "立新",
               "家豪", "思远", "海波"],
         "F": ["秀英", "桂兰", "海燕", "丽娟", "春梅", "玉珍", "红霞", "淑芬", "雪梅", "凤英", "美玲", "翠花", "婷婷",
               "慧敏", "晓燕", "桂芳"]}
VILLAGES = ["虎丘村", "新桥村", "通安村", "金星村", "长巷村", "枫桥社区", "白洋湾社区", "山塘社区"]
COMPANIES = {"合同": "苏州虎丘建筑装饰工程有限公司", "生产经营": "虎丘镇金星纺织厂", "劳动争议": "苏州通安精密机械有限公司",
             "消费": "虎丘镇好又多超市", "医疗": "虎丘镇社区卫生服务中心", "物业": "苏州枫桥物业管理有限公司",
             "环境污染": "苏州新桥印染有限公司", "征地拆迁": "虎丘镇城乡建设开发有限公司"}
# type: subject, facts, disputed matters, responsibilities, terms (content, method, days to perform)
CASES = {
    "婚姻家庭": ("赡养费纠纷", "申请人年近八旬，与被申请人系母子关系。被申请人近两年未支付赡养费，双方多次争吵。",
             "被申请人是否应按月支付赡养费及支付标准。", "被申请人未尽赡养义务，应承担主要责任。",
             [("被申请人每月支付申请人赡养费800元", "每月5日前银行转账至申请人账户", 15),
              ("被申请人每月至少探望申请人一次", "上门探望", 30)]),
    "邻里": ("排水沟堵塞纠纷", "双方房屋相邻，被申请人翻建院墙时将共用排水沟填堵，雨天申请人院内积水。",
           "排水沟恢复及积水损失赔偿。", "被申请人擅自填堵共用排水沟，负全部责任。",
           [("被申请人疏通并恢复共用排水沟", "自行雇工施工", 10), ("被申请人赔偿申请人损失1200元", "现金当面支付", 5)]),
    "房屋宅基地": ("宅基地边界纠纷", "双方宅基地相邻，申请人认为被申请人新砌围墙越界约三十厘米。",
              "围墙是否越界及拆除。", "经村组现场丈量，被申请人围墙越界二十五厘米，负主要责任。",
              [("被申请人拆除越界部分围墙并按原界址重砌", "自行拆除重砌，村组现场验收", 20)]),
    "合同": ("装修工程款纠纷", "申请人委托被申请人装修住房，约定工期六十天，实际延误四十天且部分墙面开裂。",
           "工程款结算、返工及违约责任。", "被申请人逾期完工并存在质量问题，负主要责任；申请人未按约支付进度款，负次要责任。",
           [("被申请人返修开裂墙面", "派工返修，申请人验收", 15), ("申请人支付剩余工程款18000元", "银行转账", 20)]),
    "生产经营": ("货款结算纠纷", "申请人向被申请人供应棉纱，被申请人以质量问题为由拒付第三批货款。",
             "第三批货款金额及质量扣款。", "双方对质量标准约定不明，各负一定责任。",
             [("被申请人支付货款36000元", "银行转账", 10)]),
    "损害赔偿": ("犬只咬伤赔偿纠纷", "被申请人饲养的犬只未拴养，将申请人左腿咬伤，医疗费用已支出2860元。",
             "医疗费、误工费赔偿。", "被申请人未尽管理义务，负全部责任。",
             [("被申请人赔偿医疗费、误工费共计4500元", "现金当面支付", 3)]),
    "山林土地": ("承包地边界纠纷", "双方承包地相邻，因田埂移位对约零点三亩土地的承包经营权发生争议。",
             "争议地块的承包经营权归属。", "经核对土地确权登记图，争议地块属申请人承包范围。",
             [("被申请人将争议地块交还申请人耕种", "村组现场交接", 30)]),
    "征地拆迁": ("拆迁安置补偿纠纷", "申请人房屋列入拆迁范围，对附属用房面积认定及补偿标准有异议。",
             "附属用房面积及补偿款。", "原测绘漏计附属用房十二平方米。",
             [("被申请人补发附属用房补偿款21600元", "银行转账", 30)]),
    "环境污染": ("废水异味纠纷", "被申请人厂区排放的废水异味影响周边居民生活，申请人等多户多次投诉。",
             "停止污染、整改及补偿。", "被申请人污水处理设施运行不正常，负全部责任。",
             [("被申请人完成污水处理设施整改并经环保部门检测", "委托第三方整改检测", 45),
              ("被申请人向申请人支付补偿金3000元", "银行转账", 15)]),
    "劳动争议": ("拖欠工资纠纷", "申请人在被申请人处从事车床操作，离职后被申请人拖欠三个月工资共计15600元。",
             "欠付工资数额及支付时间。", "被申请人拖欠劳动报酬，负全部责任。",
             [("被申请人支付申请人工资15600元", "银行转账至申请人工资卡", 7)]),
    "消费": ("购买过期食品纠纷", "申请人在被申请人超市购买的牛奶已过保质期，饮用后腹泻就医。",
           "退款及赔偿。", "被申请人销售过期食品，负全部责任。",
           [("被申请人退还货款并赔偿1000元", "现金当面支付", 1)]),
    "医疗": ("输液外渗损害纠纷", "申请人在被申请人处输液时发生药液外渗，导致右手背肿胀，治疗十余日。",
           "医疗费及精神抚慰金。", "被申请人护理观察不到位，负主要责任。",
           [("被申请人赔偿医疗费、护理费等共计6800元", "银行转账", 10)]),
    "道路交通事故": ("电动车碰撞赔偿纠纷", "被申请人驾驶电动自行车与申请人步行时相撞，交警认定被申请人负主要责任。",
               "医疗费、误工费及财产损失赔偿。", "被申请人负主要责任，申请人负次要责任。",
               [("被申请人赔偿申请人各项损失共计9200元", "分两期银行转账", 30)]),
    "物业": ("物业费及漏水维修纠纷", "申请人以楼顶漏水长期未修为由拒交物业费两年，被申请人催缴未果。",
           "漏水维修及欠缴物业费。", "被申请人维修不及时，申请人拒交物业费亦不妥，双方均有责任。",
           [("被申请人修复楼顶防水", "施工队维修，申请人确认", 20), ("申请人补交物业费3360元", "物业服务中心缴纳", 30)]),
    "其他": ("借款归还纠纷", "被申请人向申请人借款20000元，约定一年内归还，到期后仅归还5000元。",
           "剩余借款的归还期限。", "被申请人未按约还款，负全部责任。",
           [("被申请人分三期归还剩余借款15000元", "银行转账", 60)]),
}
# outcome of the historical cases: (state, weight)
OUTCOMES = [("agreed_written", 10), ("agreed_oral", 3), ("failed", 2), ("terminated", 1), ("referred", 2),
            ("in_mediation", 4), ("scheduled", 3), ("registered", 3)]


def _at(ctx, when: dt.datetime, actor: Actor | None = None):
    return dataclasses.replace(ctx, clock=FixedClock(when), actor=actor or ctx.actor)


def _workdays(cal, start: dt.date, n: int, step: int = 1) -> list[dt.date]:
    out, day = [], start
    while len(out) < n:
        if cal.is_workday(day):
            out.append(day)
        day += dt.timedelta(days=step)
    return out


class _Demo:
    def __init__(self, ctx, rng: random.Random):
        self.ctx, self.rng = ctx, rng
        self.used_ids: set[str] = set()
        self.serial = 100

    def name(self, gender: str | None = None) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN[gender or self.rng.choice("MF")])

    def id_number(self, village_no: int, gender: str) -> str:
        while True:
            born = dt.date(1945, 1, 1) + dt.timedelta(days=self.rng.randrange(0, 365 * 58))
            seq = self.rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            body = f"32050{village_no % 10}{born:%Y%m%d}{seq:03d}"
            weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
            number = body + "10X98765432"[sum(int(c) * w for c, w in zip(body, weights, strict=True)) % 11]
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number

    def person(self, side: str) -> PartyInput:
        v = self.rng.randrange(len(VILLAGES))
        village = VILLAGES[v]
        gender = self.rng.choice("MF")
        self.serial += 1
        phone = f"13{self.rng.randrange(3, 10)}{self.rng.randrange(10**7, 10**8):08d}"
        return PartyInput(side=side, person=PersonInput(
            name=self.name(gender), id_number=self.id_number(v, gender), phone=phone, village=village,
            address=f"虎丘镇{village}{self.rng.randrange(1, 12)}组{self.rng.randrange(1, 60)}号"))

    def parties(self, type_name: str) -> list[PartyInput]:
        out = [self.person("applicant")]
        if self.rng.random() < 0.15:
            out.append(self.person("applicant"))
        if type_name in COMPANIES and self.rng.random() < 0.6:
            out.append(PartyInput(side="respondent", kind="organisation", name=COMPANIES[type_name],
                                  org_legal_rep=self.name(), org_address="虎丘镇工业园区" + str(self.rng.randrange(1, 40))
                                  + "号", rep_name=self.name(), rep_kind="agent"))
        else:
            out.append(self.person("respondent"))
        return out


@dataclasses.dataclass(frozen=True)
class _Area:
    """What every case is played with, loaded once before the first: the staff, the mediators, the dispute
    types, the rooms, and the busy week (the working week of the next working day)."""

    ctx: object
    rng: random.Random
    people: _Demo
    now: dt.datetime
    cal: object  # the WorkCalendar
    staff_mediators: list  # (mediator id, the mediator's Actor)
    volunteers: list[int]
    types: dict[str, int]
    rooms: list
    registrars: list[Actor]
    week: list[dt.date]

    @property
    def today(self) -> dt.date:
        return self.now.date()


def demo_mediation(ctx, rng: random.Random) -> str:
    area = _load_area(ctx, rng)
    open_cases = []
    for reg_at, type_name, outcome, i in _plan(area):
        _play_case(area, reg_at, type_name, outcome, i, open_cases)
    booked = _busy_week(ctx, rng, area.week, area.rooms, open_cases, area.now)
    states: dict[str, int] = {}
    for row in mediation.list_disputes(ctx.uow(), limit=10_000):
        states[row.state] = states.get(row.state, 0) + 1
    summary = ", ".join(f"{k} {v}" for k, v in sorted(states.items()))
    return f"mediation: {sum(states.values())} disputes ({summary}); {booked} bookings in the week of {area.week[0]}"


def _load_area(ctx, rng: random.Random) -> _Area:
    """The staff and rooms as set up, with the volunteer mediators added."""
    d = _Demo(ctx, rng)
    now = ctx.clock.now()
    today = now.date()
    with ctx.uow() as uow:
        cal = load_calendar(uow)
        users = [(u.id, u.username, u.role, u.full_name) for u in uow.session.scalars(select(User))]
    actors = {name: Actor(user_id=uid, username=name, role=role, full_name=full)
              for uid, name, role, full in users if role in ("mediator", "clerk", "supervisor")}
    for name, org, title in VOLUNTEERS:
        mediation.save_mediator(ctx.uow(), kind="volunteer", name=name, organisation=org, title=title,
                                phone=f"139{rng.randrange(10**7, 10**8):08d}")
    roster = mediation.list_mediators(ctx.uow())
    by_user = {m.user_id: m.id for m in roster if m.user_id}
    staff_mediators = [(by_user[uid], actors[name]) for uid, name, role, _ in users
                       if role == "mediator" and uid in by_user]
    volunteers = [m.id for m in roster if m.kind == "volunteer"]
    types = {t.name: t.id for t in center.list_dispute_types(ctx.uow())}
    rooms = center.list_rooms(ctx.uow(), active_only=True)
    registrars = [a for n, a in actors.items() if n.startswith("clerk") or n.startswith("mediator")]
    # ---- the busy week: the working week of the next working day
    next_day = cal.next_workday(today if now.time() < dt.time(17, 30) else today + dt.timedelta(days=1))
    monday = next_day - dt.timedelta(days=next_day.weekday())
    week = [day for day in (monday + dt.timedelta(days=i) for i in range(5)) if cal.is_workday(day)]
    return _Area(ctx, rng, d, now, cal, staff_mediators, volunteers, types, rooms, registrars, week)


def _plan(area: _Area) -> list[tuple[dt.datetime, str, str, int]]:
    """(registered at, type, outcome, mediator index) of every case: historical cases registered over the
    last three months, and the cases of the busy week registered in the last days; in date order, so the
    case numbers follow the dates."""
    rng = area.rng
    history_days = sorted(_workdays(area.cal, area.today - dt.timedelta(days=1), 60, -1))
    names = list(area.types)
    plan = []  # (registered at, type, outcome, mediator index)
    for i in range(75):
        outcome = rng.choices([o for o, _ in OUTCOMES], [w for _, w in OUTCOMES])[0]
        still_open = outcome in ("registered", "scheduled", "in_mediation")
        day = history_days[rng.randrange(40, 60) if still_open else rng.randrange(0, 45)]
        plan.append((day, names[i % len(names)], outcome, i))
    for i in range(40):  # the cases of the busy week, registered in the last days
        plan.append((history_days[-1 - (i % 8)], names[(i * 7) % len(names)], "week", i))
    plan = [(dt.datetime.combine(day, dt.time(8, 45)) + dt.timedelta(minutes=rng.randrange(0, 420)), *rest)
            for day, *rest in plan]
    plan.sort()  # registered in date order, so the case numbers follow the dates
    return plan


def _play_case(area: _Area, reg_at: dt.datetime, type_name: str, outcome: str, i: int, open_cases: list) -> None:
    """Register one case and play it to its outcome; a case left open joins ``open_cases`` for the week."""
    ctx, rng, today = area.ctx, area.rng, area.today
    mediator_id, mediator_actor = area.staff_mediators[i % len(area.staff_mediators)]
    title, facts, _matters, _duty, _terms = CASES[type_name]
    case = _register(area, reg_at, type_name, outcome, i, mediator_id)
    if outcome == "week":
        open_cases.append((case, mediator_actor))
    if outcome in ("registered", "week"):  # the registered ones wait for their first booking
        return
    # a first session some working days later, in a mediation room
    session_day = _workdays(area.cal, reg_at.date() + dt.timedelta(days=rng.randrange(2, 6)), 1)[0]
    if outcome == "scheduled" or session_day >= today:
        open_cases.append((case, mediator_actor))
        return
    start = dt.datetime.combine(session_day, dt.time(rng.choice([9, 10, 14, 15]), rng.choice([0, 30])))
    booked = None
    for room in rng.sample(area.rooms[:3], 3) + area.rooms[3:]:
        try:
            booked = scheduling.book_room(_at(ctx, reg_at, mediator_actor).uow(), dispute_id=case.id,
                                          room_id=room.id, start=start, end=start + dt.timedelta(minutes=90),
                                          public=rng.random() < 0.3)
            break
        except ServiceError:
            continue
    after = start + dt.timedelta(minutes=95)
    at_session = _at(ctx, after, mediator_actor)
    applicant = case.parties[0].name
    respondent = case.parties[-1].name
    content = (f"调解员：今天组织双方就{title}进行调解，请双方如实陈述。\n"
               f"申请人{applicant}：{facts}\n"
               f"被申请人{respondent}：对部分事实有异议，希望协商解决。\n"
               f"调解员：根据有关法律规定，向双方释法说理，双方同意在自愿基础上协商。")
    mediation.record_session(at_session.uow(), dispute_id=case.id, booking_id=booked.id if booked else None,
                             started_at=start, ended_at=start + dt.timedelta(minutes=90),
                             attendees=f"{applicant}、{respondent}", recorder=mediator_actor.full_name,
                             content=content, place="" if booked else "当事人所在村委会")
    if outcome == "in_mediation":
        open_cases.append((case, mediator_actor))
        return
    closed_at = _at(ctx, after + dt.timedelta(minutes=10), mediator_actor)
    if outcome in ("failed", "terminated", "referred"):
        mediation.close_dispute(
            closed_at.uow(), dispute_id=case.id, outcome=outcome,
            note={"failed": "双方分歧较大，经两次调解未能达成一致。", "terminated": "申请人撤回调解申请。",
                  "referred": "告知当事人可向人民法院提起诉讼。"}[outcome],
            referred_to="court" if outcome == "referred" else None,
            referred_body="虎丘人民法庭" if outcome == "referred" else "")
        return
    _agree(area, case, type_name, outcome, closed_at, mediator_actor, session_day)


def _register(area: _Area, reg_at: dt.datetime, type_name: str, outcome: str, i: int, mediator_id: int):
    """Register the case with its mediators: a busy-week case by a fixed pattern, the others by chance."""
    rng, volunteers = area.rng, area.volunteers
    title, facts, matters, _duty, _terms = CASES[type_name]
    if outcome == "week":
        helpers = [volunteers[i % len(volunteers)]] if i % 5 == 4 else \
            [mediator_id] + ([volunteers[i % len(volunteers)]] if i % 3 == 0 else [])
        source = "application"
    else:
        helpers = [mediator_id] + ([rng.choice(volunteers)] if rng.random() < 0.35 else [])
        source = rng.choices(["application", "proactive", "referral"], [6, 2, 2])[0]
    return mediation.register_dispute(
        _at(area.ctx, reg_at, rng.choice(area.registrars)).uow(), type_id=area.types[type_name], source=source,
        title=title, facts=facts, matters=matters, parties=area.people.parties(type_name), mediator_ids=helpers,
        referred_by=rng.choice(["虎丘派出所", "虎丘人民法庭", "镇信访办", "12345热线"]) if source == "referral" else "")


def _agree(area: _Area, case, type_name: str, outcome: str, closed_at, mediator_actor: Actor,
           session_day: dt.date) -> None:
    """A written or oral agreement signed on the session's day, then its supervision: terms due by now are
    checked, some visits made, some court confirmations."""
    ctx, rng, today = area.ctx, area.rng, area.today
    _title, facts, matters, duty, terms = CASES[type_name]
    applicant = case.parties[0].name
    respondent = case.parties[-1].name
    form = "oral" if outcome == "agreed_oral" else "written"
    draft = agreements.draft_agreement(closed_at.uow(), dispute_id=case.id, form=form)
    term_inputs = [TermInput(c, applicant if c.startswith("申请人") else respondent, m,
                             session_day + dt.timedelta(days=days)) for c, m, days in terms]
    draft = agreements.save_agreement(
        closed_at.uow(), agreement_id=draft.id, version=draft.version, form=form, facts=facts, matters=matters,
        responsibilities=duty, terms=term_inputs if form == "written" else term_inputs[:1],
        oral_content=f"双方口头达成协议：{terms[0][0]}。" if form == "oral" else "")
    final = agreements.finalise_agreement(closed_at.uow(), agreement_id=draft.id, version=draft.version,
                                          signed_on=session_day)
    for t in final.terms:
        if t.due_on and t.due_on <= today - dt.timedelta(days=1):
            status = rng.choices(["performed", "partly", "not_performed"], [8, 1, 1])[0]
            agreements.record_performance(_at(ctx, dt.datetime.combine(t.due_on, dt.time(16)), mediator_actor)
                                          .uow(), term_id=t.id, status=status, on_date=t.due_on)
    last_due = max([t.due_on for t in final.terms if t.due_on] + [session_day])
    visit_day = last_due + dt.timedelta(days=rng.randrange(3, 9))
    if visit_day < today and rng.random() < (0.95 if visit_day < today - dt.timedelta(days=14) else 0.5):
        agreements.record_follow_up(
            _at(ctx, dt.datetime.combine(visit_day, dt.time(15)), mediator_actor).uow(), dispute_id=case.id,
            visited_on=visit_day, method=rng.choice(["visit", "phone"]), visitor=mediator_actor.full_name,
            visited_party=applicant, performance="协议已按约履行。" if rng.random() < 0.8 else "尚有部分款项未付。",
            satisfaction=rng.choices(["very_satisfied", "satisfied", "basically_satisfied"], [5, 4, 1])[0])
    if form == "written" and rng.random() < 0.35:
        applied = session_day + dt.timedelta(days=rng.randrange(3, 20))
        if applied < today:
            agreements.record_judicial(_at(ctx, dt.datetime.combine(applied, dt.time(10)), mediator_actor).uow(),
                                       dispute_id=case.id, status="applied", on_date=applied, court="虎丘人民法庭")


def _busy_week(ctx, rng, week, rooms, open_cases, now) -> int:
    """Fill the seven rooms from opening to closing on each working day of ``week``."""
    booked = 0
    booking_time = min(now, dt.datetime.combine(week[0], dt.time(8))) - dt.timedelta(hours=1)
    cases = list(open_cases)
    for day in week:
        for room in rooms:
            t = dt.datetime.combine(day, dt.time(8, 30))
            close = dt.datetime.combine(day, dt.time(17, 30))
            while t < close:
                length = dt.timedelta(minutes=rng.choice([60, 90, 90, 120]))
                if t + length > close:
                    length = close - t
                if length < dt.timedelta(minutes=30):
                    break
                rng.shuffle(cases)
                for case, actor in cases[:15]:
                    past = t + length <= now
                    try:
                        b = scheduling.book_room(_at(ctx, booking_time, actor).uow(), dispute_id=case.id,
                                                 room_id=room.id, start=t, end=t + length, public=rng.random() < 0.3,
                                                 tentative=not past and rng.random() < 0.12)
                    except ServiceError:
                        continue
                    booked += 1
                    if past:  # this week's sessions that already took place have their records
                        mediation.record_session(
                            _at(ctx, t + length + dt.timedelta(minutes=5), actor).uow(), dispute_id=case.id,
                            booking_id=b.id, started_at=t, ended_at=t + length, attendees="、".join(b.party_names),
                            recorder=actor.full_name, content=f"调解员：组织双方就{case.title}进行调解。\n"
                                                                f"申请人{b.party_names[0]}：陈述纠纷经过及请求。")
                    break
                t += length + dt.timedelta(minutes=rng.choice([0, 0, 0, 30]))
                if dt.time(11, 45) <= t.time() < dt.time(13, 0):
                    t = dt.datetime.combine(day, dt.time(13, 0))  # lunch
    return booked
