"""Publishing a build without ever leaving a half-written result in place.

Every build is written into its own folder under ``.kp-build/``; only when it is complete is
``site`` switched to it, by replacing a symbolic link with one rename (atomic on POSIX). A
build that fails or is killed at any moment leaves ``site`` pointing at the last good build.

A superseded build is renamed into the trash, which takes no time; the next build empties
the trash while MkDocs works (:func:`sweeping`), so deleting thousands of files is never what
a writer waits for after an edit.
"""

from __future__ import annotations

import html
import os
import posixpath
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import regex

from .fixes import write_atomically
from .labels import label

BUILDS = ".kp-build"


def new_build_dir(root: Path, name: str = "site") -> Path:
    """A fresh, empty folder for a build (not yet published)."""
    builds = root / BUILDS
    builds.mkdir(exist_ok=True)
    folder = builds / f"{name}-{time.time_ns()}-{os.getpid()}"
    folder.mkdir()
    return folder


def published(root: Path, name: str = "site") -> Path | None:
    """The folder the published ``name`` link points to, if any."""
    link = root / name
    if link.is_symlink():
        return link.resolve()
    return link if link.is_dir() else None


def publish(root: Path, build: Path, name: str = "site") -> None:
    """Make ``build`` the published ``name`` in one atomic rename, then drop older builds."""
    link = root / name
    if link.exists() and not link.is_symlink():
        # A plain folder from before kp managed the site: move it aside once.
        os.replace(link, root / BUILDS / f"{name}-legacy-{time.time_ns()}")
    temporary = root / f".{name}.link-{os.getpid()}"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(build, root))
    os.replace(temporary, link)
    clean(root, name, keep=build)


def clean(root: Path, name: str, keep: Path | None) -> None:
    """Move builds other than ``keep`` (failed or superseded ones) into the trash."""
    builds = root / BUILDS
    if not builds.is_dir():
        return
    current = published(root, name)
    kept = {p.resolve() for p in (keep, current) if p is not None}
    for number, folder in enumerate(builds.glob(f"{name}-*")):
        if folder.resolve() in kept:
            continue
        try:
            os.replace(folder, builds / f"{TRASH}{time.time_ns()}-{os.getpid()}-{number}")
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)


TRASH = "trash-"


@contextmanager
def sweeping(root: Path):
    """Empty the trash of earlier builds on a thread of its own while the ``with`` body runs."""

    def empty() -> None:
        builds = root / BUILDS
        for folder in builds.glob(f"{TRASH}*") if builds.is_dir() else ():
            shutil.rmtree(folder, ignore_errors=True)

    sweeper = threading.Thread(target=empty, name="kp-sweep", daemon=True)
    sweeper.start()
    try:
        yield
    finally:
        sweeper.join()


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)


_ARTICLE = regex.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', regex.S)
_URL_ATTRIBUTE = regex.compile(r'\b(href|src)="([^"#][^"]*)"')


def not_found_pages(site: Path, languages: list[str], source_language: str) -> None:
    """A 404 page in each language (mkdocs-static-i18n leaves one, in whichever language ran last).

    Each is made from that language's home page, with the article replaced and every relative
    URL made absolute, since a server shows a 404 page at any depth.
    """
    for lang in languages:
        prefix = "" if lang == source_language else f"{lang}/"
        home = site / prefix / "index.html"
        if not home.is_file():
            continue
        page = home.read_text(encoding="utf-8")
        base = "/" + prefix

        def absolute(match):
            value = match.group(2)
            if regex.match(r"^[a-z][a-z0-9+.-]*:|^/", value):
                return match.group(0)
            joined = posixpath.normpath(posixpath.join(base, value))
            if value.endswith("/") and not joined.endswith("/"):
                joined += "/"
            return f'{match.group(1)}="{joined}"'

        body = (
            f"<h1>{html.escape(label(lang, 'not_found_title'))}</h1>"
            f"<p>{html.escape(label(lang, 'not_found_text'))}</p>"
            f'<p><a href="./">{html.escape(label(lang, "home"))}</a></p>'
        )
        page = _ARTICLE.sub(lambda m: m.group(1) + body + m.group(3), page, count=1)
        page = _URL_ATTRIBUTE.sub(absolute, page)
        # Aside, then renamed: a language taken from the last build has its files linked.
        write_atomically(site / prefix / "404.html", page)


_ROOT_ALTERNATE = regex.compile(r'(<a\b[^>]*?\bhref=")/([^"]*)("[^>]*\bhreflang=)')


def relative_alternates(page: str, url: str) -> str:
    """The language switch's links made relative to the page at ``url``.

    mkdocs-static-i18n links a home page to the others as ``/hi/``, which breaks a site served
    below the root of a host (an intranet's ``/kp/``) and the offline copy.
    """
    up = "../" * url.count("/") or "./"
    return _ROOT_ALTERNATE.sub(lambda m: f"{m.group(1)}{up}{m.group(2)}{m.group(3)}", page)
