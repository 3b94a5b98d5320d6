"""The demo's visitors to the hall (desktop.demo.queue): how many come, when (a morning and an afternoon
peak), for which service and how long it takes, what the clerk records, how they rate it, and their names."""

from __future__ import annotations

import datetime as dt
import math
import random

VISITORS_PER_DAY = 300
# share of visitors and typical minutes of service, per service letter
MIX = {"A": (0.22, 6), "B": (0.08, 14), "C": (0.13, 22), "D": (0.10, 12), "E": (0.07, 15), "F": (0.05, 20),
       "G": (0.16, 8), "H": (0.06, 10), "J": (0.03, 28), "K": (0.06, 9), "L": (0.04, 15)}
RATING_WEIGHTS = (("very_satisfied", 62), ("satisfied", 27), ("basically_satisfied", 8), ("dissatisfied", 2.2),
                  ("very_dissatisfied", 0.8))
RECORDS = {
    "A": ["咨询户籍迁移办理流程，已告知所需材料", "首问接待，分流至社保民政窗口", "咨询宅基地审批政策，已解答",
          "反映小区停车难问题，已登记并转城管中队", "咨询老年人优待证办理，已告知流程"],
    "B": ["登记信访事项：土地承包纠纷", "来访反映拆迁补偿问题，已登记受理", "信访事项进展查询，已告知办理情况"],
    "C": ["邻里漏水纠纷，双方同意调解，已预约调解室", "宅基地界址纠纷，已受理并排期调解", "婚姻家庭纠纷咨询，已引导至调解"],
    "D": ["法律援助申请材料初审", "劳动合同纠纷法律咨询", "遗嘱公证事项指引", "借贷纠纷起诉程序咨询"],
    "E": ["欠薪投诉登记，已联系企业核实", "工伤认定咨询，已告知流程", "劳动争议调解申请受理"],
    "F": ["家庭矛盾调解，已约定回访", "离婚财产分割咨询", "赡养纠纷调解受理"],
    "G": ["城乡居民医保缴费咨询", "低保申请材料受理", "临时救助申请登记", "养老保险待遇查询"],
    "H": ["退役军人优待证办理", "残疾人两项补贴申请受理", "退役军人就业政策咨询"],
    "J": ["心理疏导一次，情绪稳定，约定下次时间", "家庭关系困扰疏导"],
    "K": ["12345 工单回复办理", "网格上报事项核实，已派单", "12345 工单：噪音扰民，已转办"],
    "L": ["跨部门协调：道路积水整改督办", "协调督办事项进展汇报"],
}
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉梅志红文斌辉海燕"

def random_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def arrival(rng: random.Random, day: dt.date, opens: dt.time, closes: dt.time) -> dt.datetime:
    """A visitor's arrival: a morning peak around 9:40, an afternoon peak around 14:40, a few any time."""
    start = dt.datetime.combine(day, opens)
    end = dt.datetime.combine(day, closes) - dt.timedelta(minutes=20)
    while True:
        pick = rng.random()
        if pick < 0.56:
            at = dt.datetime.combine(day, dt.time(9, 40)) + dt.timedelta(minutes=rng.gauss(0, 45))
        elif pick < 0.90:
            at = dt.datetime.combine(day, dt.time(14, 40)) + dt.timedelta(minutes=rng.gauss(0, 50))
        else:
            at = start + (end - start) * rng.random()
        if start <= at < end:
            return at.replace(microsecond=0)


def service_minutes(rng: random.Random, typical: float) -> float:
    return max(1.0, rng.lognormvariate(math.log(typical), 0.45))


def random_letter(rng: random.Random) -> str:
    return rng.choices(list(MIX), weights=[m[0] for m in MIX.values()])[0]


def random_rating(rng: random.Random) -> str:
    return rng.choices([r for r, _ in RATING_WEIGHTS], weights=[w for _, w in RATING_WEIGHTS])[0]
