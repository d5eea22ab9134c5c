"""A kp project: its settings (``[tool.kp]`` in pyproject.toml), its data files, its pages.

Settings are validated on load like the data files; a problem becomes a C-family
diagnostic at the file and line, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import regex

from . import datafile
from .diagnostics import Diagnostic, Severity
from .expiry import note_used
from .glossary import Glossary, load_glossary
from .statutes import Registry, load_registry

LANGUAGE_NAMES = {"en": "English", "hi": "हिन्दी", "bn": "বাংলা"}


@dataclass(frozen=True)
class Settings:
    """``[tool.kp]``: where things are and how strict the checks are."""

    docs_dir: str = "docs"
    languages: tuple[str, ...] = ("en", "hi", "bn")
    source_language: str = "en"
    glossary: str = "glossary.yml"
    legal_refs: str = "legal_refs.yml"
    dual_citation: str = "required"  # required | suggested | off
    max_page_bytes: int = 5_000_000
    max_page_seconds: float = 10.0
    cache_dir: str = ".kp-cache"


_SETTING_TYPES = {
    "docs_dir": str,
    "languages": list,
    "source_language": str,
    "glossary": str,
    "legal_refs": str,
    "dual_citation": str,
    "max_page_bytes": int,
    "max_page_seconds": (int, float),
    "cache_dir": str,
}


@dataclass
class Project:
    root: Path
    settings: Settings = field(default_factory=Settings)
    diagnostics: list[Diagnostic] = field(default_factory=list)  # configuration problems
    glossary: Glossary = field(default_factory=Glossary)
    registry: Registry = field(default_factory=Registry)
    fingerprint: str = ""  # changes whenever anything that affects findings changes
    code_digest: str = ""  # kp's code and the settings
    data_digests: dict = field(default_factory=dict)  # "glossary"/"registry" -> digest of the file
    memo: dict = field(default_factory=dict, repr=False)  # compiled patterns, built once per run

    @property
    def docs_dir(self) -> Path:
        return self.root / self.settings.docs_dir

    @property
    def resolved_docs(self) -> Path:
        """``docs_dir`` with links resolved (asked for once per page, so kept)."""
        if "resolved_docs" not in self.memo:
            self.memo["resolved_docs"] = self.docs_dir.resolve()
        return self.memo["resolved_docs"]

    def relative(self, path: Path) -> str:
        try:
            return os.path.relpath(path)  # from the current folder
        except ValueError:
            return str(path)

    def language_of(self, path: Path) -> str | None:
        """The language folder a page is in, or None if it is in no configured one.

        Inside ``docs_dir`` the first folder names the language; elsewhere (fixtures,
        drafts) the nearest enclosing folder that is a configured language does.
        """
        path = path.resolve()
        try:
            first = path.relative_to(self.resolved_docs).parts[0]
            return first if first in self.settings.languages else None
        except (ValueError, IndexError):
            pass
        for parent in path.parents:
            if parent.name in self.settings.languages:
                return parent.name
        return self.settings.source_language

    def pages(self) -> list[Path]:
        return sorted(self.docs_dir.rglob("*.md")) if self.docs_dir.is_dir() else []

    def translation_of(self, path: Path, lang: str, *, resolved: bool = False) -> Path | None:
        """The same page in another language folder (``resolved``: ``path`` has no links left)."""
        try:
            relative = (path if resolved else path.resolve()).relative_to(self.resolved_docs)
        except ValueError:
            return None
        if not relative.parts or relative.parts[0] not in self.settings.languages:
            return None
        return self.docs_dir / lang / Path(*relative.parts[1:])

    @property
    def today(self) -> dt.date:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if epoch and epoch.isdigit():
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        return dt.date.today()


def find_root(start: Path) -> Path:
    """The nearest folder at or above ``start`` with a pyproject.toml declaring ``[tool.kp]``."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                if "[tool.kp]" in candidate.read_text(encoding="utf-8"):
                    return folder
            except (OSError, UnicodeDecodeError):
                continue
    return start


def _config_diagnostic(error: datafile.DataFileError) -> Diagnostic:
    path = error.path
    try:
        path = os.path.relpath(error.path, Path.cwd())
    except ValueError:
        pass
    return Diagnostic(path, error.line, error.column, error.code, Severity.ERROR, error.message)


