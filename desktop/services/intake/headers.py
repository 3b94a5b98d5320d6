"""Our fields and the header names the platforms use for them: matching a file's header labels to
our fields (also the normalised text the category names are matched on)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

WORK_ORDER_NO = "work_order_no"
RECEIVED_AT = "received_at"
CALLER_NAME = "caller_name"
PHONE = "phone"
ADDRESS = "address"
VILLAGE = "village"
GRID = "grid"
CATEGORY = "category"
CONTENT = "content"
REQUESTED_DEADLINE = "requested_deadline"
FIELDS = (WORK_ORDER_NO, RECEIVED_AT, CALLER_NAME, PHONE, ADDRESS, VILLAGE, GRID, CATEGORY, CONTENT,
          REQUESTED_DEADLINE)
REQUIRED = (WORK_ORDER_NO, CALLER_NAME, CONTENT)

# Header names used by 12345 platforms and county grid platforms, most specific first. Matching is on the
# normalised text (full-width folded, spaces and punctuation removed): exact first, then containment.
HEADER_NAMES: dict[str, tuple[str, ...]] = {
    WORK_ORDER_NO: ("工单编号", "工单号", "工单流水号", "事件编号", "事项编号", "案件编号", "受理编号", "诉求编号",
                    "流水号", "编号", "单号"),
    RECEIVED_AT: ("受理时间", "来电时间", "登记时间", "上报时间", "接收时间", "派单时间", "交办时间", "反映时间",
                  "创建时间", "立案时间", "发生时间"),
    CALLER_NAME: ("来电人姓名", "来电人", "诉求人姓名", "诉求人", "反映人姓名", "反映人", "上报人", "市民姓名",
                  "当事人", "联系人", "姓名"),
    PHONE: ("联系电话", "来电号码", "来电电话", "联系方式", "手机号码", "手机号", "电话号码", "手机", "电话"),
    ADDRESS: ("详细地址", "事发地址", "事件地址", "发生地址", "事发地点", "发生地点", "问题地址", "地址", "地点"),
    VILLAGE: ("所属村居", "所属村社区", "所属社区", "所属村", "村社区", "村居", "社区", "村"),
    GRID: ("网格编码", "网格编号", "网格代码", "所属网格", "网格名称", "网格"),
    CATEGORY: ("诉求类别", "诉求分类", "事项分类", "事项类别", "事件分类", "事件类型", "事件类别", "问题分类",
               "问题类型", "业务类别", "工单分类", "工单类别", "类别", "分类", "类型"),
    CONTENT: ("诉求内容", "工单内容", "来电内容", "反映内容", "事件描述", "问题描述", "事项内容", "具体内容",
              "事件内容", "描述", "内容"),
    REQUESTED_DEADLINE: ("要求办结时间", "要求办结时限", "办结时限", "办理时限", "处理时限", "办结期限", "截止时间",
                         "到期时间", "要求完成时间", "时限"),
}
HEADER_SCAN_ROWS = 30  # the header must be within the first rows of the sheet
MIN_HEADER_SCORE = 2  # at least two recognised headers make a header row


_PUNCT = re.compile(r"[\s\u3000_\-—–:：*＊#№()（）\[\]【】<>《》/\\|、,，.。;；'\"“”‘’?？!！]+")


def norm(text: object) -> str:
    """Header or category text for matching: full-width folded (NFKC), lower case, without spaces and
    punctuation."""
    if text is None:
        return ""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", str(text)).lower())


def header_score(label: str) -> tuple[str, int] | None:
    """The field a header names and how sure that is (100 exact, else the length of the name found in it)."""
    n = norm(label)
    if not n:
        return None
    best: tuple[str, int] | None = None
    for field, names in HEADER_NAMES.items():
        for name in names:
            if n == name:
                return field, 100
            if name in n and (best is None or len(name) > best[1]):
                best = (field, len(name))
    return best


def detect_mapping(headers: Sequence[str]) -> dict[str, str]:
    """Our fields matched to a file's headers by name; each header serves one field, best matches first."""
    scored = []
    for label in headers:
        if not label:
            continue
        for candidate in (label, label.rsplit("/", 1)[-1]):
            hit = header_score(candidate)
            if hit is not None:
                scored.append((hit[1] + (1 if candidate == label else 0), hit[0], label))
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for _score, field, label in sorted(scored, key=lambda t: (-t[0], FIELDS.index(t[1]))):
        if field not in mapping and label not in used:
            mapping[field] = label
            used.add(label)
    return mapping
