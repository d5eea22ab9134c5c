"""Reading the website offline after the first visit: a service worker and a web app manifest.

A phone that opens one page of the site keeps every page of that language, the assets they
use and the language's search index, so that the officer can read and search them later
without a connection. The browser side is ``serviceworker.js`` (plain JavaScript, nothing
from another host); this module writes what it reads, from the built site's own files:

* for each language, a list of the files to keep (``kp-offline.json`` in the language's
  folder): its pages and whatever they link to or load from the site (stylesheets, scripts,
  pictures, the search index, the web app manifest), each with a digest of its contents,
  so that a new build fetches only the files it changed; the other languages' pages, the
  PDFs and the offline zip are not kept;
* ``kp-sw.js`` at the site's root (a service worker's reach is its folder), the script with
  the build's digest and the lists' addresses: a new build is a new script, which the
  browser installs on the reader's next visit, and which brings the kept languages up to
  date;
* a web app manifest per language (``manifest.webmanifest``), so that a phone can add the
  site to its home screen, opening on that language's home page.

The pages register the worker only when served over HTTP(S) (``assets/kp/kp.js``), never
from ``file://`` (the offline zip).
"""

from __future__ import annotations

import hashlib
import html
import json
import posixpath
from importlib import resources
from pathlib import Path

import regex

from .fixes import write_atomically
from .offline import DOWNLOADS

WORKER = "kp-sw.js"
LIST = "kp-offline.json"
WEB_MANIFEST = "manifest.webmanifest"
THEME_COLOR = "#4051b5"  # Material's indigo, the site's primary colour (mkdocs.yml)

