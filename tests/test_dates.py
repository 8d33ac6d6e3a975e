"""End points typed any way, resolved to due dates; half-term calendars; the yearly rollover."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from careers_xl.dates.end_points import (
    HALF_TERMS,
    EndPoint,
    TermCalendar,
    easter_sunday,
    parse_end_point,
    shift_end_point,
)
from careers_xl.dates.formats import display_date, is_date_format
from careers_xl.model import AcademicYear, Formula

Y2025 = AcademicYear(2025)
CAL = TermCalendar.english(Y2025)


def parse(value: object, year: AcademicYear | None = Y2025, **kwargs: object) -> EndPoint:
    return parse_end_point(value, year, **kwargs)  # type: ignore[arg-type]


# ---- strings -----------------------------------------------------------------------

@pytest.mark.parametrize(("text", "due", "kind", "number_format"), [
    ("Mar-26", date(2026, 3, 31), "month", "mmm-yy"),
    ("Mar 26", date(2026, 3, 31), "month", "mmm yy"),
    ("March 2026", date(2026, 3, 31), "month", "mmmm yyyy"),
    ("July 2026", date(2026, 7, 31), "month", "mmmm yyyy"),
    ("Jul 2026", date(2026, 7, 31), "month", "mmm yyyy"),
    ("Jul-26", date(2026, 7, 31), "month", "mmm-yy"),
    ("Feb-28", date(2028, 2, 29), "month", "mmm-yy"),
    ("03/2026", date(2026, 3, 31), "month", "mm/yyyy"),
    ("Sept 2025", date(2025, 9, 30), "month", None),  # Excel's abbreviation is "Sep"
    ("Sep 2025", date(2025, 9, 30), "month", "mmm yyyy"),
    ("mar-26", date(2026, 3, 31), "month", None),  # Excel would show "Mar-26"
    ("MARCH 2026", date(2026, 3, 31), "month", None),
    ("07.10.26", date(2026, 10, 7), "date", "dd.mm.yy"),
    ("7.10.26", date(2026, 10, 7), "date", "d.m.yy"),  # writes unpadded
    ("7.1.26", date(2026, 1, 7), "date", "d.m.yy"),
    ("07.10.2026", date(2026, 10, 7), "date", "dd.mm.yyyy"),
    ("31/03/2026", date(2026, 3, 31), "date", "dd/mm/yyyy"),
    ("31/3/26", date(2026, 3, 31), "date", "d/m/yy"),
    ("1/9/25", date(2025, 9, 1), "date", "d/m/yy"),
    ("12/10/2025", date(2025, 10, 12), "date", "dd/mm/yyyy"),
    ("31-03-2026", date(2026, 3, 31), "date", "dd-mm-yyyy"),
    ("2026-02-06", date(2026, 2, 6), "date", "yyyy-mm-dd"),
    ("6 Feb 2026", date(2026, 2, 6), "date", "d mmm yyyy"),
    ("6 February 2026", date(2026, 2, 6), "date", "d mmmm yyyy"),
    ("6th February 2026", date(2026, 2, 6), "date", None),
    ("06-Feb-26", date(2026, 2, 6), "date", "dd-mmm-yy"),
    ("Fri 6 Feb 2026", date(2026, 2, 6), "date", "ddd d mmm yyyy"),
    ("February 6, 2026", date(2026, 2, 6), "date", "mmmm d, yyyy"),
    ("by 31/03/2026", date(2026, 3, 31), "date", '"by "dd/mm/yyyy'),
    ("end of March 2026", date(2026, 3, 31), "month", '"end of "mmmm yyyy'),
    ("w/c 13/1/26", date(2026, 1, 13), "week", '"w/c "d/m/yy'),
    ("W/C 13.01.26", date(2026, 1, 13), "week", '"W/C "dd.mm.yy'),
    ("week commencing 13/1/26", date(2026, 1, 13), "week", '"week commencing "d/m/yy'),
    ("wc 12 Jan 2026", date(2026, 1, 12), "week", '"wc "d mmm yyyy'),
])
def test_typed_dates(text: str, due: date, kind: str, number_format: str | None) -> None:
    end = parse(text)
    assert end == EndPoint(text, due, kind, number_format)
    if number_format is not None:
        assert display_date(due, number_format) == text


def test_text_is_kept_as_typed_but_stripped() -> None:
    assert parse("  Mar-26 \n").text == "Mar-26"
    assert parse("6  Feb 2026").number_format == "d  mmm yyyy"  # two spaces, still exact


def test_dates_do_not_need_the_plan_year() -> None:
    assert parse("31/03/2026", None).due == date(2026, 3, 31)
    assert parse("Mar-26", None).due == date(2026, 3, 31)


def test_dates_without_a_year_fall_in_the_plan_year() -> None:
    assert parse("13/1") == EndPoint("13/1", date(2026, 1, 13), "date", "d/m")
    assert parse("March") == EndPoint("March", date(2026, 3, 31), "month", "mmmm")
    assert parse("Oct").due == date(2025, 10, 31)
    assert parse("6 Feb").due == date(2026, 2, 6)
    assert parse("13/1", None).kind == "unknown"


@pytest.mark.parametrize("text", [
    "31/02/2026", "30.02.26", "32/1/26", "1/13/26", "2026-13-01", "31 Feb 2026", "Smarch 2026",
    "hello", "Year 10", "2026", "1.5", "w/c March 2026", "see notes", "?",
])
def test_unreadable_text_is_unknown_and_kept(text: str) -> None:
    assert parse(text) == EndPoint(text, None, "unknown", None)


@pytest.mark.parametrize("text", [
    "Ongoing", "ongoing", "On-going", "TBC", "tbc.", "TBA", "N/A", "n/a", "ASAP", "Termly",
    "Weekly", "Monthly", "Annually", "Each term", "Throughout the year", "All year", "-",
    "Ongoing - reviewed termly", "TBC (after SLT meeting)",
])
def test_open_end_points(text: str) -> None:
    assert parse(text) == EndPoint(text, None, "open", None)


@pytest.mark.parametrize("value", [None, "", "   ", "\n"])
def test_empty(value: object) -> None:
    assert parse(value) == EndPoint(None, None, "empty", None)


# ---- half-term names ---------------------------------------------------------------

def test_half_terms_2025_26_resolve_to_sensible_dates() -> None:
    ends = {text: parse(text) for text in
            ("Oct half term", "Autumn 2", "Feb half term", "Easter", "Summer 1", "Summer 2")}
    assert all(end.kind == "term" for end in ends.values())
    due = {text: end.due for text, end in ends.items() if end.due}
    months = {text: day.month for text, day in due.items()}
    assert months == {"Oct half term": 10, "Autumn 2": 12, "Feb half term": 2,
                      "Easter": 3, "Summer 1": 5, "Summer 2": 7}  # Easter Sunday 2026: 5 Apr
    days = list(due.values())
    assert days == sorted(days) and len(set(days)) == len(days)
    assert due["Easter"] < easter_sunday(2026)


@pytest.mark.parametrize(("text", "key"), [
    ("Autumn 1", "autumn1"), ("autumn1", "autumn1"), ("Autumn Term 1", "autumn1"),
    ("October half-term", "autumn1"), ("HT1", "autumn1"), ("Autumn 2", "autumn2"),
    ("Autumn term", "autumn2"), ("Autumn", "autumn2"), ("Christmas", "autumn2"),
    ("Xmas", "autumn2"), ("Autumn 1 & 2", "autumn2"), ("Term 1", "autumn2"),
    ("Spring 1", "spring1"), ("February half term", "spring1"), ("Spring 2", "spring2"),
    ("Spring term", "spring2"), ("Easter", "spring2"), ("Summer 1", "summer1"),
    ("May half term", "summer1"), ("Whitsun", "summer1"), ("Summer 2", "summer2"),
    ("Summer term", "summer2"), ("End of year", "summer2"), ("end of the summer term", "summer2"),
    ("by Easter", "spring2"), ("before Oct half term", "autumn1"),
    ("end of Autumn 2", "autumn2"), ("by end of Spring 1", "spring1"),
    ("by the end of the autumn term", "autumn2"), ("Term 3", "summer2"),
])
def test_half_term_names(text: str, key: str) -> None:
    assert parse(text) == EndPoint(text, CAL.half_terms[key][1], "term", None)


def test_half_term_with_a_written_year() -> None:
    assert parse("Autumn 2 2025").due == date(2025, 12, 19)
    assert parse("Summer 2026", None).due == CAL.half_terms["summer2"][1]
    assert parse("Spring 1 2025/26", None).due == CAL.half_terms["spring1"][1]
    assert parse("by Spring 1 (2025-26)", None).due == CAL.half_terms["spring1"][1]
    assert parse("Autumn 2026").due == TermCalendar.english(AcademicYear(2026)).half_terms[
        "autumn2"][1]
    assert parse("Summer 2 2025/27").kind == "unknown"


def test_half_terms_without_a_year_cannot_resolve() -> None:
    assert parse("Easter", None) == EndPoint("Easter", None, "term", None)


def test_half_terms_follow_the_schools_calendar() -> None:
    calendar = TermCalendar.from_mapping(Y2025, {"spring2": ["2026-02-23", "2026-04-02"]})
    assert parse("Easter", Y2025, calendar=calendar).due == date(2026, 4, 2)
    assert parse("Easter", None, calendar=calendar).due == date(2026, 4, 2)
    assert parse("Mar-26", Y2025, calendar=calendar).due == date(2026, 3, 31)


# ---- real date cells and numbers ---------------------------------------------------

def test_real_dates() -> None:
    assert parse(date(2026, 3, 31)) == EndPoint("31/03/2026", date(2026, 3, 31), "date",
                                                "dd/mm/yyyy")
    assert parse(datetime(2026, 3, 31, 9, 30), number_format="d/m/yy") == EndPoint(
        "31/3/26", date(2026, 3, 31), "date", "d/m/yy")


def test_real_dates_shown_as_a_month_are_due_at_its_end() -> None:
    end = parse(datetime(2026, 3, 1), number_format="mmm-yy")
    assert end == EndPoint("Mar-26", date(2026, 3, 31), "month", "mmm-yy")


def test_real_dates_shown_as_a_week() -> None:
    end = parse(date(2026, 1, 13), number_format='"w/c "d/m/yy')
    assert end == EndPoint("w/c 13/1/26", date(2026, 1, 13), "week", '"w/c "d/m/yy')


@pytest.mark.parametrize("number_format", ["General", "general", "mm-dd-yy", "m/d/yyyy", "@", "0"])
def test_real_dates_in_general_or_locale_formats_show_uk_style(number_format: str) -> None:
    assert parse(date(2026, 3, 1), number_format=number_format) == EndPoint(
        "01/03/2026", date(2026, 3, 1), "date", "dd/mm/yyyy")


def test_serial_numbers_are_dates_only_in_a_date_format() -> None:
    assert parse(46000, number_format="dd/mm/yyyy").due == date(2025, 12, 9)
    assert parse(46000.75, number_format="d mmm yyyy").text == "9 Dec 2025"
    assert parse(46000) == EndPoint("46000", None, "unknown", None)
    assert parse(46000, number_format="0.00").kind == "unknown"
    assert parse(60, number_format="dd/mm/yyyy").kind == "unknown"  # Excel's 29 Feb 1900
    assert parse(float("nan"), number_format="dd/mm/yyyy").kind == "unknown"
    assert parse(float("inf"), number_format="dd/mm/yyyy").kind == "unknown"
    assert parse(True, number_format="dd/mm/yyyy").kind == "unknown"


def test_other_values_are_unknown() -> None:
    assert parse(Formula("=A1+7")) == EndPoint("=A1+7", None, "unknown", None)


# ---- Excel number formats ----------------------------------------------------------

DAY = date(2026, 2, 6)


@pytest.mark.parametrize(("number_format", "shown"), [
    ("dd/mm/yyyy", "06/02/2026"), ("d/m/yyyy", "6/2/2026"), ("dd/mm/yy", "06/02/26"),
    ("mmm-yy", "Feb-26"), ("mmm yy", "Feb 26"), ("mmmm yyyy", "February 2026"),
    ("dd.mm.yy", "06.02.26"), ("dd.mm.yyyy", "06.02.2026"), ("yyyy-mm-dd", "2026-02-06"),
    ("d mmmm yyyy", "6 February 2026"), ("d-mmm-yy", "6-Feb-26"), ("dd-mmm-yy", "06-Feb-26"),
    ("dddd d mmmm yyyy", "Friday 6 February 2026"), ("ddd", "Fri"), ("mmmmm", "F"),
    ("General", "06/02/2026"), ("mm-dd-yy", "06/02/2026"), ("m/d/yyyy", "06/02/2026"),
    ('"w/c "d/m/yy', "w/c 6/2/26"), (r"\w\/\c d/m/yy", "w/c 6/2/26"),
    ("[$-809]dd/mm/yyyy;@", "06/02/2026"), ("[Red]d mmm yyyy", "6 Feb 2026"),
    ("dd/mm/yyyy hh:mm", "06/02/2026 00:00"), ("d/m/yy h:mm AM/PM", "6/2/26 12:00 AM"),
    ("yy", "26"), ("yyyy", "2026"),
])
def test_display_date(number_format: str, shown: str) -> None:
    assert display_date(DAY, number_format) == shown


def test_is_date_format() -> None:
    assert is_date_format("dd/mm/yyyy") and is_date_format("mm-dd-yy")
    assert not is_date_format("General") and not is_date_format("0.00")
    assert not is_date_format("mm:ss") and not is_date_format(None)


FULL_DATE_FORMATS = [
    "dd/mm/yyyy", "d/m/yyyy", "dd/mm/yy", "d/m/yy", "dd.mm.yy", "d.m.yy", "dd.mm.yyyy",
    "dd-mm-yyyy", "yyyy-mm-dd", "d mmm yyyy", "d mmmm yyyy", "d-mmm-yy", "dd-mmm-yy",
    "dd mmm yy", "ddd d mmm yyyy", "dddd d mmmm yyyy", "mmmm d, yyyy", '"by "dd/mm/yyyy',
]
MONTH_FORMATS = ["mmm-yy", "mmm yy", "mmmm yyyy", "mmm yyyy", "mm/yyyy", "mmmm-yy"]
DATES = st.dates(date(2000, 1, 1), date(2099, 12, 31))


@given(DATES, st.sampled_from(FULL_DATE_FORMATS))
def test_full_dates_round_trip(day: date, number_format: str) -> None:
    text = display_date(day, number_format)
    end = parse(text)
    assert (end.due, end.kind, end.text) == (day, "date", text)
    assert end.number_format is not None
    assert display_date(day, end.number_format) == text
    if day.day < 10 and day.month not in (5, 10, 11, 12):  # the text shows which format
        assert end.number_format == number_format  # ("May" is both mmm and mmmm)


@given(DATES, st.sampled_from(MONTH_FORMATS))
def test_months_round_trip(day: date, number_format: str) -> None:
    text = display_date(day, number_format)
    end = parse(text)
    assert (end.kind, end.text) == ("month", text)
    assert end.number_format == number_format or (
        day.month == 5 and end.number_format == number_format.replace("mmmm", "mmm"))
    assert end.due is not None and (end.due.year, end.due.month) == (day.year, day.month)
    assert (end.due + timedelta(1)).day == 1


@given(DATES, st.sampled_from(["d/m/yy", "dd/mm/yyyy", "d mmm yyyy", "dd.mm.yy"]))
def test_weeks_round_trip(day: date, number_format: str) -> None:
    text = display_date(day, f'"w/c "{number_format}')
    end = parse(text)
    assert (end.due, end.kind) == (day, "week")
    assert end.number_format is not None and display_date(day, end.number_format) == text


@given(st.one_of(st.text(max_size=30), st.text("0123456789/.- wcMarJulySeptFeb", max_size=14)))
def test_any_text_is_read_without_error_and_formats_are_exact(text: str) -> None:
    end = parse(text)
    assert end.kind in ("date", "month", "week", "term", "open", "unknown", "empty")
    if end.number_format is not None:
        assert end.due is not None and display_date(end.due, end.number_format) == end.text
    if end.kind in ("date", "month", "week"):
        assert end.due is not None


@given(st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.datetimes()),
       st.sampled_from([None, "General", "dd/mm/yyyy", "mmm-yy", "0.00"]))
def test_any_value_is_read_without_error(value: object, number_format: str | None) -> None:
    end = parse(value, number_format=number_format)
    if end.number_format is not None:
        assert end.due is not None and display_date(end.due, end.number_format) == end.text


# ---- the rollover ------------------------------------------------------------------

@pytest.mark.parametrize(("text", "moved", "due"), [
    ("Mar-26", "Mar-27", date(2027, 3, 31)),
    ("07.10.26", "07.10.27", date(2027, 10, 7)),
    ("31/03/2026", "31/03/2027", date(2027, 3, 31)),
    ("July 2026", "July 2027", date(2027, 7, 31)),
    ("2026-02-06", "2027-02-06", date(2027, 2, 6)),
    ("Feb-27", "Feb-28", date(2028, 2, 29)),
    ("Sept 2025", "Sept 2026", date(2026, 9, 30)),
    ("6th February 2026", "6th February 2027", date(2027, 2, 6)),
    ("mar-26", "mar-27", date(2027, 3, 31)),
    ("by 31/03/2026", "by 31/03/2027", date(2027, 3, 31)),
    ("13/1", "13/1", date(2027, 1, 13)),
])
def test_rollover_moves_dates_a_year(text: str, moved: str, due: date) -> None:
    end = shift_end_point(parse(text))
    assert (end.text, end.due, end.kind) == (moved, due, parse(text).kind)
    assert end.number_format == parse(text).number_format


def test_rollover_29_february() -> None:
    end = shift_end_point(parse("29/02/2028", AcademicYear(2027)))
    assert (end.text, end.due) == ("28/02/2029", date(2029, 2, 28))
    assert shift_end_point(parse(date(2028, 2, 29))).due == date(2029, 2, 28)


def test_rollover_keeps_the_weekday_of_a_week_commencing() -> None:
    end = shift_end_point(parse("w/c 13/1/26"))  # a Tuesday
    assert end == EndPoint("w/c 12/1/27", date(2027, 1, 12), "week", '"w/c "d/m/yy')
    monday = shift_end_point(parse("w/c Mon 2nd March 2026"))
    assert (monday.text, monday.due) == ("w/c Mon 1st March 2027", date(2027, 3, 1))


@given(DATES.filter(lambda d: d.year < 2098), st.integers(1, 3))
def test_rollover_weeks_stay_on_their_weekday(day: date, years: int) -> None:
    end = shift_end_point(parse(display_date(day, '"w/c "dd/mm/yyyy')), years)
    assert end.due is not None and end.due.weekday() == day.weekday()
    assert abs((end.due - day).days - 365.25 * years) <= 5
    assert parse(end.text).due == end.due


def test_rollover_of_real_date_cells() -> None:
    end = shift_end_point(parse(datetime(2026, 3, 1), number_format="mmm-yy"), 2)
    assert end == EndPoint("Mar-28", date(2028, 3, 31), "month", "mmm-yy")


def test_rollover_of_half_terms_uses_next_years_calendar() -> None:
    next_year = TermCalendar.english(AcademicYear(2026))
    assert shift_end_point(parse("Easter")) == EndPoint(
        "Easter", next_year.half_terms["spring2"][1], "term", None)
    assert shift_end_point(parse("Summer 2026")) == EndPoint(
        "Summer 2027", next_year.half_terms["summer2"][1], "term", None)
    assert shift_end_point(parse("Spring 1 2025/26")).text == "Spring 1 2026/27"
    assert shift_end_point(parse("Easter", None)) == EndPoint("Easter", None, "term", None)


@pytest.mark.parametrize("text", ["Ongoing", "TBC", "hello", "31/02/2026", None])
def test_rollover_leaves_open_unknown_and_empty_alone(text: str | None) -> None:
    assert shift_end_point(parse(text)) == parse(text)


# ---- the term calendar -------------------------------------------------------------

@pytest.mark.parametrize(("year", "easter"), [
    (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
    (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25)), (2285, date(2285, 3, 22)),
])
def test_easter_sunday(year: int, easter: date) -> None:
    assert easter_sunday(year) == easter


def test_english_2025_26() -> None:
    assert CAL.half_terms == {
        "autumn1": (date(2025, 9, 2), date(2025, 10, 24)),
        "autumn2": (date(2025, 11, 3), date(2025, 12, 19)),
        "spring1": (date(2026, 1, 5), date(2026, 2, 13)),
        "spring2": (date(2026, 2, 23), date(2026, 3, 27)),
        "summer1": (date(2026, 4, 13), date(2026, 5, 22)),
        "summer2": (date(2026, 6, 1), date(2026, 7, 22)),
    }


@pytest.mark.parametrize("start", range(2000, 2101))
def test_english_defaults_are_sensible_for_any_year(start: int) -> None:
    calendar = TermCalendar.english(AcademicYear(start))  # validates order and range itself
    ends = {key: last for key, (_, last) in calendar.half_terms.items()}
    assert all(first.weekday() < 5 and last.weekday() < 5
               for first, last in calendar.half_terms.values())
    assert ends["autumn1"].month == 10 and ends["spring1"].month == 2
    assert ends["autumn2"].month == 12 and 16 <= ends["autumn2"].day <= 22
    assert ends["spring2"] < easter_sunday(start + 1) - timedelta(6)
    assert ends["summer1"].month == 5 and ends["summer2"].month == 7
    assert 16 <= ends["summer2"].day <= 22


def test_named_dates_and_table() -> None:
    names = CAL.named_dates()
    for name in ("autumn 1", "autumn1", "autumn term 1", "autumn 2", "spring 1", "spring 2",
                 "summer 1", "summer 2", "oct half term", "october half term", "christmas",
                 "xmas", "feb half term", "february half term", "easter", "may half term",
                 "whitsun", "end of year", "end of summer term", "autumn term", "autumn",
                 "spring term", "spring", "summer term", "summer", "term 1", "term 3"):
        assert name in names
    assert names["easter"] == names["spring 2"] == CAL.half_terms["spring2"][1]
    table = CAL.table()
    assert [name for name, _ in table][:4] == ["Autumn 1", "Oct half term", "Autumn 2",
                                               "Christmas"]
    assert "Easter" in dict(table) and table[-2][0] == "Summer 2"
    assert [day for _, day in table] == sorted(day for _, day in table)
    assert all(names[name.lower()] == day for name, day in table)


def test_from_mapping_overrides_some_half_terms() -> None:
    calendar = TermCalendar.from_mapping(Y2025, {
        "autumn1": ["2025-09-03", "2025-10-17"],
        "Autumn 2": ("2025-10-27", date(2025, 12, 18)),
        "summer_2": [datetime(2026, 6, 1), "2026-07-17"],
    })
    assert calendar.half_terms["autumn1"] == (date(2025, 9, 3), date(2025, 10, 17))
    assert calendar.half_terms["autumn2"] == (date(2025, 10, 27), date(2025, 12, 18))
    assert calendar.half_terms["summer2"] == (date(2026, 6, 1), date(2026, 7, 17))
    assert calendar.half_terms["spring1"] == CAL.half_terms["spring1"]
    assert TermCalendar.from_mapping(Y2025, {}) == CAL


@pytest.mark.parametrize(("data", "message"), [
    ({"autumn3": ["2025-09-03", "2025-10-17"]}, "Unknown half-term 'autumn3'"),
    ({"autumn1": ["2025-09-03"]}, "Autumn 1 2025/26: give [first day, last day]"),
    ({"autumn1": "2025-09-03"}, "give [first day, last day]"),
    ({"autumn1": ["2025-09-03", "24/10/2025"]}, "'24/10/2025' is not a date"),
    ({"autumn1": ["2025-09-03", 7]}, "7 is not a date"),
    ({"autumn1": ["2025-10-24", "2025-09-03"]}, "starts on 2025-10-24 after it ends"),
    ({"autumn1": ["2024-09-03", "2024-10-24"]}, "outside the academic year"),
    ({"spring1": ["2026-01-05", "2026-02-27"]}, "Spring 2 2025/26 starts on 2026-02-23, before"),
    (["autumn1"], "must be a table"),
])
def test_from_mapping_errors(data: object, message: str) -> None:
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace("(", r"\(")):
        TermCalendar.from_mapping(Y2025, data)  # type: ignore[arg-type]


def test_calendar_needs_all_six_half_terms() -> None:
    half_terms = dict(CAL.half_terms)
    del half_terms["summer2"]
    with pytest.raises(ValueError, match="exactly the half-terms"):
        TermCalendar(Y2025, half_terms)
    assert set(HALF_TERMS) == set(CAL.half_terms)
