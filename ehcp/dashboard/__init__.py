"""The EHCP timeliness pages, pure: cases in, sections of charts out (no ORM, no request).

Every figure comes from :mod:`ehcp.measures` and :mod:`ehcp.forecast` on the area's
:class:`~ehcp.cases.Case` records, read once by :func:`ehcp.selectors.cases_for`.

- :mod:`~ehcp.dashboard.common`: sections, words, and :func:`timeline` (the day the data runs
  to, its latest complete month, the months with figures).
- :mod:`~ehcp.dashboard.timeliness`: :func:`timeliness_sections`, the dashboard for a month;
  each chart has its takeaway, the same numbers as a table and a download name.
- :mod:`~ehcp.dashboard.ahead`: :func:`flight_board_page` and :func:`forecast_page`.
- :mod:`~ehcp.dashboard.case_list`: :func:`case_rows`, the pseudonymised case list with its
  data-quality flags.
"""

from ehcp.dashboard.ahead import (
    FLIGHT_BOARD_CHARTS,
    FORECAST_CHARTS,
    FlightBoardPage,
    ForecastPage,
    assumption_lines,
    flight_board_page,
    forecast_page,
)
from ehcp.dashboard.case_list import FLAGS, CaseRow, case_flags, case_rows, flag_counts, with_flag
from ehcp.dashboard.common import Section, Timeline, month_label, month_name, timeline
from ehcp.dashboard.timeliness import PERIODS, TIMELINESS_CHARTS, Relevant, timeliness_sections

__all__ = [
    "FLAGS",
    "FLIGHT_BOARD_CHARTS",
    "FORECAST_CHARTS",
    "PERIODS",
    "TIMELINESS_CHARTS",
    "CaseRow",
    "FlightBoardPage",
    "ForecastPage",
    "Relevant",
    "Section",
    "Timeline",
    "assumption_lines",
    "case_flags",
    "case_rows",
    "flag_counts",
    "flight_board_page",
    "forecast_page",
    "month_label",
    "month_name",
    "timeline",
    "timeliness_sections",
    "with_flag",
]
