"""The EHCP timeliness measures (ehcp/measures.py) on small fixed cases, checked by hand:
every expected number has its arithmetic in a comment."""

from datetime import date
from itertools import count

import pytest

from ehcp.cases import Advice, Case, Outcome, Service
from ehcp.measures import (
    Mean,
    OutstandingAdvice,
    Period,
    PublicRow,
    Rate,
    add_months,
    advice_outstanding,
    advice_within_6_weeks,
    age_band,
    annual_reviews,
    average_weeks_to_issue,
    clock_week,
    decisions_to_assess,
    decisions_within_6_weeks,
    financial_year_start,
    issued_within_20_weeks,
    month_end,
    month_figures,
    next_review_due,
    percent,
    period_bounds,
    plans_in_process,
    plans_issued,
    public_count,
    public_figure,
    public_row,
    requests_received,
    review_due_dates,
    small_number_threshold,
    target_for,
)

Y, N, A, W, H = Outcome.YES, Outcome.NO, Outcome.AWAITING, Outcome.WITHDRAWN, Outcome.HISTORICAL
EP, HEALTH, SOCIAL_CARE = Service.EDUCATIONAL_PSYCHOLOGY, Service.HEALTH, Service.SOCIAL_CARE
_ids = count(1)


def case(received, **fields):
    return Case(request_id=f"R{next(_ids)}", person="hash", received=received, **fields)


def plan(received, issued, **fields):
    """A request assessed and its plan issued on ``issued``."""
    return case(
        received,
        request_outcome=Y,
        request_outcome_date=received,
        assessment_outcome=Y,
        assessment_outcome_date=issued,
        **fields,
    )


# --- Months and periods ----------------------------------------------------------------------


def test_months_periods_and_financial_years():
    assert add_months(date(2021, 11, 1), 3) == date(2022, 2, 1)
    assert add_months(date(2022, 1, 1), -11) == date(2021, 2, 1)
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)  # a leap year
    assert month_end(date(2023, 2, 1)) == date(2023, 2, 28)
    # FY 2021-22 runs April 2021 to March 2022; April 2022 opens FY 2022-23.
    assert financial_year_start(date(2022, 3, 1)) == date(2021, 4, 1)
    assert financial_year_start(date(2022, 4, 1)) == date(2022, 4, 1)
    fytd = period_bounds(date(2022, 3, 1), Period.FINANCIAL_YEAR_TO_DATE)
    assert fytd == (date(2021, 4, 1), date(2022, 3, 31))
    # Rolling 12 months ending January 2022: February 2021 to January 2022.
    rolling = period_bounds(date(2022, 1, 1), Period.ROLLING_12_MONTHS)
    assert rolling == (date(2021, 2, 1), date(2022, 1, 31))
    with pytest.raises(ValueError, match="first day"):
        period_bounds(date(2022, 1, 15))


def test_rates_and_means_round_half_up_and_never_divide_by_zero():
    assert percent(2, 3) == Rate(66.7, 2, 3)  # 200 / 3 = 66.67
    assert percent(1, 8) == Rate(12.5, 1, 8)  # 100 / 8 = 12.5
    assert percent(1, 16) == Rate(6.3, 1, 16)  # 100 / 16 = 6.25, half up
    assert percent(0, 0) == Rate(None, 0, 0)


def test_the_week_of_the_clock_and_its_age_bands():
    received = date(2022, 1, 1)
    # Day 0 to day 7 are week 1; day 8 is week 2; 42 / 7 = week 6; 43 / 7 = 6.1, week 7.
    assert [clock_week(received, date(2022, 1, d)) for d in (1, 8, 9)] == [1, 1, 2]
    assert clock_week(received, date(2022, 2, 12)) == 6  # 31 + 11 = 42 days
    assert clock_week(received, date(2022, 2, 13)) == 7  # 43 days
    assert clock_week(received, date(2022, 5, 21)) == 20  # 31 + 28 + 31 + 30 + 20 = 140 days
    assert clock_week(received, date(2022, 5, 22)) == 21  # 141 days: late
    assert [age_band(w) for w in (1, 6, 7, 12, 13, 20, 21)] == [
        "0-6",
        "0-6",
        "7-12",
        "7-12",
        "13-20",
        "13-20",
        "over 20",
    ]


# --- Requests and decisions ------------------------------------------------------------------


