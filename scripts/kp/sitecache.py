"""Reusing the work of earlier website builds for the pages a change did not touch.

MkDocs rebuilds every page of every language on each build, and every page carries the whole
navigation, so a 500-chapter library takes a minute to build after a one-word edit. Each
expensive step of a page's build is a function of inputs that can be named, so its result is
kept in a content-addressed store under ``.kp-cache/site/`` and looked up by a digest of
those inputs:

* the annotated Markdown (tooltips): of the page's Markdown, its path and language, and the
  project (kp itself, settings, glossary.yml, legal_refs.yml);
* the rendered HTML, table of contents and title: of the Markdown as it is rendered, the
  page's URL, every file's URL (links are rewritten against them), the configuration and
  the versions of MkDocs, the theme and the Markdown extensions;
* the finished HTML file: of the above, the page's title, metadata and contents, and the
  whole navigation (every page carries it);
* the search entries: of the page's URL, title and HTML, and kp's code;
* a language's search index: of its pages' search entries, in order;
* a whole language's folder of the site, built after the default language's: of everything
  its build reads (:func:`language_inputs`), taken from the published build, which records
  it in :data:`LANGUAGES_RECORD`.

A digest covers everything the step reads, so a reused result is the result the step would
give. Results of a step that logged a warning are not kept, so ``--strict`` sees the warning
again. Each configuration and language keeps its steps in a folder of its own (named after
its environment digest); a complete build removes the entries of its folders that it did
not use, and the folders of other configurations go once no build has used them for a
week (:mod:`kp.expiry`). The search entries and indexes, quick to make again, are kept in
one folder that every complete build prunes.

This module holds the store and the digests; :mod:`kp.mkdocs_plugins.pages` hands MkDocs'
objects to it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from importlib import metadata
from pathlib import Path

PACKAGES = ("mkdocs", "mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions", "markdown")


def digest(*parts) -> str:
    """A digest of JSON-able ``parts`` (their order matters)."""
    data = json.dumps(parts, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _tree_digest(folder: Path) -> str:
    sha = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        sha.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return sha.hexdigest()


def steps_folder(root: Path, cache_dir: str, use_directory_urls: bool, kind: str = "") -> Path:
    """Where the site's steps of one kind (pages' by default, ``search``) are kept: apart for
    folder URLs and file URLs, which give different HTML."""
    variant = "directory-urls" if use_directory_urls else "file-urls"
    return root / cache_dir / "site" / (f"{kind}-{variant}" if kind else variant)


def environment_digest(config_files: list[Path], theme_dirs: list[str], fingerprint: str) -> str:
    """What every page's build depends on beyond its own inputs.

    The configuration files as written, every theme folder's files (kp's overrides, a
    ``custom_dir``), the installed versions of MkDocs, the theme and the extensions, and the
    project's fingerprint (kp's code, settings, glossary and registry).
    """
    versions = []
    for name in PACKAGES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} absent")
    configs = [p.read_text(encoding="utf-8") if p.is_file() else "" for p in config_files]
    # Once each (mkdocs-static-i18n adds its sitemap's folder again in every language's build).
    dirs = [Path(d) for d in dict.fromkeys(str(d) for d in theme_dirs)]
    themes = [_tree_digest(d) for d in dirs if d.is_dir() and not _installed_theme(d)]
    return digest("kp-site-1", versions, configs, themes, fingerprint)


def _installed_theme(folder: Path) -> bool:
    """A theme folder inside an installed package (its version stands for its files)."""
    try:
        material = Path(str(metadata.distribution("mkdocs-material").locate_file("material"))).resolve()
    except metadata.PackageNotFoundError:
        return False
    return folder.resolve() == material or material in folder.resolve().parents


class SiteStore:
    """Build results on disk, by digest: JSON records and finished files.

    Writes are atomic (a temporary file renamed into place), so a killed build leaves no torn
    entry, and two builds may share a store.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self._base = str(folder)
        self.used: set[str] = set()

    def _path(self, key: str, suffix: str) -> str:
        # A string, not a Path: a build looks up several entries for every page.
        return f"{self._base}/{key[:2]}/{key}{suffix}"

    def _write(self, target: str, data: bytes) -> None:
        try:
            folder, name = os.path.split(target)
            os.makedirs(folder, exist_ok=True)
            temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")  # pruned if left behind
            with open(temporary, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except OSError:
            pass  # a store that cannot be written only costs time

    def get(self, key: str):
        """The record stored under ``key``, or None."""
        try:
            with open(self._path(key, ".json"), "rb") as stored:
                value = json.loads(stored.read())
        except (OSError, ValueError):
            return None
        self.used.add(key)
        return value

    def has(self, key: str) -> bool:
        """Whether a record is stored under ``key`` (kept by this build if so), without reading it."""
        if os.path.isfile(self._path(key, ".json")):
            self.used.add(key)
            return True
        return False

    def put(self, key: str, value) -> None:
        self.used.add(key)
        self._write(self._path(key, ".json"), json.dumps(value, ensure_ascii=False).encode("utf-8"))

    def has_file(self, key: str) -> bool:
        return os.path.isfile(self._path(key, ".out"))

    def put_file(self, key: str, data: bytes) -> None:
        self.used.add(key)
        self._write(self._path(key, ".out"), data)

    def copy_file(self, key: str, destination: Path) -> bool:
        """Place the stored file at ``destination`` (a hard link where possible), or say it is gone."""
        source = self._path(key, ".out")
        try:
            try:
                os.link(source, destination)  # into a new build's folder: the usual case
            except FileExistsError:
                destination.unlink()
                os.link(source, destination)
            except FileNotFoundError:
                if not os.path.isfile(source):
                    return False
                destination.parent.mkdir(parents=True, exist_ok=True)
                os.link(source, destination)
        except OSError:
            try:
                destination.unlink(missing_ok=True)
                shutil.copyfile(source, destination)  # a store on another file system
            except OSError:
                return False
        self.used.add(key)
        return True

    def prune(self) -> None:
        """Remove what the build just finished did not use."""
        if not self.folder.is_dir():
            return
        for path in self.folder.glob("*/*"):
            if path.name.split(".", 1)[0] not in self.used:
                path.unlink(missing_ok=True)


class WarningCounter(logging.Handler):
    """Counts warnings logged while a step runs: a step that warned is not kept."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record) -> None:
        self.count += 1

    def __enter__(self):
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


# --- languages taken whole from the last build -----------------------------------------------

LAST_BUILD = "KP_LAST_BUILD"
"""The environment variable with which ``kp site`` names the published build to MkDocs: the
languages whose inputs have not changed since are taken from it instead of being built."""

LANGUAGES_RECORD = ".kp-languages.json"
"""In a built site: for each language built in a folder of its own, what its build read
(:func:`language_inputs`) and the name of its store's folder."""


def language_inputs(environment: str, docs: Path, lang: str, source_language: str, languages, states: list) -> str:
    """A digest of everything the build of ``lang``'s folder reads from the project.

    That is the environment; the contents of ``lang``'s own files, of the files outside every
    language's folder, and of the source language's files that ``lang`` has no file for (its
    build shows them in their place); the names of all other files (the links between
    languages, the navigation); and ``states``, ``lang``'s translations' states, shown in the
    notices and on the status page. A source-language page that ``lang`` has translated is
    not read by ``lang``'s build beyond its state, so editing it changes nothing here once
    the translation is marked out of date.
    """
    read, named = [], []
    own = docs / lang
    for path in sorted(docs.rglob("*")):
        if not path.is_file():
            continue
        parts = path.relative_to(docs).parts
        relative = "/".join(parts)
        if (
            parts[0] == lang
            or parts[0] not in languages
            or (parts[0] == source_language and not own.joinpath(*parts[1:]).is_file())
        ):
            read.append((relative, hashlib.sha256(path.read_bytes()).hexdigest()))
        else:
            named.append(relative)
    return digest("kp-language-1", environment, lang, read, named, states)


def read_languages_record(site: Path) -> dict:
    """The :data:`LANGUAGES_RECORD` of a built site, or {} if it has none that can be read."""
    try:
        record = json.loads((site / LANGUAGES_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def write_languages_record(site: Path, record: dict) -> None:
    (site / LANGUAGES_RECORD).write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def link_tree(source: Path, target: Path) -> None:
    """``source``'s files placed under ``target``, as hard links (as copies across file systems).

    Nothing may write into a placed file afterwards, since it is the source's file too:
    whatever changes one is written aside and renamed into place.
    """
    for folder, _dirs, names in os.walk(source):
        out = os.path.join(target, os.path.relpath(folder, source))
        os.makedirs(out, exist_ok=True)
        for name in names:
            try:
                os.link(os.path.join(folder, name), os.path.join(out, name))
            except OSError:
                shutil.copy2(os.path.join(folder, name), os.path.join(out, name))
