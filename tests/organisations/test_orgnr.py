from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from kjopekraft.organisations import orgnr
from kjopekraft.organisations.models import Organisation, validate_orgnr


@pytest.mark.parametrize("number", ["974760673", "964965226", "958935420"])
def test_real_organisation_numbers_are_valid(number: str) -> None:
    assert orgnr.validate(number) == number
    assert orgnr.is_valid(number)


@pytest.mark.parametrize(
    "written",
    ["974 760 673", "974.760.673", "NO 974 760 673 MVA", "no974760673mva", " 974760673\u00a0"],
)
def test_the_usual_decoration_is_removed(written: str) -> None:
    assert orgnr.validate(written) == "974760673"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("974760674", "check digit does not match (MOD11)"),
        ("964965227", "check digit does not match (MOD11)"),
        ("97476067", "must have 9 digits, has 8"),
        ("9747606730", "must have 9 digits, has 10"),
        ("97476067A", "must contain only digits"),
        ("974-760-67x", "must contain only digits"),
        ("１２３４５６７８９", "must contain only digits"),
        ("123456789", "must start with 8 or 9"),
        ("", "empty"),
        ("NO MVA", "empty"),
    ],
)
def test_invalid_numbers_say_why(value: str, reason: str) -> None:
    with pytest.raises(orgnr.InvalidOrgnr) as excinfo:
        orgnr.validate(value)
    assert excinfo.value.reason == reason
    assert excinfo.value.value == value
    assert not orgnr.is_valid(value)


def test_no_check_digit_fits_when_the_remainder_is_one() -> None:
    # 9·3 + 7·2 + 4·7 + 7·6 + 6·5 + 0·4 + 6·3 + 9·2 = 177 = 16·11 + 1
    assert orgnr.check_digit("97476069") is None
    for last in "0123456789":
        assert not orgnr.is_valid(f"97476069{last}")


def test_the_check_digit_is_eleven_minus_the_remainder_or_zero() -> None:
    assert orgnr.check_digit("97476067") == 3
    assert orgnr.check_digit("96496522") == 6


def test_the_model_refuses_an_invalid_number() -> None:
    validate_orgnr("974760673")
    with pytest.raises(ValidationError) as excinfo:
        validate_orgnr("974760674")
    assert excinfo.value.code == "invalid_orgnr"
    organisation = Organisation(orgnr="974760674", name="Feil AS")
    with pytest.raises(ValidationError) as excinfo:
        organisation.full_clean()
    assert "orgnr" in excinfo.value.error_dict
