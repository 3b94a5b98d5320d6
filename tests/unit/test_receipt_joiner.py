"""Joining the petitioner's account and requests on the 登记回执 (issue 14): 「……补偿。；按标准……」 printed two
punctuation marks in a row. Clauses are joined with one mark, and the whole ends with one full stop."""

from __future__ import annotations

import datetime as dt
import io
import re

from pypdf import PdfReader

from desktop.documents.common import join_clauses
from desktop.documents.petition_receipt import render_petition_receipt
from desktop.services.petitions.documents import CenterHeading, DocPerson, ReceiptData, receipt_document

DOUBLED = re.compile(r"[。；，、;,.][。；，、;,.]")


def test_clauses_are_joined_with_one_mark():
    assert join_clauses(["村里征地未给补偿。", "要求按标准补偿"]) == "村里征地未给补偿；要求按标准补偿。"
    assert join_clauses(["拖欠工资三个月；", " 要求结清。 "]) == "拖欠工资三个月；要求结清。"
    assert join_clauses(["为什么不给补偿？", "要求答复"]) == "为什么不给补偿？要求答复。"
    assert join_clauses(["", "要求答复！"]) == "要求答复！"
    assert join_clauses(["噪音扰民（夜间施工）", "要求停工"], sep="，") == "噪音扰民（夜间施工），要求停工。"
    assert join_clauses(["  ", ""]) == ""


def _receipt(content: str, requests: str) -> ReceiptData:
    person = DocPerson("李明存", "male", None, "3205**********1234", "138****5678", "虎丘镇新塘村3组", "新塘村", "")
    return ReceiptData(CenterHeading("虎丘镇一站式综合服务中心", "", ""), "（2026）虎信字第034号", "X7K2M9", "petition",
                       dt.datetime(2026, 11, 20, 9, 30), "visit", (person,), "民生保障", "征地拆迁", content,
                       requests, (), "王芳", 15, dt.date(2026, 12, 5), None)


def test_the_receipt_prints_the_account_and_the_requests_without_doubled_marks():
    doc = receipt_document(_receipt("2025年村里征地，至今未给补偿。", "按标准支付补偿款。"))
    assert doc.summary == "2025年村里征地，至今未给补偿；按标准支付补偿款。"
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(
        render_petition_receipt(doc))).pages))
    assert "至今未给补偿；按标准支付补偿款。" in text and not DOUBLED.search(text.replace("……", ""))
