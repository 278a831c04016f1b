"""Looking ahead (ehcp/forecast.py): the flight board and the capacity forecast, on cases
and queues small enough to follow by hand; the arithmetic is in the comments."""

from datetime import date, timedelta
from itertools import count

import pytest

from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.forecast import (
    capacity_forecast,
    flight_board,
    forecast_from_cases,
    open_by_month_received,
    recent_rates,
    what_if,
)
from ehcp.measures import OutstandingAdvice, Rate

Y, N, W = Outcome.YES, Outcome.NO, Outcome.WITHDRAWN
EP, HEALTH, SOCIAL_CARE = Service.EDUCATIONAL_PSYCHOLOGY, Service.HEALTH, Service.SOCIAL_CARE
DAY = date(2022, 3, 31)
_ids = count(1)


def case(received, **fields):
    return Case(request_id=f"R{next(_ids)}", person="hash", received=received, **fields)


def waiting(elapsed, **fields):
    """A case assessed and waiting for its plan, received ``elapsed`` days before DAY."""
    received = DAY - timedelta(days=elapsed)
    return case(received, request_outcome=Y, request_outcome_date=received, **fields)


def ended(received, outcome_date, *, request=Y, assessment=None):
    return case(
        received,
        request_outcome=request,
        request_outcome_date=outcome_date if assessment is None else received,
        assessment_outcome=assessment,
        assessment_outcome_date=outcome_date if assessment else None,
    )


# --- The flight board ------------------------------------------------------------------------


def test_the_flight_board_counts_open_cases_by_week_of_the_20():
    cases = [
        waiting(0),  # week 1
        waiting(7),  # 7 / 7: week 1
        waiting(8),  # week 2
        waiting(
            84,  # 84 / 7: week 12; 84 + 56 = 140 is still in time in 8 weeks
            advice=(
                Advice(EP, DAY - timedelta(days=50)),  # out 50 days: overdue
                Advice(HEALTH, DAY - timedelta(days=10)),  # out 10 days
                Advice(SOCIAL_CARE, DAY - timedelta(days=60), DAY - timedelta(days=5)),  # back
            ),
        ),
        waiting(85),  # week 13; 85 + 56 = 141: late within 8 weeks, not 4 (85 + 28 = 113)
        waiting(113),  # week 17; 113 + 28 = 141: late within 4 weeks
        waiting(120, exception=True),  # 120 / 7 = 17.1: week 18; late within 4
        waiting(140),  # week 20, the last day in time; late within 4
        waiting(141),  # over 20
        # Issued on DAY, 100 days in, with advice never returned: off the board.
        case(
            DAY - timedelta(days=100),
            request_outcome=Y,
            request_outcome_date=DAY - timedelta(days=60),
            assessment_outcome=Y,
            assessment_outcome_date=DAY,
            advice=(Advice(EP, DAY - timedelta(days=70)),),
        ),
    ]
    board = flight_board(cases, DAY)
    assert board.weeks == {
        week: {1: 2, 2: 1, 12: 1, 13: 1, 17: 1, 18: 1, 20: 1}.get(week, 0) for week in range(1, 21)
    }
    assert board.over_20 == 1
    assert board.total == 9  # 2 + 1 + 1 + 1 + 1 + 1 + 1 in the 20 weeks, and 1 over
    assert board.late_within_4_weeks == 3  # days 113, 120 and 140
    assert board.late_within_8_weeks == 4  # and day 85
    assert board.advice_outstanding == {
        EP: OutstandingAdvice(1, 1),
        HEALTH: OutstandingAdvice(1, 0),
        SOCIAL_CARE: OutstandingAdvice(0, 0),
    }


def test_an_empty_flight_board():
    board = flight_board([], DAY)
    assert board.total == board.late_within_8_weeks == 0


# --- Rates from the recent past --------------------------------------------------------------


def test_recent_rates_and_the_conversion_of_cases_that_ended():
    cases = [
        *(case(date(2022, month, 10)) for month in (4, 4, 5, 6, 6, 6)),  # 6 requests in 3 months
        ended(date(2022, 1, 5), date(2022, 4, 30), assessment=Y),  # plan issued in April
        ended(date(2022, 1, 5), date(2022, 5, 2), assessment=Y),
        ended(date(2022, 1, 5), date(2022, 6, 30), assessment=Y),
        ended(date(2022, 3, 5), date(2022, 4, 12), request=N),  # refused to assess
        ended(date(2022, 3, 5), date(2022, 5, 12), request=W),  # withdrawn
        ended(date(2021, 11, 5), date(2022, 3, 31), assessment=Y),  # issued before April
    ]
    rates = recent_rates(cases, date(2022, 6, 1), months=3)
    assert (rates.first, rates.last) == (date(2022, 4, 1), date(2022, 6, 30))
    assert rates.requests_per_month == 2.0  # 6 / 3
    assert rates.issued_per_month == 1.0  # 3 / 3
    assert rates.conversion == Rate(60.0, 3, 5)  # 3 plans of 5 ended
    assert rates.conversion_share == 0.6


def test_open_cases_by_the_month_they_were_received():
    cases = [waiting(0), waiting(1), waiting(40), case(DAY + timedelta(days=1))]
    # 31 and 30 March; 31 Mar - 40 days = 19 February; 1 April is after DAY.
    assert open_by_month_received(cases, DAY) == {date(2022, 2, 1): 1, date(2022, 3, 1): 2}


# --- The capacity forecast -------------------------------------------------------------------

APRIL = date(2022, 4, 1)
STEADY = {date(2022, 1, 1): 100, date(2022, 2, 1): 100, date(2022, 3, 1): 100}


