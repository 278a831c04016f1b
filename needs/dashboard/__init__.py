"""An area's needs dashboard: DfE's EHC plan figures compared with its region, England and
statistical neighbours (docs/adr/0011-needs-comparisons.md).

On the pure comparison maths of :mod:`needs.comparisons` (a figure is a
:class:`~needs.comparisons.Cell`; a neighbour group's value is a ratio of summed counts):

- :mod:`~needs.dashboard.reads`: the area's comparators (its geography, region, England and
  neighbours, chosen or the default group), the latest years, and one query per section into
  :class:`~needs.comparisons.Figures`. DfE figures are national open data; the only
  area-owned rows read are the area's chosen neighbours, through ``for_access``.
- :mod:`~needs.dashboard.sections` and :mod:`~needs.dashboard.summary`, pure: each section's
  figures as :class:`core.charts.Chart` objects (the takeaway, the figure and the same numbers
  as a table) with the source releases and notes; the summary table with the area's ranks.
- :mod:`~needs.dashboard.context` (the comparators, the measures each part shows) and
  :mod:`~needs.dashboard.wording` (DfE's marks, source lines, captions), pure.
- :mod:`~needs.dashboard.page`: the page and each chart's download, a read handed to its
  builder.
"""

from needs.comparisons import NEIGHBOURS
from needs.dashboard.page import SUMMARY_SLUG, dashboard, download_table
from needs.dashboard.reads import comparators
from needs.dashboard.summary import NOT_RANKED
from needs.dashboard.wording import MARKER_KEY, source_line

__all__ = [
    "MARKER_KEY",
    "NEIGHBOURS",
    "NOT_RANKED",
    "SUMMARY_SLUG",
    "comparators",
    "dashboard",
    "download_table",
    "source_line",
]
