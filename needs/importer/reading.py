"""Reading an upload: the problems that refuse it, its CSV files, and what each file is.

``read_upload`` opens the upload (one CSV, or the CSVs inside a DfE release zip, within
the size limits); ``recognise`` reads one file's text and header and finds its
``needs.catalog`` spec, refusing a file that is not UTF-8 CSV or lacks a column the
spec needs. ``Problem``, ``ImportRefused`` and ``FileOutcome`` are what the rest of the
importer reports with.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from django.conf import settings

from needs.catalog import GEOGRAPHY_COLUMNS, FileSpec, spec_for


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "row": self.row, "column": self.column, "message": self.message}


class ImportRefused(Exception):
    """The upload cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass
class CsvFile:
    name: str
    data: bytes
    #: a file inside a zip: skipped, not refused, when it is not DfE open data
    in_zip: bool = False


class NotOpenData(ImportRefused):
    """The CSV does not have the columns every DfE open-data file has."""


@dataclass
class FileOutcome:
    file: str
    kind: str = ""
    description: str = ""
    rows: int = 0
    figures: int = 0
    skipped: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return dict(self.__dict__)


# -- reading the upload ---------------------------------------------------------------


#: ``SourceFile.name`` and ``ConsistencyIssue.file_name``
MAX_NAME = 255


def max_upload_bytes() -> int:
    return settings.NEEDS_MAX_UPLOAD_BYTES


def read_upload(name: str, data: bytes) -> list[CsvFile]:
    """The CSV files of an upload: the file itself, or the CSVs inside a zip."""
    limit = max_upload_bytes()
    if len(data) > limit:
        raise ImportRefused([Problem(name, f"The file is larger than {limit // 2**20} MB")])
    if data[:4] == b"PK\x03\x04":
        return _read_zip(name, data)
    if not name.lower().endswith(".csv"):
        raise ImportRefused(
            [Problem(name, "The file must be a CSV file or a zip file of CSV files from DfE")]
        )
    return [CsvFile(name, data)]


def _read_zip(name: str, data: bytes) -> list[CsvFile]:
    limit = settings.NEEDS_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
    except zipfile.BadZipFile:
        raise ImportRefused(
            [Problem(name, "The zip file is damaged and cannot be opened")]
        ) from None
    if not members:
        raise ImportRefused([Problem(name, "The zip file holds no CSV files")])
    long_names = [i.filename for i in members if len(i.filename) > MAX_NAME]
    if long_names:
        raise ImportRefused(
            [
                Problem(
                    name,
                    f"The file {n[:40]!r}... in the zip has a name longer than "
                    f"{MAX_NAME} characters ({len(n):,}): rename it",
                )
                for n in long_names
            ]
        )
    total = sum(i.file_size for i in members)
    if total > limit or any(i.file_size > 200 * max(i.compress_size, 1) for i in members):
        raise ImportRefused(
            [Problem(name, f"The zip file expands to more than it should ({limit // 2**20} MB)")]
        )
    files = []
    for info in members:
        try:
            files.append(CsvFile(info.filename, archive.read(info), in_zip=True))
        except (zipfile.BadZipFile, OSError, RuntimeError):
            raise ImportRefused(
                [Problem(info.filename, "This file in the zip cannot be read")]
            ) from None
    return files


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


RELEASE_YEAR_IN_NAME = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def release_year_from_name(name: str) -> int | None:
    match = RELEASE_YEAR_IN_NAME.search(PurePosixPath(name).name)
    return int(match.group(1)) if match else None


# -- one CSV: text, header, spec -----------------------------------------------------


def _text(file: CsvFile) -> str:
    data = file.data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        row = data[: error.start].count(b"\n") + 1
        raise ImportRefused(
            [Problem(file.name, "The file is not UTF-8 text (save it as CSV UTF-8)", row=row)]
        ) from None


def _no_nul(file: CsvFile, text: str, header: list[str]) -> None:
    """PostgreSQL text cannot hold NUL; say where it is rather than "not UTF-8"."""
    at = text.find("\x00")
    if at < 0:
        return
    row = text.count("\n", 0, at) + 1
    # Only "\n" ends a CSV record: str.splitlines() would also split at \x1c-\x1e,
    # \x85 and U+2028, and so name the wrong cell.
    end = text.find("\n", at)
    line = text[text.rfind("\n", 0, at) + 1 : end if end >= 0 else len(text)]
    cells = next(csv.reader([line]), [])
    column = next((header[i] for i, c in enumerate(cells) if "\x00" in c and i < len(header)), "")
    raise ImportRefused(
        [
            Problem(
                file.name, "The value holds a NUL character: this is not a text file", row, column
            )
        ]
    )


def _header(file: CsvFile, text: str) -> tuple[list[str], str]:
    stripped = text.lstrip()
    if stripped[:1] == "<":
        raise ImportRefused([Problem(file.name, "This is a web page, not a CSV file")])
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
        first = next(reader, [])
    except (StopIteration, csv.Error):
        raise ImportRefused(
            [Problem(file.name, "The file is empty or not a CSV file", row=1)]
        ) from None
    time_identifier = ""
    if "time_identifier" in header and len(first) == len(header):
        time_identifier = first[header.index("time_identifier")].strip()
    return header, time_identifier


def recognise(file: CsvFile) -> tuple[FileSpec | None, list[str], str, list[str]]:
    """The file's spec (None if the portal keeps nothing from it), header, text and notes."""
    text = _text(file)
    header, time_identifier = _header(file, text)
    present = set(header)
    missing = [c for c in GEOGRAPHY_COLUMNS if c not in present]
    if len(missing) == len(GEOGRAPHY_COLUMNS):
        raise NotOpenData(
            [
                Problem(
                    file.name,
                    "This is not a DfE open-data file: it has none of the columns "
                    "time_period, geographic_level, new_la_code",
                    row=1,
                )
            ]
        )
    if missing:
        raise ImportRefused(
            [Problem(file.name, "The column is missing", row=1, column=c) for c in missing]
        )
    notes = []
    seen = set()
    for name in header:
        if name in seen:
            notes.append(f"Column {name} appears twice; the first is used")
        seen.add(name)
    _no_nul(file, text, header)
    spec = spec_for(present, time_identifier)
    if spec:
        absent = [c for c in spec.columns if c not in present]
        absent += [c for c in spec.breakdown if c not in present]
        if absent:
            raise ImportRefused(
                [Problem(file.name, "The column is missing", row=1, column=c) for c in absent]
            )
    return spec, header, text, notes
