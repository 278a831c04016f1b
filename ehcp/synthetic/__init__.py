"""Synthetic SEN2 person-level extracts: seeded, realistic, of any size.

``generate(params)`` simulates one local authority's EHC needs assessments over
``params.start``..``params.end`` and returns an :class:`Extract`: the rows of
every module of :mod:`ehcp.sen2_format` (plus the local ``advice`` module) and
the equivalent :class:`ehcp.cases.Case` records. ``write_csv`` and
``write_zip`` write it as a case system would, one CSV per module. The same
parameters and seed always give the same bytes.

The model, month by month:

* requests arrive at ``monthly_requests`` a month, with a seasonal profile
  (few in August and December), an annual ``trend`` and optional ``shocks``
  (e.g. the first Covid-19 lockdown); ~``withdrawn`` are withdrawn before a
  decision, the rest decided, mostly within 6 weeks; ``conversion`` of those
  decided proceed to assessment, and ``issue_share`` of assessments end in a plan;
* the authority issues ``capacity`` plans a month (a path; by default just
  enough to hold its backlog steady). Of them, the share the ``target`` path
  gives at that month are cases reaching week 20 that month, issued in time;
  the rest come from the backlog of overdue cases, oldest first (roughly).
  So plans issued and the 20-week rate follow the two paths, and the
  backlog (``backlog`` overdue cases at the start) drains or grows between them;
* advice (educational psychology slowest) is asked for on the decision to
  assess; plans start on issue; ~``exceptions`` have 20-week exceptions;
  annual reviews fall due 12 months after issue or the last review, some held
  late, some decided more than 4 weeks after the meeting; plans cease at rates
  by age (at 25 at the latest);
* ``active_plans`` plans older than the period are active at its start (their
  request and assessment outcomes are coded H, historical).

The extract is as at ``end``: events after it have not happened (outcome A,
dates blank). It holds every request received in the period, every request
still open at its start and every plan active in it. Outcomes decided before
``start`` are coded H. Persons are obviously fake: surnames such as
"Example", postcodes ``ZZ99``, UPNs ``Z999`` + digits, ULNs ``99`` + digits.

A large authority for benchmarks: ``Params(la_code=..., start=date(2020, 1, 1),
end=date(2024, 12, 31), monthly_requests=330, active_plans=20_000)`` (~44,000
requests, ~1.5 s to generate, ~1 s to zip), or a preset with ``scale``.
"""

from __future__ import annotations

from collections.abc import Callable

from ehcp.synthetic.extract import Extract, write_csv, write_zip
from ehcp.synthetic.params import (
    NORFOLK_2020_21,
    PRESETS,
    SURNAMES,
    DatePath,
    Params,
    along,
)
from ehcp.synthetic.simulation import _Simulation

__all__ = [
    "NORFOLK_2020_21",
    "PRESETS",
    "SURNAMES",
    "DatePath",
    "Extract",
    "Params",
    "along",
    "generate",
    "write_csv",
    "write_zip",
]


def generate(params: Params, *, person_key: Callable[[str], str] | None = None) -> Extract:
    """Simulate ``params`` and return the extract.

    ``Case.person`` is the export's person id, or ``person_key(upn)`` if given
    (as an importer would: a keyed hash of the UPN).
    """
    sim = _Simulation(params)
    sim.run()
    return sim.extract(person_key)