_REFERENCE = regex.compile(
    r'<(?:a|link|script|img|source|image|use)\b[^>]*?\s(?:href|src|xlink:href)="([^"]*)"'
    r'|<meta name="kp-search" content="([^"]*)"'
    r'|\ssrcset="([^"]*)"'
)
_CSS_URL = regex.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
_TAG = regex.compile(r"<[^>]+>")
_OUTSIDE = regex.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")
_SITE_NAME = regex.compile(r'<div class="md-header__topic">\s*<span class="md-ellipsis">(.*?)</span>', regex.S)
_TITLE = regex.compile(r"<title>(.*?)</title>", regex.S)
_ICON = regex.compile(r'<link rel="icon" href="([^"]*)"')
NOT_KEPT = ("404.html", LIST, WORKER)
"""Not kept: a 404 page is written after the lists, and the lists and the worker are fetched
by the worker itself, past the browser's cache."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _local(page: str, value: str) -> str | None:
    """The site-relative path that ``value``, a link on the page at site path ``page``, names."""
    value = html.unescape(value).strip()
    if not value or _OUTSIDE.match(value) or value.startswith("/"):
        return None
    value = value.split("#", 1)[0].split("?", 1)[0]
    if not value:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), value))
    if joined.startswith("../") or joined == "..":
        return None
    if value.endswith("/") or joined == ".":
        joined = posixpath.join("" if joined == "." else joined, "index.html")
    return joined


def _references(path: str, data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    found = []
    if path.endswith(".webmanifest"):
        try:
            values = [icon["src"] for icon in json.loads(text).get("icons", [])]
        except (ValueError, TypeError, KeyError, AttributeError):
            values = []
    elif path.endswith(".css"):
        values = [m.group(1) for m in _CSS_URL.finditer(text)]
    else:
        values = []
        for match in _REFERENCE.finditer(text):
            if match.group(3) is not None:
                values.extend(part.split()[0] for part in match.group(3).split(",") if part.strip())
            else:
                values.append(match.group(1) if match.group(1) is not None else match.group(2))
    for value in values:
        local = _local(path, value)
        if local is not None:
            found.append(local)
    return found


def language_files(site: Path, lang: str, source_language: str, languages) -> dict[str, str]:
    """What a reader of ``lang`` keeps: site path -> digest of the file's contents.

    The language's pages (under its folder; the source language's at the root, outside the
    other languages' folders), then, transitively, every file of the site that a kept page or
    stylesheet links to or loads, except another language's pages, the PDFs and the offline
    copy.
    """
    folders = {other for other in languages if other != source_language}
    prefix = "" if lang == source_language else f"{lang}/"
    not_kept = {prefix + name for name in NOT_KEPT}

    def own(relative: str) -> bool:
        top = relative.split("/", 1)[0]
        if prefix:
            return relative.startswith(prefix)
        return top not in folders and top not in DOWNLOADS and top != "assets"

    def keepable(relative: str) -> bool:
        top = relative.split("/", 1)[0]
        if top in DOWNLOADS or relative in not_kept:
            return False
        return not (relative.endswith(".html") and not own(relative))

    pending = sorted(
        p.relative_to(site).as_posix() for p in (site / prefix if prefix else site).rglob("*.html")
        if p.is_file() and own(p.relative_to(site).as_posix())
    )
    pending = [p for p in pending if keepable(p)]
    kept: dict[str, str] = {}
    while pending:
        relative = pending.pop()
        if relative in kept or not keepable(relative):
            continue
        path = site / relative
        if not path.is_file():
            continue
        data = path.read_bytes()
        kept[relative] = _digest(data)
        if relative.endswith((".html", ".css", ".webmanifest")):
            pending.extend(r for r in _references(relative, data) if r not in kept)
    return dict(sorted(kept.items()))


def _web_manifest(site: Path, prefix: str, lang: str) -> dict:
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    title = _SITE_NAME.search(home) or _TITLE.search(home)  # the site's name in the header, in the language
    name = " ".join(html.unescape(_TAG.sub("", title.group(1))).split()) if title else "kp"
    icons = [{"src": posixpath.relpath("assets/kp/icon.svg", prefix or "."), "sizes": "any", "type": "image/svg+xml"}]
    icon = _ICON.search(home)
    local = _local(prefix + "index.html", icon.group(1)) if icon else None
    if local and local.endswith(".png") and (site / local).is_file():
        icons.append({"src": posixpath.relpath(local, prefix or "."), "type": "image/png"})
    return {
        "name": name,  # a phone shortens it under the icon as it must; no word of it stands alone
        "lang": lang,
        "start_url": "./",
        "scope": "../" * prefix.count("/") or "./",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": icons,
    }


def worker_script(lists: dict[str, dict], *, keep: bool = True) -> str:
    """``kp-sw.js``: the worker with the build's digest and each language's list.

    ``keep=False`` (``mkdocs serve``) gives a worker that keeps nothing and drops what an
    earlier build of the site on the same address kept, so that a preview is never an old
    page from the cache.
    """
    source = (resources.files("kp") / "serviceworker.js").read_text(encoding="utf-8")
    build = hashlib.sha256(json.dumps([lists, source], sort_keys=True).encode()).hexdigest()[:20]
    addresses = {lang: entry["list"] for lang, entry in lists.items()} if keep else {}
    return (f"var BUILD = {json.dumps(build)};\n"
            f"var LISTS = {json.dumps(addresses, sort_keys=True)};\n{source}")


def write_offline_reading(site: Path, languages, source_language: str, *, keep: bool = True) -> dict[str, dict]:
    """Write each language's list and web app manifest, then the worker; return the lists.

    Every file is written aside and renamed into place: a language's folder may hold the
    last build's files, linked (:func:`kp.sitecache.link_tree`).
    """
    lists = {}
    for lang in languages:
        prefix = "" if lang == source_language else f"{lang}/"
        if not (site / prefix / "index.html").is_file():
            continue
        write_atomically(site / prefix / WEB_MANIFEST,
                         json.dumps(_web_manifest(site, prefix, lang), ensure_ascii=False, indent=1) + "\n")
        files = language_files(site, lang, source_language, languages)
        entry = {"lang": lang, "build": _digest(json.dumps(files, sort_keys=True).encode()), "files": files}
        write_atomically(site / prefix / LIST, json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n")
        lists[lang] = {**entry, "list": prefix + LIST}
    write_atomically(site / WORKER, worker_script(lists, keep=keep))
    return lists
