"""The wording of a call, the way halls read it: the ticket's letter and digits one by one, the window's number
as a number, the service name as written."""

import pytest

from desktop.services.queue import (
    BASE_PHRASES,
    call_wording,
    number_words,
    phrases_needed,
    ticket_words,
)


@pytest.mark.parametrize(("n", "words"), [
    (0, "零"), (1, "一"), (2, "二"), (3, "三"), (9, "九"), (10, "十"), (11, "十一"), (17, "十七"), (20, "二十"),
    (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (115, "一百一十五"),
    (120, "一百二十"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"), (2305, "二千三百零五"),
])
def test_window_numbers_are_said_as_numbers(n, words):
    assert number_words(n) == words


def test_ticket_numbers_are_said_one_sign_at_a_time():
    assert ticket_words("A012") == ("A", "零", "一", "二")
    assert ticket_words("b100") == ("B", "一", "零", "零")  # never 「一百」
    assert ticket_words("A-007") == ("A", "零", "零", "七")


def test_a_call_in_the_halls_wording():
    w = call_wording("A012", 17)
    assert w.text == "请A零一二号，到十七号窗口办理"
    assert w.phrases == ("请", "A", "零", "一", "二", "号", "到", "十", "七", "号", "窗口", "办理")
    assert call_wording("C001", 3).text == "请C零零一号，到三号窗口办理"
    named = call_wording("D020", 2, service_name=" 户籍业务 ")
    assert named.text == "请D零二零号，到二号窗口办理户籍业务"
    assert named.phrases[-1] == "户籍业务"


def test_every_phrase_of_a_call_is_in_the_phrases_needed():
    needed = set(phrases_needed(["A", "b", "C"], ["户籍业务"]))
    assert {"A", "B", "C", "户籍业务"} <= needed and set(BASE_PHRASES) <= needed
    for number in ("A000", "B987", "C123"):
        for window in (1, 10, 17, 20, 101, 999, 1000):
            assert set(call_wording(number, window, service_name="户籍业务").phrases) <= needed, (number, window)


def test_out_of_range_window_numbers_are_refused():
    with pytest.raises(ValueError):
        number_words(10000)