def _line_of_key(text: str, key: str) -> int:
    match = regex.search(rf"(?m)^\s*{regex.escape(key)}\s*=", text)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / "pyproject.toml"
    if not path.is_file():
        return Settings(), []
    shown = os.path.relpath(path, Path.cwd())
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        return Settings(), [Diagnostic(shown, 1, 1, "C001", Severity.ERROR, f"cannot read: {error}")]
    except tomllib.TOMLDecodeError as error:
        where = regex.search(r"line (\d+), column (\d+)", str(error))
        line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
        return Settings(), [
            Diagnostic(shown, line, column, "C001", Severity.ERROR, f"not valid TOML: {error}; fix the syntax on this line")
        ]
    raw = data.get("tool", {}).get("kp", {})
    problems = []
    values = {}
    for key, value in raw.items():
        line = _line_of_key(text, key)
        if key not in _SETTING_TYPES:
            problems.append(Diagnostic(shown, line, 1, "C002", Severity.ERROR,
                                       f"tool.kp.{key}: unknown setting; expected one of: {', '.join(sorted(_SETTING_TYPES))}"))
            continue
        if not isinstance(value, _SETTING_TYPES[key]) or isinstance(value, bool):
            problems.append(Diagnostic(shown, line, 1, "C002", Severity.ERROR, f"tool.kp.{key}: wrong type {type(value).__name__}"))
            continue
        values[key] = tuple(value) if isinstance(value, list) else value
    settings = Settings(**values)
    for lang in settings.languages:
        if lang not in LANGUAGE_NAMES:
            problems.append(Diagnostic(shown, _line_of_key(text, "languages"), 1, "C002", Severity.ERROR,
                                       f"tool.kp.languages: {lang!r} is not a language kp supports ({', '.join(LANGUAGE_NAMES)})"))
    if settings.source_language not in settings.languages:
        problems.append(Diagnostic(shown, _line_of_key(text, "source_language"), 1, "C002", Severity.ERROR,
                                   "tool.kp.source_language: must be one of the configured languages"))
    if settings.dual_citation not in ("required", "suggested", "off"):
        problems.append(Diagnostic(shown, _line_of_key(text, "dual_citation"), 1, "C002", Severity.ERROR,
                                   "tool.kp.dual_citation: must be 'required', 'suggested' or 'off'"))
    return settings, problems


def _read_data(path: Path) -> tuple[datafile.DataFile | None, list[datafile.DataFileError], bytes]:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [datafile.DataFileError(str(path), 1, "file not found; create it (see README, 'Data files')")], b""
    except OSError as error:
        return None, [datafile.DataFileError(str(path), 1, f"cannot read: {error.strerror}")], b""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [datafile.DataFileError(str(path), line, "not UTF-8 text; save the file as UTF-8")], raw
    try:
        return datafile.load(str(path), text), [], raw
    except datafile.DataFileError as error:
        return None, [error], raw


def _package_digest() -> str:
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


def load_project(root: Path | None = None) -> Project:
    """Read the settings, glossary and registry of the project at (or above) ``root``."""
    root = find_root(root or Path.cwd())
    settings, problems = load_settings(root)
    project = Project(root=root, settings=settings, diagnostics=list(problems))
    digest = hashlib.sha256(_package_digest().encode())
    digest.update(repr(settings).encode())
    project.code_digest = digest.hexdigest()
    for name, loader, attribute in (
        (settings.glossary, lambda loaded, raw: _load_glossary(project, loaded, raw), "glossary"),
        (settings.legal_refs, lambda loaded, raw: load_registry(loaded), "registry"),
    ):
        loaded, errors, raw = _read_data(root / name)
        digest.update(raw)
        project.data_digests[attribute] = hashlib.sha256(raw).hexdigest()
        if loaded is not None:
            value, errors = loader(loaded, raw)
            setattr(project, attribute, value)
        project.diagnostics.extend(_config_diagnostic(e) for e in errors)
    project.fingerprint = digest.hexdigest()
    project.diagnostics.sort()
    return project


def _load_glossary(project: Project, loaded, raw: bytes):
    """The glossary, its examples run only the first time this code reads this very file.

    Running every example through the matchers is most of the glossary's loading time, and
    every process of a build loads it; a note in the cache says a file's examples all held.
    """
    key = hashlib.sha256(project.code_digest.encode() + b"\0" + raw).hexdigest()
    note = project.root / project.settings.cache_dir / "glossary-examples" / key
    held = note.is_file()
    glossary, errors = load_glossary(loaded, examples_hold=held)
    if held or not errors:
        note_used(note)  # and the notes of glossaries unused for a week go
    return glossary, errors


_LOADED: dict = {}


def _stamp(path: Path) -> tuple:
    try:
        status = path.stat()
        return (path.name, status.st_size, status.st_mtime_ns)
    except OSError:
        return (path.name, None, None)


def settings_files(root: Path, settings: Settings) -> tuple[Path, ...]:
    """The files a project's settings and data are read from: pyproject.toml, the glossary, the registry."""
    return tuple(root / name for name in ("pyproject.toml", settings.glossary, settings.legal_refs))


def load_project_once(root: Path) -> Project:
    """:func:`load_project`, reused while the settings and data files stay as they were.

    A website build asks for the project once per language and plugin; reading and checking
    the glossary and the registry each time would cost more than a one-page rebuild.
    """
    root = find_root(root)
    settings, _ = load_settings(root)
    stamp = tuple(_stamp(path) for path in settings_files(root, settings))
    loaded = _LOADED.get(root)
    if loaded is None or loaded[0] != stamp:
        loaded = _LOADED[root] = (stamp, load_project(root))
    return loaded[1]


def docs_snapshot(project: Project) -> tuple:
    """The files of the docs tree with their sizes and times: equal snapshots, unchanged pages.

    Walked with ``os.scandir``, one ``stat`` a file: a website build takes a snapshot for
    each language it builds.
    """
    found, folders = [], [str(project.docs_dir)]
    while folders:
        try:
            entries = list(os.scandir(folders.pop()))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):  # as rglob: no loops through links
                    folders.append(entry.path)
                elif entry.is_file():
                    status = entry.stat()
                    found.append((entry.path, status.st_size, status.st_mtime_ns))
            except OSError:
                continue
    return tuple(sorted(found))
