import datetime

from django.utils import translation

from core.dates import long_date, vietnamese_date


def test_vietnamese_date_is_written_the_vietnamese_way():
    assert vietnamese_date(datetime.date(2021, 4, 12)) == "ngày 12 tháng 4 năm 2021"
    assert vietnamese_date(datetime.date(2026, 11, 24)) == "ngày 24 tháng 11 năm 2026"


def test_administrative_dates_pad_small_days_and_the_first_two_months():
    assert (
        vietnamese_date(datetime.date(2026, 2, 5), administrative=True)
        == "ngày 05 tháng 02 năm 2026"
    )
    assert (
        vietnamese_date(datetime.date(2026, 12, 5), administrative=True)
        == "ngày 05 tháng 12 năm 2026"
    )


def test_long_date_follows_the_active_language():
    day = datetime.date(2026, 11, 24)
    with translation.override("vi"):
        assert long_date(day) == "ngày 24 tháng 11 năm 2026"
    with translation.override("en"):
        assert long_date(day) == "24 November 2026"
    assert long_date(None) == ""
