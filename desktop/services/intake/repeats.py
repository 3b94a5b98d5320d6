"""Inside an open unit of work: repeat detection for the new rows of a file, against the caller's stored
cases and the rows above in the same file (信访工作条例: the same matter raised again while in progress)."""

from __future__ import annotations

from collections.abc import Collection

from desktop.services.admin.settings import get_setting
from desktop.services.intake._common import NEW, REPEAT
from desktop.services.intake.callers import _Case, _load_people_and_cases
from desktop.services.intake.errors import Cancelled
from desktop.services.intake.headers import CALLER_NAME, CONTENT, PHONE, VILLAGE
from desktop.services.intake.rows import _Row
from desktop.services.intake.sheet import CancelCheck, Progress
from desktop.services.petitions import IN_PROGRESS, similarity


def _detect_repeats(uow, fresh: list[_Row], *, register_as_new: Collection[int], done: int, total: int,
                    progress: Progress, cancelled: CancelCheck) -> dict[tuple[str, str], int]:
    """Mark each new row as a repeat (of a stored case, or of a row above it in the file) or as new; returns
    the stored people to reuse by (name, phone). ``done`` rows were checked before these."""
    by_phone, by_name_village, reuse, cases, cases_of = _load_people_and_cases(uow, fresh)
    threshold = get_setting(uow, "petition_similarity_percent")
    in_file: dict[object, list[_Row]] = {}  # caller key -> rows of this file that create a case
    wanted_new = set(register_as_new)
    for i, r in enumerate(fresh, start=1):
        name, phone, village = r.values.get(CALLER_NAME, ""), r.values.get(PHONE, ""), r.values.get(VILLAGE, "")
        keys = [("phone", phone)] if phone else []
        if village:
            keys.append(("name_village", name, village))
        person_ids = set(by_phone.get(phone, ())) if phone else set()
        if village:
            person_ids |= by_name_village.get((name, village), set())
        case_ids = sorted({c for pid in person_ids for c in cases_of.get(pid, ())})
        candidates, open_cases = _candidates(r, [cases[cid] for cid in case_ids], keys, in_file, threshold)
        _decide(r, candidates, open_cases, keep_new=r.row_no in wanted_new)
        if r.status == NEW:
            for key in keys:
                in_file.setdefault(key, []).append(r)
        if i % 5000 == 0:
            if cancelled():
                raise Cancelled(stage="check")
            progress("check", done + i, total)
    return reuse


def _candidates(r: _Row, cases: list[_Case], keys: list[tuple], in_file: dict[object, list[_Row]],
                threshold: int) -> tuple[list[tuple[bool, int, int, object]], list[str]]:
    """What ``r`` may repeat, as (settled by 复核, similarity, recency, the case or the earlier row), and
    the caller's other cases in progress."""
    content = r.values.get(CONTENT, "")
    candidates: list[tuple[bool, int, int, object]] = []
    open_cases = []
    for case in cases:
        score = max(similarity(content, c) for c in case.contents)
        if case.settled and case.category_id == r.category_id and score >= threshold:
            candidates.append((True, score, case.id, case))
        elif case.status in IN_PROGRESS and score >= threshold:
            candidates.append((False, score, case.id, case))
        elif case.status in IN_PROGRESS:
            open_cases.append(case.case_no)
    for key in keys:
        for earlier in in_file.get(key, ()):
            score = similarity(content, earlier.values.get(CONTENT, ""))
            if score >= threshold:
                candidates.append((False, score, 10 ** 12 + earlier.row_no, earlier))
    return candidates, open_cases


def _decide(r: _Row, candidates: list[tuple[bool, int, int, object]], open_cases: list[str], *,
            keep_new: bool) -> None:
    """The best candidate makes ``r`` a repeat, unless the clerk registers it as a new case (``keep_new``;
    never a matter settled by 复核)."""
    best = max(candidates, key=lambda c: c[:3]) if candidates else None
    if best is not None and (best[0] or not keep_new):
        r.status, r.similarity, r.final = REPEAT, best[1], best[0]
        target = best[3]
        if isinstance(target, _Case):
            r.case_id, r.case_no = target.id, target.case_no
        else:
            r.repeat_of_row = target.row_no
    else:
        r.status = NEW
        r.registered_as_new = best is not None
        open_cases += [c[3].case_no for c in candidates if isinstance(c[3], _Case)]
    r.open_cases = tuple(dict.fromkeys(open_cases))