def decision_cases():
    return [
        # Received 31 December, decided in January: 31 Dec -> 20 Jan is 20 days.
        case(date(2021, 12, 31), request_outcome=Y, request_outcome_date=date(2022, 1, 20)),
        # 1 Dec -> 12 Jan is 30 + 12 = 42 days: within 6 weeks.
        case(date(2021, 12, 1), request_outcome=N, request_outcome_date=date(2022, 1, 12)),
        # 1 Dec -> 13 Jan is 43 days: late.
        case(date(2021, 12, 1), request_outcome=Y, request_outcome_date=date(2022, 1, 13)),
        # Withdrawn in January: a request, but not a decision.
        case(date(2021, 12, 1), request_outcome=W, request_outcome_date=date(2022, 1, 10)),
        # 15 Nov -> 31 Dec is 15 + 31 = 46 days: late, and a December decision.
        case(date(2021, 11, 15), request_outcome=Y, request_outcome_date=date(2021, 12, 31)),
    ]


def test_requests_received_count_withdrawn_requests_in_their_month():
    cases = decision_cases()
    assert requests_received(cases, date(2021, 12, 1)) == 4  # 31 Dec and three on 1 Dec
    assert requests_received(cases, date(2021, 11, 1)) == 1
    assert requests_received(cases, date(2022, 1, 1)) == 0


def test_decisions_to_assess_and_within_6_weeks():
    cases = decision_cases()
    january = date(2022, 1, 1)
    assert decisions_to_assess(cases, january) == 2  # the Ys of 20 and 13 January
    # Decisions Y or N in January: 20 Jan (20 days), 12 Jan (42), 13 Jan (43): 2 of 3.
    assert decisions_within_6_weeks(cases, january) == Rate(66.7, 2, 3)
    assert decisions_to_assess(cases, date(2021, 12, 1)) == 1
    assert decisions_within_6_weeks(cases, date(2021, 12, 1)) == Rate(0.0, 0, 1)  # 46 days
    # February: no decisions, no rate.
    assert decisions_within_6_weeks(cases, date(2022, 2, 1)) == Rate(None, 0, 0)


# --- Professional advice ---------------------------------------------------------------------


def test_advice_within_6_weeks_by_service_and_what_is_outstanding():
    waiting = {"request_outcome": Y, "request_outcome_date": date(2022, 2, 1)}
    cases = [
        case(
            date(2022, 1, 20),
            advice=(
                Advice(EP, date(2022, 3, 1), date(2022, 4, 12)),  # 30 + 12 = 42 days: in time
                Advice(SOCIAL_CARE, date(2022, 3, 1)),  # never returned
            ),
            **waiting,
        ),
        case(
            date(2022, 1, 20),
            advice=(
                Advice(EP, date(2022, 3, 1), date(2022, 4, 13)),  # 43 days: late
                Advice(HEALTH, date(2022, 4, 1), date(2022, 4, 30)),  # 29 days
                Advice(HEALTH, date(2022, 4, 20)),  # asked 10 days before 30 April
            ),
            **waiting,
        ),
        # Issued on 20 April: its missing advice is no longer outstanding.
        plan(date(2022, 1, 3), date(2022, 4, 20), advice=(Advice(EP, date(2022, 2, 1)),)),
    ]
    april = date(2022, 4, 1)
    assert advice_within_6_weeks(cases, april) == {
        EP: Rate(50.0, 1, 2),  # 42 days in time, 43 late
        HEALTH: Rate(100.0, 1, 1),
        SOCIAL_CARE: Rate(None, 0, 0),  # none returned in April
    }
    assert advice_outstanding(cases, month_end(april)) == {
        EP: OutstandingAdvice(0, 0),
        HEALTH: OutstandingAdvice(1, 0),  # 10 days
        SOCIAL_CARE: OutstandingAdvice(1, 1),  # 1 Mar -> 30 Apr is 30 + 30 = 60 days > 42
    }
    # On 12 April the first EP advice was back that very day; the second was out 42 days (not
    # yet overdue) and the plan not yet issued still waited for 1 Feb's (70 days, overdue).
    assert advice_outstanding(cases, date(2022, 4, 12))[EP] == OutstandingAdvice(2, 1)


# --- Plans issued and the 20 weeks -----------------------------------------------------------


