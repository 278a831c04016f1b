"""The real DfE files (unmodified copies in fixtures/dfe/), and small files made in their layout."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

#: unmodified copies of ../shared/data/dfe/ (pinned by SHA256SUMS), so a fresh clone has them
DFE = Path(__file__).resolve().parents[2] / "fixtures" / "dfe"
ZIP_2025 = DFE / "education-health-and-care-plans_2025.zip"
ZIP_2022 = DFE / "education-health-and-care-plans_2022.zip"
MI_2023 = DFE / "sen2_mi_2023_release.csv"


def member(zip_path: Path, name: str) -> bytes:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.read(name)


TIMELINESS_HEADER = (
    "time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
    "region_name,new_la_code,old_la_code,la_name,breakdown_topic,breakdown,plans_issued_den,"
    "plans_issued_den_ex,plans_issued_within_20_weeks,plans_issued_20_weeks_ex,"
    "pc_plans_issued_within_20_weeks,PC_plans_issued_20_weeks_ex"
)
ALL = "All EHC plans issued,All EHC plans issued"
EAST = "E12000006,East of England"


def timeliness_rows(
    *, england=(300, 280, 150, 140, "50", "50"), region=None, las=None, period="2024"
) -> list[str]:
    """England, the East of England and two of its LAs (numbers given as tuples)."""
    region = region or england
    las = las or [(100, 90, 50, 45, "50", "50"), (200, 190, 100, 95, "50", "50")]
    start = f"{period},Calendar year"
    rows = [f"{start},National,E92000001,England,,,,,,{ALL},{','.join(map(str, england))}"]
    rows.append(f"{start},Regional,E92000001,England,{EAST},,,,{ALL},{','.join(map(str, region))}")
    codes = [("E10000020", "926", "Norfolk"), ("E10000029", "935", "Suffolk")]
    for (code, old, name), values in zip(codes, las, strict=False):
        rows.append(
            f"{start},Local authority,E92000001,England,{EAST},{code},{old},{name},{ALL},"
            + ",".join(map(str, values))
        )
    return rows


def timeliness_csv(rows: list[str] | None = None, header: str = TIMELINESS_HEADER) -> bytes:
    rows = timeliness_rows() if rows is None else rows
    return ("\ufeff" + header + "\n" + "\n".join(rows) + "\n").encode("utf-8")


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()
