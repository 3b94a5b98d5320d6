"""数据密钥恢复单: the personal data key of a database on one A4 page, for the administrator's safe.

It says which database and key it belongs to (the key id, printed on the screen that asks for the key), the
key in groups of four characters with its checksum built in, and how to enter it on another PC. Everything
else on the page is plain instructions; nothing about people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from desktop.documents.fonts import BUNDLED_MAIN, bundled_dir

FONT = "OneStopKeySheet"
MONO = "OneStopKeySheetMono"  # WenQuanYi Micro Hei Mono (face 1 of the bundled .ttc): embedded, unlike Courier


@dataclass(frozen=True)
class KeySheet:
    center_name: str
    database: str
    key_id: str
    created_at: datetime | None
    lines: tuple[str, ...]
    printed_at: datetime
    printed_by: str


def _font() -> str:
    registered = pdfmetrics.getRegisteredFontNames()
    if FONT not in registered:
        pdfmetrics.registerFont(TTFont(FONT, str(bundled_dir() / BUNDLED_MAIN.filename),
                                       subfontIndex=BUNDLED_MAIN.index))
    if MONO not in registered:
        pdfmetrics.registerFont(TTFont(MONO, str(bundled_dir() / BUNDLED_MAIN.filename), subfontIndex=1))
    return FONT


def text_sheet(s: KeySheet) -> str:
    """The same sheet as plain text (``onestop key recovery-sheet`` without a PDF)."""
    created = f"{s.created_at:%Y-%m-%d %H:%M}" if s.created_at else "—"
    return "\n".join([
        "OneStop 数据密钥恢复单 (data key recovery sheet)",
        f"中心 Center: {s.center_name}",
        f"数据库 Database: {s.database}",
        f"密钥编号 Key id: {s.key_id}    生成 Created: {created}",
        "",
        "密钥 Key:",
        *[f"    {line}" for line in s.lines],
        "",
        "在另一台电脑上使用本数据库时，运行 onestop db use <数据库地址> 或 onestop key enter，按提示输入上面的密钥",
        "(空格、大小写不限)。 On another PC: 'onestop db use URL' or 'onestop key enter', then type the key.",
        "本单与数据库分开保管，锁入保险柜；任何持有本单和数据库副本的人都能读出身份证号和电话。",
        "Keep this sheet locked away, apart from the database and its backups.",
        f"打印 Printed: {s.printed_at:%Y-%m-%d %H:%M} by {s.printed_by}",
        "",
    ])


def write_pdf(s: KeySheet, path: str | Path) -> Path:
    path = Path(path)
    font = _font()
    width, height = A4
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, initialFontName=font)
    c.setTitle("OneStop 数据密钥恢复单")
    c.setAuthor("OneStop")
    left = 22 * mm
    y = height - 30 * mm
    c.setFont(font, 20)
    c.drawCentredString(width / 2, y, "数据密钥恢复单")
    y -= 9 * mm
    c.setFont(font, 11)
    c.drawCentredString(width / 2, y, "OneStop 一站式综合服务中心工作台 · 个人信息加密密钥")
    y -= 16 * mm
    created = f"{s.created_at:%Y年%m月%d日 %H:%M}" if s.created_at else "—"
    for label, value in (("中心", s.center_name), ("数据库", s.database), ("密钥编号", s.key_id),
                         ("密钥生成时间", created)):
        c.setFont(font, 12)
        c.drawString(left, y, f"{label}：")
        c.drawString(left + 36 * mm, y, value)
        y -= 8 * mm
    y -= 6 * mm
    c.setFont(font, 13)
    c.drawString(left, y, "密钥（共 14 组，每组 4 个字符，已含校验）：")
    y -= 6 * mm
    box_top = y
    y -= 11 * mm
    c.setFont(MONO, 19)
    for line in s.lines:
        c.drawString(left + 6 * mm, y, line)
        y -= 12 * mm
    c.rect(left, y + 5 * mm, width - 2 * left, box_top - (y + 5 * mm))
    y -= 8 * mm
    c.setFont(font, 11)
    for line in (
        "使用方法：",
        "1. 在另一台电脑上连接本数据库时运行  onestop db use <数据库地址>，或运行  onestop key enter，",
        "   按提示输入上面的密钥（空格、大小写不限；数字 0、1、8 视为字母 O、I、B）。",
        "2. 打开程序时若提示本机没有数据密钥，也可以直接在弹出的对话框中输入。",
        "3. 输错一个字符会提示“校验不符”；密钥编号不同说明这张单子属于另一个数据库。",
        "",
        "保管要求：",
        "· 本单与数据库及其备份分开保管，锁入保险柜，只有管理员可以取用。",
        "· 任何人同时拿到本单和数据库副本，就能读出其中的身份证号码和电话号码。",
        "· 丢失本单且所有电脑上的密钥都丢失时，身份证号码和电话号码将无法恢复。",
    ):
        c.drawString(left, y, line)
        y -= 7 * mm
    c.setFont(font, 9)
    c.drawString(left, 18 * mm, f"打印时间：{s.printed_at:%Y-%m-%d %H:%M}    打印人：{s.printed_by}")
    c.showPage()
    c.save()
    return path