def june_2024_plans():
    return [
        # 1 Feb 2024 + 140 days: 28 (to 29 Feb) + 31 + 30 + 31 + 20 = 20 June: in time.
        plan(date(2024, 2, 1), date(2024, 6, 20)),
        # 21 June 2024 is day 141: late.
        plan(date(2024, 2, 1), date(2024, 6, 21)),
        # An exception: 1 Jan -> 28 Jun is 30 + 29 + 31 + 30 + 31 + 28 = 179 days, late.
        plan(date(2024, 1, 1), date(2024, 6, 28), exception=True),
    ]


def test_exactly_140_days_is_in_time_and_141_is_late_across_29_february():
    june = date(2024, 6, 1)
    twenty = issued_within_20_weeks(june_2024_plans(), june)
    assert plans_issued(june_2024_plans(), june) == 3
    assert twenty.including_exceptions == Rate(33.3, 1, 3)  # 1 in time of 3
    assert twenty.excluding_exceptions == Rate(50.0, 1, 2)  # the exception leaves both
    assert (twenty.first, twenty.last) == (date(2024, 6, 1), date(2024, 6, 30))
    # Without a 29 February the same dates are one day later: 1 Feb 2023 -> 21 June 2023 is
    # 27 + 31 + 30 + 31 + 21 = 140 days, in time.
    not_leap = issued_within_20_weeks([plan(date(2023, 2, 1), date(2023, 6, 21))], date(2023, 6, 1))
    assert not_leap.including_exceptions == Rate(100.0, 1, 1)


def test_average_weeks_to_issue():
    # (140 + 141 + 179) days = 460; 460 / 7 / 3 = 21.90 weeks.
    assert average_weeks_to_issue(june_2024_plans(), date(2024, 6, 1)) == Mean(21.9, 460, 3)
    assert average_weeks_to_issue(june_2024_plans(), date(2024, 7, 1)) == Mean(None, 0, 0)


def year_end_plans():
    return [
        plan(date(2022, 1, 1), date(2022, 3, 31)),  # 89 days: in time, last day of FY 2021-22
        plan(date(2021, 9, 1), date(2022, 4, 1)),  # 212 days: late, first day of FY 2022-23
        plan(date(2021, 3, 1), date(2021, 4, 1)),  # 31 days: in time, first day of FY 2021-22
        plan(date(2020, 9, 1), date(2021, 3, 31)),  # 211 days: late, last day of FY 2020-21
        plan(date(2021, 1, 1), date(2021, 7, 15), exception=True),  # 195 days: late
    ]


def test_financial_year_to_date_starts_on_1_april():
    fytd = Period.FINANCIAL_YEAR_TO_DATE
    march = issued_within_20_weeks(year_end_plans(), date(2022, 3, 1), period=fytd)
    # April 2021 to March 2022: 1 Apr 2021 (in), 15 Jul 2021 (exception, late), 31 Mar 2022 (in).
    assert march.including_exceptions == Rate(66.7, 2, 3)
    assert march.excluding_exceptions == Rate(100.0, 2, 2)
    # April 2022 alone: 1 Apr 2022, late.
    april = issued_within_20_weeks(year_end_plans(), date(2022, 4, 1), period=fytd)
    assert april.including_exceptions == Rate(0.0, 0, 1)
    # FY 2020-21 to March 2021: only 31 Mar 2021, late.
    before = issued_within_20_weeks(year_end_plans(), date(2021, 3, 1), period=fytd)
    assert before.including_exceptions == Rate(0.0, 0, 1)


def test_rolling_12_months_ends_with_the_month():
    rolling = Period.ROLLING_12_MONTHS
    april = issued_within_20_weeks(year_end_plans(), date(2022, 4, 1), period=rolling)
    # May 2021 to April 2022: 15 Jul 2021 (exception, late), 31 Mar 2022 (in), 1 Apr 2022
    # (late); 1 April 2021 falls outside.
    assert (april.first, april.last) == (date(2021, 5, 1), date(2022, 4, 30))
    assert april.including_exceptions == Rate(33.3, 1, 3)
    assert april.excluding_exceptions == Rate(50.0, 1, 2)
    # Ending March 2022 it is the financial year: April 2021 to March 2022, 2 of 3.
    march = issued_within_20_weeks(year_end_plans(), date(2022, 3, 1), period=rolling)
    assert march.including_exceptions == Rate(66.7, 2, 3)


def test_an_empty_month_has_no_rates():
    empty = issued_within_20_weeks([], date(2022, 5, 1))
    assert empty.including_exceptions == empty.excluding_exceptions == Rate(None, 0, 0)
    assert plans_issued([], date(2022, 5, 1)) == 0
    assert all(rate.value is None for rate in advice_within_6_weeks([], date(2022, 5, 1)).values())


