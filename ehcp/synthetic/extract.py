"""A generated extract: each module's rows as the case system exports them, the
:class:`ehcp.cases.Case` records an import of it gives, and its CSV and zip writers."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date
from functools import cached_property
from pathlib import Path

from ehcp.cases import Case
from ehcp.sen2_format import MODULES
from ehcp.synthetic.params import Params


class Extract:
    """One LA's extract: rows of each module in export column order, as text."""

    def __init__(self, params: Params, rows: dict[str, list[tuple[str, ...]]], build):
        self.params, self.rows, self._build = params, rows, build

    @cached_property
    def cases(self) -> list[Case]:
        """The Case records an import of this extract gives."""
        return self._build()

    def csv_bytes(self, module: str) -> bytes:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(MODULES[module].columns)
        writer.writerows(self.rows[module])
        return out.getvalue().encode("utf-8")


def write_csv(extract: Extract, folder: Path | str) -> list[Path]:
    """Write one CSV per module into ``folder`` (created if need be)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / m.file_name for m in MODULES.values()]
    for name, path in zip(MODULES, paths, strict=True):
        path.write_bytes(extract.csv_bytes(name))
    return paths


def write_zip(extract: Extract, path: Path | str) -> Path:
    """Write the extract as one zip of CSVs, byte for byte the same for the same seed."""
    path = Path(path)
    stamp = max(extract.params.taken, date(1980, 1, 1)).timetuple()[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, module in MODULES.items():
            info = zipfile.ZipInfo(module.file_name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, extract.csv_bytes(name))
    return path