def test_a_steady_state_stays_steady_and_in_time():
    forecast = capacity_forecast(
        start=APRIL, backlog=STEADY, requests_per_month=100, conversion=0.8, issue_rate=80
    )
    first = forecast.months[0]
    assert first.new_plans == 80.0  # 100 requests * 0.8
    # January's 80 plans, 3 months old, are issued: in time (3 <= 4 months).
    assert (first.issued, first.issued_in_time, first.percent_in_time) == (80.0, 80.0, 100.0)
    # February, March and April wait: 3 * 80 = 240, none already bound to be late.
    assert (first.in_process, first.will_be_late) == (240.0, 0.0)
    assert len(forecast.months) == 36
    # Every month the same: 80 issued, all in time, 240 waiting, none bound to be late.
    shapes = {(m.issued, m.percent_in_time, m.in_process, m.will_be_late) for m in forecast.months}
    assert shapes == {(80.0, 100.0, 240.0, 0.0)}
    assert forecast.backlog_cleared == forecast.target_reached == APRIL
    assert forecast.when(forecast.backlog_cleared) == "April 2022"


def old_backlog():
    # October 2021's 200 cases (160 plans at 0.8) on top of the steady three months.
    return capacity_forecast(
        start=APRIL,
        backlog={date(2021, 10, 1): 200, **STEADY},
        requests_per_month=100,
        conversion=0.8,
        issue_rate=80,
    )


def test_a_backlog_that_capacity_only_matches_is_never_cleared():
    forecast = old_backlog()
    april, may, june = forecast.months[:3]
    # April: 80 of October's 160 (6 months old, late); 80 left of October, 80 each of
    # January to April: 400 in process, October's 80 bound to be late.
    assert (april.issued, april.percent_in_time, april.in_process, april.will_be_late) == (
        80.0,
        0.0,
        400.0,
        80.0,
    )
    # May: October's last 80 (late); January (4 months old at May's end) is now bound to be
    # late.
    assert (may.percent_in_time, may.will_be_late) == (0.0, 80.0)
    # June on: each month is issued 5 months old, all late; the next is always bound to be.
    assert (june.issued, june.percent_in_time, june.will_be_late) == (80.0, 0.0, 80.0)
    assert forecast.months[-1].percent_in_time == 0.0
    assert forecast.backlog_cleared is forecast.target_reached is None
    assert forecast.when(forecast.target_reached) == "not within 36 months"


def test_what_if_with_40_more_plans_a_month():
    forecast = what_if(old_backlog(), extra_capacity=40)
    assert forecast.assumptions.extra_capacity == 40
    april, may, june, july, august = forecast.months[:5]
    # April: 120 of October's 160, all late; 40 left of October (late) + 4 * 80 = 360.
    assert (april.issued, april.percent_in_time, april.in_process, april.will_be_late) == (
        120.0,
        0.0,
        360.0,
        40.0,
    )
    # May: October's 40 (late) + January's 80 (4 months, in time): 80 / 120 = 66.7%;
    # February to May left, 4 * 80 = 320, none bound to be late: cleared.
    assert (may.issued_in_time, may.percent_in_time, may.in_process, may.will_be_late) == (
        80.0,
        66.7,
        320.0,
        0.0,
    )
    # June: February's 80 + 40 of March, all in time: 100% >= 90, the target is reached.
    assert (june.issued, june.percent_in_time, june.in_process) == (120.0, 100.0, 280.0)
    # July: March's other 40 + April's 80; August: only May is old enough (3 months), 80.
    assert (july.issued, july.in_process) == (120.0, 240.0)
    assert (august.issued, august.in_process) == (80.0, 240.0)
    assert forecast.backlog_cleared == date(2022, 5, 1)
    assert forecast.target_reached == date(2022, 6, 1)


def test_the_assumptions_travel_with_the_forecast():
    assumptions = old_backlog().assumptions
    assert assumptions.backlog[0] == (date(2021, 10, 1), 200.0)
    assert assumptions.lines()[:3] == [
        "100 requests a month, 80% becoming plans",
        "500 cases in process at the start, the same share becoming plans",  # 200 + 3 * 100
        "80 plans issued a month at most (80 now, 0 extra), oldest first",
    ]


def test_the_forecast_refuses_what_it_cannot_model():
    with pytest.raises(ValueError, match="before the start"):
        capacity_forecast(
            start=APRIL, backlog={APRIL: 1}, requests_per_month=1, conversion=1, issue_rate=1
        )
    with pytest.raises(ValueError, match="share"):
        capacity_forecast(
            start=APRIL, backlog={}, requests_per_month=1, conversion=80, issue_rate=1
        )


def test_the_forecast_from_cases_uses_the_recent_rates_and_todays_backlog():
    cases = [
        ended(date(2022, 1, 5), date(2022, 3, 10), assessment=Y),  # issued in March
        ended(date(2022, 2, 5), date(2022, 3, 20), request=N),  # refused in March
        waiting(40),  # received 19 February, in process on 31 March
    ]
    forecast = forecast_from_cases(cases, date(2022, 3, 1), months=3)
    a = forecast.assumptions
    assert a.start == APRIL
    assert a.backlog == ((date(2022, 2, 1), 1.0),)
    assert a.requests_per_month == 1.0  # 5 Jan, 5 Feb and 19 Feb: 3 in 3 months
    assert a.conversion == 0.5  # 1 plan of 2 ended
    assert a.issue_rate == pytest.approx(1 / 3)  # 1 plan in 3 months
    # Nothing ended in the 3 months to March 2021: no conversion to go on.
    assert forecast_from_cases(cases, date(2021, 3, 1), months=3) is None
