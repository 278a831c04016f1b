"""Reading an upload of the SEN2 importer: the zip or the CSV files, each recognised as a module.

Also what an import refuses with: :class:`Problem` (module, row, field) and
:class:`ImportRefused`, at most ``MAX_PROBLEMS`` of them per module.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.conf import settings

from ehcp.sen2_format import MODULES, Module, module_for_file

MAX_PROBLEMS = 20  # per module
REQUIRED = ("person", "requests", "assessment", "named_plan", "active_plans", "sen_need")
#: checked, nothing kept from them (the header gives the LA and the extract's date)
NOT_KEPT = ("header", "plan_detail", "placement_detail")


@dataclass(frozen=True)
class Problem:
    """Why an upload was refused: module (or file), row (the header is row 1), field."""

    module: str
    message: str
    row: int | None = None
    field: str = ""
    file: str = ""

    def __str__(self) -> str:
        where = [self.file or self.module]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field:
            where.append(f"field {self.field}")
        return f"{', '.join(where)}: {self.message}"

    def as_dict(self) -> dict:
        return {
            "module": self.module,
            "file": self.file,
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


class ImportRefused(Exception):
    """The upload cannot be imported; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems[:5]))


@dataclass
class Source:
    """One module's file in the upload."""

    name: str  # as uploaded: a file name, or a path inside the zip
    data: bytes
    module: Module


@dataclass
class Upload:
    sources: dict[str, Source]  # module name -> its file
    problems: list[Problem]  # missing or doubled modules, CSV files that are no module
    notes: list[str]  # what was left out, and why


def max_upload_bytes() -> int:
    """The largest upload (a zip, or all the CSV files together): ``PORTAL_MAX_UPLOAD_BYTES``."""
    return settings.NEEDS_MAX_UPLOAD_BYTES


def fingerprint(files: list[tuple[str, bytes]]) -> str:
    """SHA-256 of a single file, or of the names and hashes of several."""
    if len(files) == 1:
        return hashlib.sha256(files[0][1]).hexdigest()
    parts = sorted(f"{name}:{hashlib.sha256(data).hexdigest()}" for name, data in files)
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def read_upload(files: list[tuple[str, bytes]]) -> Upload:
    """Each module's file in an upload: one zip, or CSV files. Sizes are checked first."""
    if not files:
        raise ImportRefused([Problem("", "Choose the extract's zip file or its CSV files")])
    limit = max_upload_bytes()
    names = ", ".join(name for name, _ in files)[:200]
    if sum(len(data) for _, data in files) > limit:
        raise ImportRefused(
            [Problem("", f"The upload is larger than {limit // 2**20} MB", file=names)]
        )
    zips = [(n, d) for n, d in files if n.lower().endswith(".zip")]
    if zips and len(files) > 1:
        raise ImportRefused(
            [Problem("", "Upload one zip file, or the CSV files without a zip", file=names)]
        )
    notes: list[str] = []
    problems: list[Problem] = []
    if zips:
        members, notes = _read_zip(*zips[0])
        in_zip = True
    else:
        members, in_zip = files, False
    sources: dict[str, Source] = {}
    for name, data in members:
        module = module_for_file(name) if name.lower().endswith(".csv") else None
        if module is None:
            if in_zip:
                notes.append(f"{name}: not a module of the SEN2 extract, so not read")
            else:
                problems.append(
                    Problem(
                        "",
                        "This is not a module of the SEN2 extract: upload CSV files named "
                        "after their module (person.csv, requests.csv...) or the zip of them",
                        file=name,
                    )
                )
            continue
        if module.name in sources:
            problems.append(
                Problem(
                    module.name,
                    f"Two files hold the {module.name} module: "
                    f"{sources[module.name].name} and this one",
                    file=name,
                )
            )
            continue
        sources[module.name] = Source(name, data, module)
    if not sources and not problems:
        raise ImportRefused(
            [
                Problem(
                    "",
                    "Nothing to import: the upload holds none of the SEN2 modules "
                    "(person.csv, requests.csv, assessment.csv...)",
                    file=names,
                )
            ]
        )
    for name in REQUIRED:
        if name not in sources:
            module = MODULES[name]
            problems.append(
                Problem(name, f"The extract has no {module.file_name}", file=module.file_name)
            )
    for name in ("plan_detail", "placement_detail"):
        if name in sources:
            notes.append(f"{sources[name].name}: checked; the portal keeps nothing from it")
    return Upload(sources, problems, notes)


def _hidden(path: str) -> bool:
    base = path.rsplit("/", 1)[-1]
    return path.startswith("__MACOSX/") or base.startswith(".")


def _read_zip(name: str, data: bytes) -> tuple[list[tuple[str, bytes]], list[str]]:
    limit = settings.NEEDS_MAX_UNCOMPRESSED_BYTES
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = [i for i in archive.infolist() if not i.is_dir() and not _hidden(i.filename)]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError):
        raise ImportRefused(
            [Problem("", "The zip file is damaged and cannot be opened", file=name)]
        ) from None
    members = [i for i in infos if i.filename.lower().endswith(".csv")]
    notes = [f"{i.filename}: not a CSV file, so not read" for i in infos if i not in members]
    if not members:
        raise ImportRefused(
            [Problem("", "Nothing to import: the zip file holds no CSV files", file=name)]
        )
    total = sum(i.file_size for i in members)
    if total > limit or any(i.file_size > 200 * max(i.compress_size, 1) for i in members):
        raise ImportRefused(
            [
                Problem(
                    "",
                    f"The zip file expands to more than it should ({limit // 2**20} MB)",
                    file=name,
                )
            ]
        )
    files = []
    for info in members:
        try:
            files.append((info.filename, archive.read(info)))
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise ImportRefused(
                [Problem("", "This file in the zip cannot be read", file=info.filename)]
            ) from None
    return files, notes
