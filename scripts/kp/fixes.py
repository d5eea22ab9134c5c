"""Applying safe fixes to source files: only on ``--fix``, and atomically.

A source file is rewritten through a temporary file in the same folder and a rename, with
its permissions kept, so an interrupted run leaves either the old file or the new one, never
half of one. Line endings (LF or CRLF) and a leading BOM are kept as they were.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import stat
import tempfile
from pathlib import Path

from .page import normalise_newlines


def apply(text: str, edits) -> str:
    """``text`` with non-overlapping ``(start, end, replacement)`` edits applied."""
    result = text
    last_start = None
    for start, end, replacement in sorted(set(edits), key=lambda e: e[0], reverse=True):
        if last_start is not None and end > last_start:
            continue  # overlapping edits: keep the later one, the next run applies the rest
        result = result[:start] + replacement + result[end:]
        last_start = start
    return result


def fixed_text(path: Path, edits) -> tuple[str, str, bytes]:
    """(old text, new text, original bytes) of a file with edits made on its normalised text."""
    raw = path.read_bytes()
    original = raw.decode("utf-8-sig")
    normalised = normalise_newlines(original)
    new = apply(normalised, edits)
    if "\r\n" in original:
        new = new.replace("\n", "\r\n")
    return original, new, raw


def unified_diff(path: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(old.splitlines(True), new.splitlines(True), fromfile=f"a/{path}", tofile=f"b/{path}")
    )


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux 4.7+):
    setting it to read it back would race with the threads that write files meanwhile."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def write_atomically(path: Path, text: str, *, bom: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8) by writing aside and renaming over it.

    An existing file keeps its permissions; a new one gets those that the umask gives a file
    made with ``open`` (0644 under the usual 022), not the 0600 of the temporary file, so
    that a web server running as another user can serve it.
    """
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            if bom:
                handle.write("\ufeff")
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise

