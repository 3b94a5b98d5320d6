"""Demo data for petitions: a year of cases registered and worked on through the services, day by day on a
moving clock, by the demo staff and four department officers. Cases end up in every state; some stall and
run overdue, some petitioners come back (repeat visits), some ask for 复查 and 复核, a few extensions and
督办 notes, and some dissatisfied follow-ups."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import random
from dataclasses import replace

from stdnum.cn import ric

from desktop.clock import FixedClock
from desktop.db import Actor
from desktop.services import petitions as pt
from desktop.services.admin import accounts, center
from desktop.services.errors import ServiceError
from desktop.services.people import PersonInput
from desktop.services.petitions import FinalDecision, PossibleRepeat

OFFICERS = [("officer01", "钱进", "城管中队"), ("officer02", "孙丽华", "劳动保障所"), ("officer03", "冯涛", "镇综治办"),
            ("officer04", "蒋晓燕", "民政办")]
DEMO_PASSWORD = "demo1234"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏辉建国文斌宇浩凯珍峰海燕志琴飞雪梅林波春荣德福祥"
VILLAGES = ["虎丘村", "枫桥村", "新塘村", "横塘村", "金星村", "长青村", "向阳村", "留园村", "山塘社区", "白莲社区",
            "清河社区", "锦绣社区"]
# (domain, category, department, content template, requests)
MATTERS = [
    ("城市管理", "占道经营", "城管中队", "{v}{p}一带长期有人占道经营，早晚高峰车辆和行人无法通行，多次向村里反映未解决。",
     "要求清理占道摊位；设置固定疏导点"),
    ("城市管理", "违章建筑", "城管中队", "{v}{p}旁有人违章搭建彩钢棚，占用公共绿地，存在安全隐患。", "要求拆除违章建筑"),
    ("城市管理", "物业管理", "住建办", "{v}安置小区电梯频繁故障，老人上下楼困难，物业推诿不修。", "要求物业限期修复电梯"),
    ("生态环保", "水污染", "生态环境办", "{v}{p}附近的小作坊夜间排放刺鼻气味，污水直排河道，影响居民生活。",
     "要求依法查处；恢复河道水质"),
    ("生态环保", "噪声污染", "生态环境办", "{v}工地夜间施工噪音扰民，持续到凌晨，居民无法休息。", "要求夜间停止施工"),
    ("民生保障", "拖欠工资", "劳动保障所", "本人在{v}某建材厂务工，工厂拖欠三个月工资共一万二千元，老板拒不支付。",
     "要求支付拖欠工资"),
    ("民生保障", "最低生活保障", "民政办", "本人家庭困难，申请最低生活保障已两个月，至今未获批准，也未说明理由。",
     "要求说明不予批准的理由；重新审核低保申请"),
    ("民生保障", "宅基地", "自然资源所", "{v}宅基地边界与邻居存在争议，对方新建围墙占用本家约两米土地。",
     "要求重新确认宅基地界址"),
    ("民生保障", "征地拆迁", "自然资源所", "{v}征地补偿款分配不公，本户人口未全部计入，补偿标准低于公示标准。",
     "要求按公示标准补足补偿款"),
    ("综治维稳", "邻里纠纷", "镇综治办", "{v}{p}邻里因排水沟问题多次发生争吵，担心矛盾激化。", "要求组织调解"),
    ("综治维稳", "治安问题", "派出所", "{v}{p}附近夜间常有人聚集饮酒喧哗，存在治安隐患。", "要求加强夜间巡逻"),
    ("安全生产", "危化品", "安监办", "{v}{p}一家企业堆放危化品，离居民楼不足五十米，存在重大安全隐患。",
     "要求排查整改安全隐患"),
]
PLACES = ["村口", "菜市场", "小学门口", "老街", "河边", "工业园", "农贸市场", "公交站", "桥头", "广场"]
DETAILS = ["已持续{n}个月", "涉及{n}户居民", "曾于{m}月向村委会反映过", "现场有照片为证", "附近住有老人和小孩",
           "晚上尤其严重", "雨天更加明显", "邻居也有同样意见", "村干部答应处理但没有下文", "希望有关部门尽快来看看"]
SOURCES = [("visit", 50), ("letter", 8), ("phone", 12), ("hotline", 18), ("grid", 8), ("online", 4)]
SATISFACTION = [("very_satisfied", 45), ("satisfied", 30), ("basically_satisfied", 14), ("dissatisfied", 8),
                ("very_dissatisfied", 3)]


def _pick(rng: random.Random, weighted):
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


class _Demo:
    def __init__(self, ctx, rng: random.Random):
        self.rng = rng
        now = ctx.clock.now().replace(second=0, microsecond=0)
        self.now = now
        self.clock = FixedClock(now - dt.timedelta(days=365))
        self.ctx = replace(ctx, clock=self.clock)
        departments = {d.name: d.id for d in center.list_departments(self.ctx.uow())}
        for username, name, dept in OFFICERS:
            accounts.add_user(self.ctx.uow(), username=username, full_name=name, role="clerk", password=DEMO_PASSWORD,
                              department_id=departments[dept])
        users = {u.username: u for u in accounts.list_users(self.ctx.uow())}

        def as_(username):
            u = users[username]
            return self.ctx.as_user(Actor(u.id, u.username, u.role, u.window_no, u.department_id, u.full_name))

        self.clerk, self.desk = as_("clerk02"), as_("clerk01")
        self.supervisor, self.director = as_("supervisor"), as_("director")
        self.officers = {departments[dept]: as_(username) for username, _, dept in OFFICERS}
        self.departments = departments
        categories = center.list_categories(self.ctx.uow())
        domains = {c.id: c.name for c in categories if c.parent_id is None}
        self.categories, self.category_ids = {}, {}
        for c in categories:
            if c.parent_id is not None:
                self.categories.setdefault(domains[c.parent_id], []).append(c.id)
                self.category_ids[(domains[c.parent_id], c.name)] = c.id
        self.people: list[PersonInput] = []
        self.events: list = []
        self.seq = itertools.count()
        self.counts = {"cases": 0, "repeats": 0, "reviews": 0}
        self.department_of: dict[int, int] = {}
        self.open_cases: set[int] = set()  # registered and not yet replied to

    # --- people and matters
    def _person(self) -> PersonInput:
        rng = self.rng
        if self.people and rng.random() < 0.18:
            return self.people[rng.randrange(len(self.people))]
        birth = dt.date(1945, 1, 1) + dt.timedelta(days=rng.randrange(0, 60 * 365))
        base = f"320505{birth:%Y%m%d}{rng.randint(0, 999):03d}"
        village = rng.choice(VILLAGES)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        person = PersonInput(name=name, id_number=base + ric.calc_check_digit(base + "0") if rng.random() < 0.9
                             else None, phone=f"1{rng.choice('3589')}{rng.randint(100000000, 999999999)}",
                             address=f"{village}{rng.randint(1, 28)}组{rng.randint(1, 60)}号", village=village,
                             grid=f"第{rng.randint(1, 24)}网格")
        self.people.append(person)
        return person

    def _at(self, when: dt.datetime, action: str, case_id: int) -> None:
        heapq.heappush(self.events, (when, next(self.seq), action, case_id))

    def _later(self, days_min: int, days_max: int) -> dt.datetime:
        t = self.clock.now() + dt.timedelta(days=self.rng.randint(days_min, days_max),
                                             minutes=self.rng.randint(-90, 240))
        return t.replace(hour=min(max(t.hour, 8), 17))

    # --- the flow
    def register(self) -> None:
        rng = self.rng
        if self.open_cases and rng.random() < 0.08:  # someone comes back about a matter still in progress
            case_id = rng.choice(sorted(self.open_cases))
            try:
                pt.record_repeat_visit(self.clerk.uow(), case_id=case_id, source=_pick(rng, SOURCES),
                                       note=rng.choice(["再次来访，询问办理进度", "电话催办", "对办理进度不满，要求尽快答复"]))
                self.counts["repeats"] += 1
                return
            except ServiceError:
                self.open_cases.discard(case_id)
        domain, category_name, dept, template, requests = rng.choice(MATTERS)
        person = self._person()
        people = [person] + ([self._person()] if rng.random() < 0.1 else [])
        content = template.format(v=person.village or rng.choice(VILLAGES), p=rng.choice(PLACES))
        content += "，".join(d.format(n=rng.randint(2, 30), m=rng.randint(1, 12))
                            for d in rng.sample(DETAILS, rng.randint(1, 3))) + "。"
        category = self.category_ids.get((domain, category_name)) or rng.choice(self.categories[domain])
        clerk = self.clerk if rng.random() < 0.75 else self.desk
        source = _pick(rng, SOURCES)
        try:
            case = pt.register_petition(clerk.uow(), source=source, petitioners=people, category_id=category,
                                        content=content, requests=requests.replace("；", "\n"))
        except PossibleRepeat:  # the same person with another matter: a new case, with the reason
            case = pt.register_petition(clerk.uow(), source=source, petitioners=people, category_id=category,
                                        content=content, requests=requests, new_case_reason="与在办事项不同，另立新案")
        except FinalDecision as exc:
            existing = self._case_by_number(exc.case_no)
            if existing is not None:
                pt.record_repeat_visit(clerk.uow(), case_id=existing, source=source, note=content)
                self.counts["repeats"] += 1
            return
        self.counts["cases"] += 1
        self.open_cases.add(case.id)
        self.department_of[case.id] = self.departments.get(dept, self.departments["镇综治办"])
        if rng.random() < 0.08 and self.now - self.clock.now() < dt.timedelta(days=40):
            return  # left unassigned lately: overdue for its acceptance notice
        self._at(self._later(1, 9), "assign", case.id)

    def _case_by_number(self, case_no: str) -> int | None:
        from desktop.services.petitions import PetitionFilter, list_petitions

        rows = list_petitions(self.clerk.uow(), filters=PetitionFilter(text=case_no), limit=1)
        return rows[0].id if rows else None

    def _handler(self, case_id: int):
        return self.officers.get(self.department_of.get(case_id), self.supervisor)

    def step(self, action: str, case_id: int) -> None:
        rng = self.rng
        officer = self._handler(case_id)
        if action == "assign":
            if rng.random() < 0.05:
                pt.refuse_petition(self.clerk.uow(), case_id=case_id, version=None, reason="该事项已进入诉讼程序",
                                   basis="《信访工作条例》第三十一条", advice="请向人民法院了解案件进展")
                return
            pt.assign_petition(self.clerk.uow(), case_id=case_id, version=None,
                               department_id=self.department_of[case_id])
            if rng.random() < 0.04:
                self._at(self._later(1, 4), "object", case_id)
            else:
                self._at(self._later(2, 12), "meet", case_id)
        elif action == "object":
            pt.object_to_assignment(officer.uow(), case_id=case_id, version=None, reason="该事项不属本单位职责")
            self.department_of[case_id] = self.departments["镇综治办"]
            self._at(self._later(1, 3), "assign", case_id)
        elif action == "meet":
            if rng.random() < 0.03:
                pt.withdraw_petition(self.clerk.uow(), case_id=case_id, version=None, reason="信访人表示问题已自行解决")
                return
            pt.record_meeting(officer.uow(), case_id=case_id, version=None, met_on=self.clock.now().date(),
                              place="领导接访室", note="当面听取诉求，了解基本情况")
            self._at(self._later(3, 15), "handle", case_id)
        elif action == "handle":
            pt.record_handling(officer.uow(), case_id=case_id, version=None,
                               note=rng.choice(["现场核查，调取相关材料", "约谈相关责任人，责令限期整改",
                                                "召集相关部门协调会", "委托第三方核实情况"]))
            if rng.random() < 0.06:
                ext = pt.request_extension(officer.uow(), case_id=case_id, days=rng.choice((15, 20, 30)),
                                           reason="案情复杂，需进一步调查核实")
                approve = rng.random() < 0.85
                pt.decide_extension(self.director.uow(), extension_id=ext.id, approve=approve,
                                    note="同意延期，请告知信访人延期理由" if approve else "理由不充分，请按期办结")
            if rng.random() < 0.05:
                return  # stalls: runs overdue
            self._at(self._later(10, 45), "conclude", case_id)
        elif action == "conclude":
            self.open_cases.discard(case_id)
            pt.conclude_petition(officer.uow(), case_id=case_id, version=None,
                                 facts="经调查核实，反映的情况基本属实", basis="《信访工作条例》及相关法律法规",
                                 decisions=[pt.Decision("所提诉求", rng.choice(["予以支持，已责令整改", "部分支持",
                                                                               "不予支持，理由已当面说明"]))],
                                 issuing_body=self._department_name(case_id))
            self._at(self._later(3, 14), "follow_up", case_id)
        elif action == "follow_up":
            satisfaction = _pick(rng, SATISFACTION)
            pt.record_follow_up(self.clerk.uow(), case_id=case_id, version=None, satisfaction=satisfaction,
                                method=rng.choice(("phone", "phone", "visit")), note="电话回访，了解落实情况")
            if satisfaction in ("dissatisfied", "very_dissatisfied") and rng.random() < 0.5:
                self._at(self._later(2, 20), "review", case_id)
        elif action == "review":
            review = pt.request_review(self.clerk.uow(), case_id=case_id, reason="对处理结果不满意，申请复查")
            self.counts["reviews"] += 1
            self.department_of[review.id] = self.department_of[case_id]
            self._at(self._later(1, 5), "assign", review.id)

    def _department_name(self, case_id: int) -> str:
        return next(k for k, v in self.departments.items() if v == self.department_of[case_id])

    def run(self) -> str:
        day = self.clock.now().date()
        while day < self.now.date():
            if day.weekday() < 5:
                for _ in range(self.rng.choice((0, 1, 1, 1, 2, 2, 3))):
                    self._at(dt.datetime.combine(day, dt.time(self.rng.randint(8, 16), self.rng.randint(0, 59))),
                             "register", 0)
            day += dt.timedelta(days=1)
        while self.events:
            when, _, action, case_id = heapq.heappop(self.events)
            if when >= self.now:
                continue  # not yet: the case waits at its current step
            self.clock.at = when
            try:
                self.register() if action == "register" else self.step(action, case_id)
            except ServiceError:
                continue  # a step the rules refuse (e.g. a review after its period) simply does not happen
        self._supervise()
        return (f"petitions: {self.counts['cases']} cases over a year, {self.counts['repeats']} repeat visits, "
                f"{self.counts['reviews']} reviews; department officers "
                f"{', '.join(u for u, _, _ in OFFICERS)} (password {DEMO_PASSWORD})")

    def _supervise(self) -> None:
        from desktop.services.petitions import list_petitions

        self.clock.at = self.now
        overdue = list_petitions(self.director.uow(), view="overdue", limit=200)
        chosen = [r for r in overdue if r.department][:5] + [r for r in overdue if not r.department][:1]
        for row in chosen:
            try:
                pt.add_supervision(self.director.uow(), case_id=row.id, note="该件已超期，请三日内报告办理进展",
                                   due_on=self.now.date() + dt.timedelta(days=3))
            except ServiceError:
                continue


def demo_petitions(ctx, rng: random.Random) -> str:
    return _Demo(ctx, rng).run()