# --- Plans in process (the backlog) ----------------------------------------------------------


def backlog_cases():
    return [
        # Received 31 Dec, decided 20 Jan: awaiting at the end of December, day 0 (week 1).
        case(date(2021, 12, 31), request_outcome=Y, request_outcome_date=date(2022, 1, 20)),
        # Withdrawn on 10 January: still awaiting at 31 December, 30 days (week 5).
        case(date(2021, 12, 1), request_outcome=W, request_outcome_date=date(2022, 1, 10)),
        # Assessed from 1 Dec: 29 + 31 = 60 days at 31 Dec (week 9).
        case(date(2021, 11, 1), request_outcome=Y, request_outcome_date=date(2021, 12, 1)),
        # Issued on 31 December: closed by the month's end.
        plan(date(2021, 9, 1), date(2021, 12, 31)),
        # Issued 5 January: open at 31 Dec, 29 + 31 + 30 + 31 = 121 days (week 18).
        plan(date(2021, 9, 1), date(2022, 1, 5)),
        # Assessed, waiting: 1 Jun -> 31 Dec is 29 + 31 + 31 + 30 + 31 + 30 + 31 = 213 days.
        case(date(2021, 6, 1), request_outcome=Y, request_outcome_date=date(2021, 7, 1)),
        # Refused in November, withdrawn without a date, decided before the collection,
        # decided not to issue in December, and received in January: none in December's.
        case(date(2021, 11, 1), request_outcome=N, request_outcome_date=date(2021, 11, 30)),
        case(date(2021, 7, 1), request_outcome=W),
        case(date(2021, 7, 1), request_outcome=H),
        case(
            date(2021, 10, 1),
            request_outcome=Y,
            request_outcome_date=date(2021, 10, 20),
            assessment_outcome=N,
            assessment_outcome_date=date(2021, 12, 15),
        ),
        case(date(2022, 1, 2)),
    ]


def test_plans_in_process_at_the_end_of_the_month_and_their_ages():
    backlog = plans_in_process(backlog_cases(), date(2021, 12, 1))
    assert backlog.day == date(2021, 12, 31)
    assert backlog.total == 5  # 31 Dec, 1 Dec withdrawn later, 1 Nov, 1 Sep issued later, 1 Jun
    assert backlog.awaiting_decision == 2  # 31 Dec and 1 Dec (decided in January)
    assert backlog.being_assessed == 3
    # Weeks 1 and 5; week 9; week 18; 213 days is week 31.
    assert backlog.ages == {"0-6": 2, "7-12": 1, "13-20": 1, "over 20": 1}


def test_the_backlog_a_month_later():
    backlog = plans_in_process(backlog_cases(), date(2022, 1, 1))
    # Withdrawn 10 Jan and issued 5 Jan leave; 2 January arrives.
    assert backlog.total == 4
    assert backlog.awaiting_decision == 1  # 2 January
    # 31 Dec -> 31 Jan = 31 days (week 5), 2 Jan -> 31 Jan = 29 days (week 5); 1 Nov: 91 days
    # (week 13); 1 Jun: 244 days.
    assert backlog.ages == {"0-6": 2, "7-12": 0, "13-20": 1, "over 20": 1}
    assert plans_in_process([], date(2022, 1, 1)).total == 0


# --- Annual reviews --------------------------------------------------------------------------


