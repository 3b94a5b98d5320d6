"""一案一码: where a petition's steps take its matter on the route map, in the step's own transaction.

The reply (结) puts the matter on its 答复 step until the follow-up; the follow-up (访), 不予受理 and withdrawal
finish the case, and the matter closes when it was the last case of the matter still in progress. A 复查 or
复核 continues (and, if it was closed, reopens) the same matter at the child case's registration.
"""

from __future__ import annotations

from desktop.db import UnitOfWork
from desktop.models import Petition
from desktop.services import matters

ROUTE_OF = {"petition": ("petition", "信访"), "review": ("review", "复查"), "recheck": ("recheck", "复核")}
SATISFACTION_WORDS = {"very_satisfied": "非常满意", "satisfied": "满意", "basically_satisfied": "基本满意",
                      "dissatisfied": "不满意", "very_dissatisfied": "非常不满意"}


def concluded(uow: UnitOfWork, p: Petition, issuing_body: str) -> None:
    route, name = ROUTE_OF[p.kind]
    matters.move_matter(uow, p.matter_id, route=route, name=f"{name}答复", reason=f"{issuing_body}出具{name}答复意见",
                        due_on=p.follow_up_due_on)


def followed_up(uow: UnitOfWork, p: Petition, satisfaction: str) -> None:
    name = ROUTE_OF[p.kind][1]
    matters.case_finished(uow, p.matter_id,
                          f"{name}事项{p.case_no}已办结，回访{SATISFACTION_WORDS.get(satisfaction, satisfaction)}")


def refused(uow: UnitOfWork, p: Petition, reason: str) -> None:
    matters.case_finished(uow, p.matter_id, f"{p.case_no}不予受理：{reason}")


def withdrawn(uow: UnitOfWork, p: Petition, reason: str) -> None:
    matters.case_finished(uow, p.matter_id, f"信访人撤回{p.case_no}：{reason}")
