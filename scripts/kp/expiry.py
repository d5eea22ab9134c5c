"""Letting go of cache entries that nothing uses any more.

A kp upgrade, a change of settings or a glossary edit gives pages and PDFs new cache keys,
and the entries under the old keys would stay in ``.kp-cache/`` for good: at 500 chapters
per language, about 7 MB of page analyses and 40 MB of PDFs every time. As Gradle does with
its build cache, kp deletes what no check or build has used for :data:`KEEP_DAYS` days: long
enough that switching between two configurations (A4 and A5, a branch and main) keeps both,
short enough that the cache stops growing with every upgrade. Deleting from a cache only ever
costs time, so a process that loses an entry to another's expiry simply makes it again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from pathlib import Path

KEEP_DAYS = 7
DAY = 86400

ANALYSES = re.compile(r"\d+-[0-9a-f]{20}")
"""The name of a folder of page analyses: the cache's version and the project's fingerprint."""

SITE_STEPS = re.compile(r"[0-9a-f]{20}|[0-9a-f]{2}")
"""The name of a folder of a website build's stored steps, one per configuration and language
(:mod:`kp.sitecache`), or of a shard of the store as it was laid out before it had them."""

STAMP = "used"
"""A file in a folder of analyses or site steps whose date is when a build last used it."""


def _date(path: Path, now: float, *, every: float) -> bool:
    """Date the file ``path`` ``now`` (making it and its folder if need be), unless it was dated
    less than ``every`` seconds ago; whether it was dated now."""
    try:
        if now - path.stat().st_mtime < every:
            return False
    except OSError:
        pass
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
        os.utime(path, (now, now))
    except OSError:
        return False
    return True


def mark_folder_used(folder: Path, names: re.Pattern, *, now: float | None = None) -> None:
    """Date ``folder``'s stamp, at most once an hour; when doing so, expire its stale siblings.

    Only folders whose names match ``names`` (:data:`ANALYSES`, :data:`SITE_STEPS`) are ever
    removed, whatever else the cache folder holds.
    """
    now = time.time() if now is None else now
    if not _date(folder / STAMP, now, every=3600):
        return
    for entry in os.scandir(folder.parent):
        if entry.path == str(folder) or not names.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            used = os.stat(os.path.join(entry.path, STAMP)).st_mtime
        except OSError:
            used = entry.stat(follow_symlinks=False).st_mtime  # a folder from before stamps
        if now - used > KEEP_DAYS * DAY:
            shutil.rmtree(entry.path, ignore_errors=True)


NOTE = re.compile(r"[0-9a-f]{64}")
"""The name of a note file (a digest), such as the notes that a glossary's examples held."""


def note_used(note: Path, *, now: float | None = None) -> None:
    """Date the note file ``note`` (making it if need be), at most once a day; when doing so,
    delete the notes beside it that nothing has used for :data:`KEEP_DAYS` days."""
    now = time.time() if now is None else now
    if not _date(note, now, every=DAY):
        return
    for entry in os.scandir(note.parent):
        try:
            if (entry.path != str(note) and NOTE.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                    and now - entry.stat().st_mtime > KEEP_DAYS * DAY):
                os.unlink(entry.path)
        except OSError:
            continue


class UseLog:
    """When each file of a cache folder was last used, kept beside them in ``used.json``.

    The files' own dates cannot say: a cached PDF is a hard link to the published one, and
    dating it would change the date that web servers send as the PDF's Last-Modified.
    """

    NAME = "used.json"

    def __init__(self, folder: Path, suffix: str):
        self.folder, self.suffix = folder, suffix

    def record(self, keys, *, now: float | None = None) -> None:
        """Note ``keys`` as used today and, once a day, delete the files unused for too long.

        A file that the log does not know (made before the log, or by a build killed before
        it wrote the log) counts as used on the day it was made.
        """
        today = int((time.time() if now is None else now) // DAY)
        path = self.folder / self.NAME
        try:
            data = json.loads(path.read_bytes())
            used, expired_on = dict(data["used"]), data["expired_on"]
        except (OSError, ValueError, KeyError, TypeError):
            used, expired_on = {}, None
        changed = False
        for key in keys:
            if used.get(key) != today:
                used[key] = today
                changed = True
        if expired_on != today:
            used = self._expire(used, today)
            expired_on, changed = today, True
        if changed:
            temporary = path.with_name(f".{self.NAME}.{os.getpid()}.tmp")
            try:
                temporary.write_text(json.dumps({"expired_on": expired_on, "used": used}), encoding="utf-8")
                os.replace(temporary, path)
            except OSError:
                pass  # without the log, files only live longer

    def _expire(self, used: dict, today: int) -> dict:
        kept = {}
        for entry in os.scandir(self.folder):
            name = entry.name
            try:
                if name.endswith(".tmp"):  # left by a killed process; a live one renames its own within minutes
                    if today - entry.stat().st_mtime // DAY > 1:
                        os.unlink(entry.path)
                    continue
                if not name.endswith(self.suffix):
                    continue
                key = name[:-len(self.suffix)]
                day = used.get(key)
                if day is None:
                    day = int(entry.stat().st_mtime // DAY)
                if today - day > KEEP_DAYS:
                    os.unlink(entry.path)
                else:
                    kept[key] = day
            except OSError:
                continue
        return kept