def test_annual_reviews_due_held_and_decided_within_4_weeks():
    cases = [
        plan(date(2021, 1, 4), date(2021, 5, 10), plan_start=date(2021, 5, 15)),  # due 15 May 22
        plan(
            date(2019, 8, 1),
            date(2019, 12, 1),
            plan_start=date(2020, 1, 1),
            last_review=date(2021, 5, 31),  # due 31 May 2022
        ),
        # Due 15 May 2022, but the plan ceased on 1 May.
        plan(
            date(2021, 1, 4),
            date(2021, 5, 10),
            plan_start=date(2021, 5, 15),
            plan_ceased=date(2022, 5, 1),
        ),
        # Meeting 3 May, decision 31 May: 28 days, in time.
        plan(
            date(2019, 1, 1),
            date(2019, 5, 1),
            plan_start=date(2019, 5, 1),
            review_meeting=date(2022, 5, 3),
            last_review=date(2022, 5, 31),
        ),
        # Meeting 20 April, decision 19 May: 10 + 19 = 29 days, late.
        plan(
            date(2019, 1, 1),
            date(2019, 5, 1),
            plan_start=date(2019, 5, 1),
            review_meeting=date(2022, 4, 20),
            last_review=date(2022, 5, 19),
        ),
        # Meeting 25 May, decision still awaited (10 April decided an earlier meeting).
        plan(
            date(2019, 1, 1),
            date(2019, 5, 1),
            plan_start=date(2019, 5, 1),
            review_meeting=date(2022, 5, 25),
            last_review=date(2022, 4, 10),
        ),
    ]
    reviews = annual_reviews(cases, date(2022, 5, 1))
    # Due in May 2022: the first plan (a year after 15 May 2021) and the second (a year after
    # its review decided 31 May 2021); not the ceased plan. The plans of 1 May 2019 reviewed
    # in May 2022 (decided 31 May and 19 May, later reviews) fell due in May though held: 4.
    # The last one's latest decision was 10 April 2022: due in April, not May.
    assert reviews.due == 4
    assert reviews.held == 2  # meetings on 3 and 25 May
    assert reviews.decided_within_4_weeks == Rate(50.0, 1, 2)  # 28 days in time, 29 late
    assert annual_reviews([], date(2022, 5, 1)).decided_within_4_weeks == Rate(None, 0, 0)


def test_a_review_held_in_the_month_it_fell_due_still_counts_as_due():
    may, june, march = date(2022, 5, 1), date(2022, 6, 1), date(2022, 3, 1)
    # First review: plan from 10 May 2021, due 10 May 2022, decided 20 May 2022.
    on_time = plan(date(2021, 1, 4), date(2021, 5, 1), plan_start=date(2021, 5, 10),
                   review_meeting=date(2022, 5, 12), last_review=date(2022, 5, 20))  # fmt: skip
    assert review_due_dates(on_time) == (date(2023, 5, 20), date(2022, 5, 10))
    assert annual_reviews([on_time], may).due == 1
    assert annual_reviews([on_time], june).due == 0
    assert annual_reviews([on_time], date(2023, 5, 1)).due == 1  # the next one
    # A first review held late: due 10 March 2022 (a year after the plan), decided in May.
    late = plan(date(2020, 11, 2), date(2021, 3, 1), plan_start=date(2021, 3, 10),
                review_meeting=date(2022, 5, 3), last_review=date(2022, 5, 20))  # fmt: skip
    assert annual_reviews([late], march).due == 1
    assert annual_reviews([late], may).due == 0
    # A later review (the plan began in 2019): its predecessor is not held, so it fell due in
    # the month it was decided, 18 May 2022, and the next is 18 May 2023.
    later = plan(date(2019, 1, 1), date(2019, 5, 1), plan_start=date(2019, 5, 1),
                 review_meeting=date(2022, 5, 4), last_review=date(2022, 5, 18))  # fmt: skip
    assert review_due_dates(later) == (date(2023, 5, 18), date(2022, 5, 18))
    assert annual_reviews([later], may).due == 1
    assert annual_reviews([later, on_time, late], may).due == 2


def test_a_review_due_a_year_after_29_february_falls_on_28_february():
    leap = plan(date(2019, 9, 1), date(2020, 1, 10), plan_start=date(2020, 2, 29))
    assert next_review_due(leap) == date(2021, 2, 28)
    assert next_review_due(case(date(2022, 1, 1))) is None  # no plan, no review


# --- Targets and their trajectory ------------------------------------------------------------

NORFOLK = [(date(2021, 12, 31), 60.0), (date(2022, 12, 31), 90.0)]


def norfolk(month):
    return target_for(month, NORFOLK, baseline_value=19.0, baseline_date=date(2020, 9, 30))


def test_the_target_runs_in_straight_lines_between_norfolks_points():
    assert norfolk(date(2021, 12, 1)) == 60.0  # read on 31 December 2021
    # 31 Dec 2021 -> 30 Jun 2022 is 31 + 28 + 31 + 30 + 31 + 30 = 181 of 365 days:
    # 60 + 30 * 181 / 365 = 74.88.
    assert norfolk(date(2022, 6, 1)) == 74.9
    # 30 Sep 2020 -> 31 Mar 2021 is 31 + 30 + 31 + 31 + 28 + 31 = 182 of 92 + 365 = 457 days:
    # 19 + 41 * 182 / 457 = 35.33.
    assert norfolk(date(2021, 3, 1)) == 35.3
    assert norfolk(date(2022, 12, 1)) == 90.0
    assert norfolk(date(2023, 3, 1)) == 90.0  # the last target holds
    assert norfolk(date(2020, 8, 1)) is None  # before the baseline
    assert norfolk(date(2020, 9, 1)) == 19.0  # the baseline's own month
    with pytest.raises(ValueError, match="after the baseline"):
        target_for(date(2021, 1, 1), NORFOLK, baseline_value=19.0, baseline_date=date(2022, 1, 1))


