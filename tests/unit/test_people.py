"""Resident ID numbers (GB 11643), Chinese phone numbers and the masks every screen uses."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from desktop.services.people import (
    InvalidIdNumber,
    InvalidPhone,
    mask_id,
    mask_name,
    mask_phone,
    normalize_phone,
    validate_id_number,
)

TODAY = dt.date(2026, 11, 20)


def with_check(base17: str) -> str:
    return base17 + ric.calc_check_digit(base17 + "0")


def test_the_worked_example_of_domain_md_is_valid_and_gives_birth_date_and_gender():
    info = validate_id_number("11010519491231002x", today=TODAY)
    assert info.number == "11010519491231002X"
    assert info.birth_date == dt.date(1949, 12, 31)
    assert info.gender == "F"  # sequence 002 is even
    assert validate_id_number(with_check("32050519800101123"), today=TODAY).gender == "M"


@pytest.mark.parametrize("number, reason", [
    ("110105194912310021", "checksum"),          # check character should be X
    ("11010519491231002", "length"),             # 17 characters
    ("11010519491231002X1", "length"),           # 19 characters
    ("1101051949123100", "length"),
    ("11010519A912310021", "format"),
    ("11010519491231002Y", "format"),
    (with_check("32050519800230123"), "birth_date"),   # 30 February
    (with_check("32050519801301123"), "birth_date"),   # month 13
    (with_check("32050520270101123"), "birth_date"),   # born after today
    (with_check("32050518891231123"), "birth_date"),   # before 1900
    (with_check("99050519800101123"), "region"),       # no province 99
])
def test_invalid_id_numbers_say_what_is_wrong(number, reason):
    with pytest.raises(InvalidIdNumber) as err:
        validate_id_number(number, today=TODAY)
    assert (err.value.field, err.value.reason) == ("id_number", reason)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY), st.integers(0, 999))
def test_any_number_with_the_right_check_character_validates(birth, seq):
    number = with_check(f"320505{birth:%Y%m%d}{seq:03d}")
    info = validate_id_number(number, today=TODAY)
    assert info.birth_date == birth and info.gender == ("M" if seq % 2 else "F")
    wrong = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(InvalidIdNumber):
        validate_id_number(wrong, today=TODAY)


@pytest.mark.parametrize("typed, stored", [
    ("13812345678", "13812345678"),
    ("138 1234 5678", "13812345678"),
    ("+86 138-1234-5678", "13812345678"),
    ("8613812345678", "13812345678"),
    ("19912345678", "19912345678"),
    ("0512-65551234", "0512-65551234"),
    ("051265551234", "0512-65551234"),
    ("(010) 12345678", "010-12345678"),
    ("021-1234567X".replace("X", "8"), "021-12345678"),
    ("0931-1234567", "0931-1234567"),
    ("", ""),
])
def test_phone_numbers_are_normalised(typed, stored):
    assert normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345678901", "1381234567", "138123456789", "65551234", "0512-123",
                                    "010-1234567", "abc", "110", "0012345678"])
def test_phones_that_are_not_chinese_mobiles_or_landlines_are_refused(typed):
    with pytest.raises(InvalidPhone) as err:
        normalize_phone(typed)
    assert (err.value.field, err.value.reason) == ("phone", "phone")


def test_masks_hide_the_middle():
    assert mask_id("32010519800101123X") == "3201**********123X"
    assert mask_id(None) == "" and mask_id("") == ""
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0512-65551234") == "0512-****1234"
    assert mask_phone("010-1234567") == "010-***4567"
    assert mask_name("张三") == "张*" and mask_name("欧阳娜娜") == "欧***" and mask_name("") == ""


@pytest.mark.parametrize("typed", [
    "110105 19491231 002X",          # grouped 6-8-4 with spaces
    " 11010519491231002X ",           # outer spaces
    "11010519491231002Ｘ",            # a full-width Ｘ from a Chinese input method
    "１１０１０５１９４９１２３１００２ｘ",  # full-width digits and x
    "110105\u300019491231002X",       # an ideographic space
])
def test_spaces_and_full_width_forms_are_normalised(typed):
    assert validate_id_number(typed, today=TODAY).number == "11010519491231002X"


@pytest.mark.parametrize("typed, characters", [
    ("١١٠١٠٥١٩٤٩١٢٣١٠٠٢X", "١٠٥٩٤٢٣"),       # Arabic-Indic digits: not a checksum error
    ("11010519491231002\u0661", "\u0661"),      # one Arabic-Indic digit among ASCII ones
    ("११०१०५१९४९१२३१००२X", "१०५९४२३"),         # Devanagari digits
    ("110105一九四九1231002X", "一九四"),       # Chinese numerals
])
def test_digits_of_other_scripts_are_named_not_a_checksum_error(typed, characters):
    with pytest.raises(InvalidIdNumber) as err:
        validate_id_number(typed, today=TODAY)
    assert (err.value.reason, err.value.characters) == ("not_digits", characters)
