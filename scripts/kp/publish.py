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
import json
import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import regex

from .fixes import write_atomically
from .labels import label
from .offline import DOWNLOADS

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
_CHARSET = regex.compile(r'<meta charset="[^"]*">')
_BASE = """<script>(function () {
  /* kp: this page is shown in place of any missing page of %(lang)s, below wherever the site
     is served; its links are relative to %(home)s, which is found here from the address,
     and only then is the page written, so that no request is made for a wrong address. */
  var tops = %(tops)s, parts = location.pathname.split("/"), at = 1;
  while (at < parts.length - 1 && tops.indexOf(decodeURIComponent(parts[at])) < 0) at += 1;
  var base = parts.slice(0, at).join("/") + "/" + %(prefix)s;
  document.write('<base href="' + base.replace(/"/g, "%%22") + '">' + %(page)s);
})();</script>
"""


def not_found_pages(site: Path, languages: list[str], source_language: str) -> None:
    """A 404 page in each language (mkdocs-static-i18n leaves one, in whichever language ran last).

    Each is that language's home page with the article replaced. A server shows it at the
    address of whatever is missing, at any depth and below whatever path the site is served
    from (an intranet's ``/kp/``), so its links stay relative to the language's home, and a
    script sets the page's ``<base>`` before it writes the page: the site's root is the
    address up to its first part that names one of the site's top-level files or folders
    (``hi`` in ``/kp/hi/sop/missing/``), or else the missing page's folder. (A ``<base>``
    added to the page after its links would come too late: the browser's preload scanner
    fetches a page's stylesheets as soon as it reads their links.)
    """
    # The PDFs and the offline copy may not have been placed yet.
    tops = sorted({*(p.name for p in site.iterdir() if not p.name.startswith(".")), *DOWNLOADS})
    for lang in languages:
        prefix = "" if lang == source_language else f"{lang}/"
        home = site / prefix / "index.html"
        if not home.is_file():
            continue
        page = home.read_text(encoding="utf-8")
        body = (
            f"<h1>{html.escape(label(lang, 'not_found_title'))}</h1>"
            f"<p>{html.escape(label(lang, 'not_found_text'))}</p>"
            f'<p><a href="./">{html.escape(label(lang, "home"))}</a></p>'
        )
        page = _ARTICLE.sub(lambda m: m.group(1) + body + m.group(3), page, count=1)
        charset = _CHARSET.search(page)
        if charset is None:
            continue
        written = json.dumps(page[charset.end():], ensure_ascii=False).replace("</", "<\\/").replace("<!--", "<\\!--")
        script = _BASE % {"lang": lang, "home": f"/{prefix}", "tops": json.dumps(tops),
                          "prefix": json.dumps(prefix), "page": written}
        # Aside, then renamed: a language taken from the last build has its files linked.
        write_atomically(site / prefix / "404.html", page[:charset.end()] + "\n" + script)


_ROOT_ALTERNATE = regex.compile(r'(<a\b[^>]*?\bhref=")/([^"]*)("[^>]*\bhreflang=)')
_HEAD_ALTERNATE = regex.compile(r'[ \t]*<link rel="alternate" href="[^"]*" hreflang="[^"]*">\n?')
_SWITCH_LINK = regex.compile(r'<a\b(?=[^>]*\bclass="md-select__link")[^>]*\bhreflang="([^"]+)"[^>]*>')


def relative_alternates(page: str, url: str) -> str:
    """The language switch's links made relative to the page at ``url``.

    mkdocs-static-i18n links a home page to the others as ``/hi/``, which breaks a site served
    below the root of a host (an intranet's ``/kp/``) and the offline copy.
    """
    up = "../" * url.count("/") or "./"
    return _ROOT_ALTERNATE.sub(lambda m: f"{m.group(1)}{up}{m.group(2)}{m.group(3)}", page)


def site_page(page: str, url: str, lang: str) -> str:
    """A finished page of the website as kp serves it.

    The language switch's links are relative (:func:`relative_alternates`) and the link to
    the page's own language says so (``aria-current``, which kp.css shows). The head's
    ``<link rel="alternate" hreflang>`` tags go: Material's script takes each for the root of
    a language and asks for a ``sitemap.xml`` beside it, three failing requests a page view
    (mkdocs-static-i18n links the page's translations there, not the languages' roots). A
    search engine finds the translations in the sitemap, written with the site's address.
    """
    page = _HEAD_ALTERNATE.sub("", relative_alternates(page, url))

    def mark(match):
        tag = match.group(0)
        return tag[:-1] + ' aria-current="page">' if match.group(1) == lang and "aria-current" not in tag else tag

    return _SWITCH_LINK.sub(mark, page)
