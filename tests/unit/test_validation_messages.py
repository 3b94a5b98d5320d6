"""The one validation layer's refusals read as Chinese sentences naming the field in words (issue 16 item 8)."""

from __future__ import annotations

import re

from desktop.services.errors import InvalidInput


def test_invalid_input_names_the_field_in_chinese(qapp):
    from desktop.ui import area_texts  # noqa: F401  (the areas register their sentences, as at start)
    from desktop.ui.i18n import install_translations
    from desktop.ui.messages import describe

    install_translations(qapp, "zh_CN")
    try:
        cases = [(dict(field="user_account.full_name", reason="too_long", limit=40), "「姓名」过长，最多 40 个字。"),
                 (dict(field="dispute.title", reason="nul"), "「纠纷名称」含有不可见的控制字符"),
                 (dict(field="person.address", reason="surrogate"), "「住址」含有无法保存的残缺字符"),
                 (dict(field="start_at", reason="type", expected="datetime"), "「开始时间」须是有效的日期或时间"),
                 (dict(field="start_at", reason="too_far_ahead", limit=730), "最多只能预约 730 天以内"),
                 (dict(field="some_table.unknown_column", reason="nul"), "「输入内容」")]
        for facts, expected in cases:
            text = describe(InvalidInput(**facts))
            assert expected in text, text
            assert not re.search(r"[A-Za-z_]{3,}", text), text  # no English code, no column name
    finally:
        install_translations(qapp, "en")
