"""Demo EHC case data: synthetic extracts (never real children) for the demo areas,
imported as a council would, with Norfolk's targets and each closed month frozen."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from core.models import Area
from ehcp import services, snapshots, synthetic
from ehcp.models import ImportStatus, Target
from ehcp.sen2_format import MODULES

#: area slug -> the generator's parameters, calibrated to Norfolk's 2020-21 figures
#: (seeds/001) and scaled for the smaller areas
PARAMS = {
    "norfolk": synthetic.NORFOLK_2020_21,
    "nottinghamshire": dataclasses.replace(
        synthetic.NORFOLK_2020_21, la_code="E10000024", seed=2, scale=0.5
    ),
    "north-yorkshire": dataclasses.replace(
        synthetic.NORFOLK_2020_21, la_code="E10000023", seed=3, scale=0.45
    ),
}
#: Norfolk's targets for plans issued within 20 weeks (seeds/001, item 9)
NORFOLK_TARGETS = [(date(2021, 12, 31), Decimal(60)), (date(2022, 12, 31), Decimal(90))]


class DemoDataError(Exception):
    pass


def load_case_data() -> list[str]:
    lines = []
    for slug, params in PARAMS.items():
        area = Area.objects.filter(slug=slug).first()
        if area is None:
            continue
        extract = synthetic.generate(params)
        files = [(module.file_name, extract.csv_bytes(name)) for name, module in MODULES.items()]
        record = services.import_extract(area=area, files=files)
        if record.status != ImportStatus.DONE:
            raise DemoDataError(f"{slug}: {record.errors[:3]}")
        frozen = snapshots.freeze_closed_months(area)
        lines.append(f"{area.name}: {len(extract.cases):,} requests; {len(frozen)} months frozen")
    norfolk = Area.objects.filter(slug="norfolk").first()
    if norfolk:
        for due, value in NORFOLK_TARGETS:
            Target.objects.get_or_create(
                area=norfolk, measure="issued_20_weeks_ex", due=due, defaults={"value": value}
            )
    return lines