# --- Small numbers ---------------------------------------------------------------------------


def test_counts_of_1_to_4_are_hidden_and_zero_is_shown():
    assert [public_count(n) for n in (0, 1, 4, 5)] == [0, "c", "c", 5]
    assert public_count(9, threshold=10) == "c"


def test_no_rate_or_mean_from_fewer_than_5_people():
    assert public_figure(Rate(75.0, 3, 4)) == "c"
    assert public_figure(Rate(60.0, 3, 5)) == 60.0
    assert public_figure(Rate(None, 0, 0)) is None
    assert public_figure(Mean(20.0, 560, 4)) == "c"
    assert public_figure(Rate(75.0, 3, 4), threshold=3) == 75.0


def test_the_threshold_in_force_is_the_setting(settings):
    assert small_number_threshold() == 5  # PORTAL_SMALL_NUMBER_THRESHOLD unset
    settings.SMALL_NUMBER_THRESHOLD = 10
    assert [public_count(n) for n in (0, 5, 9, 10)] == [0, "c", "c", 10]
    assert public_figure(Rate(60.0, 3, 5)) == "c"  # from 5 people: fewer than 10
    assert public_figure(Rate(60.0, 6, 10)) == 60.0
    # 6 hidden, and the smallest other (12) with it; the total of 30 is shown.
    assert public_row([6, 12, 12]) == PublicRow(("c", "c", 12), 30)
    settings.SMALL_NUMBER_THRESHOLD = 3
    assert [public_count(n) for n in (2, 3, 4)] == ["c", 3, 4]
    assert public_figure(Rate(75.0, 3, 4)) == 75.0


def test_a_row_hides_the_next_smallest_cell_when_only_one_is_hidden():
    # 3 is hidden; 20 - 10 - 0 would give it back, so the smallest other non-zero (7) goes.
    assert public_row([3, 10, 7, 0]) == PublicRow(("c", 10, "c", 0), 20)
    # Two 6s: the first is hidden with the 1.
    assert public_row([12, 6, 6, 1]) == PublicRow((12, "c", 6, "c"), 25)
    # Two cells already hidden: no secondary suppression needed.
    assert public_row([3, 2, 10]) == PublicRow(("c", "c", 10), 15)
    # A total of 1-4 is hidden itself.
    assert public_row([2, 1]) == PublicRow(("c", "c"), "c")
    assert public_row([4, 0, 0]) == PublicRow(("c", 0, 0), "c")
    assert public_row([10, 20]) == PublicRow((10, 20), 30)


# --- One month of the framework --------------------------------------------------------------


def test_month_figures_gathers_the_measures():
    figures = month_figures(iter(june_2024_plans()), date(2024, 6, 1))
    assert figures.plans_issued == 3
    assert figures.twenty_weeks[Period.MONTH].including_exceptions == Rate(33.3, 1, 3)
    # The financial year to date is April to June 2024: the same three plans.
    assert figures.twenty_weeks[Period.FINANCIAL_YEAR_TO_DATE].excluding_exceptions == Rate(
        50.0, 1, 2
    )
    assert figures.average_weeks_to_issue == Mean(21.9, 460, 3)
    assert figures.in_process.total == 0  # all three issued by 30 June
    assert figures.requests == 0


def test_plans_decided_before_the_collection_period_are_not_in_process():
    # a legacy plan (request H, assessment H, issued years ago) and one open request
    legacy = case(
        date(2016, 3, 1),
        request_outcome=Outcome.HISTORICAL,
        assessment_outcome=Outcome.HISTORICAL,
        assessment_outcome_date=None,
        plan_start=date(2016, 7, 1),
    )
    waiting = case(date(2021, 5, 10))
    backlog = plans_in_process([legacy, waiting], date(2021, 6, 1))
    assert backlog.total == 1  # only the request still waiting for its decision
