"""Publishing a build without ever leaving a half-written result in place.

Every build is written into its own folder under ``.kp-build/``; only when it is complete is
``site`` switched to it, by replacing a symbolic link with one rename (atomic on POSIX). A
build that fails or is killed at any moment leaves ``site`` pointing at the last good build.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

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
    """Remove builds other than ``keep`` (failed or superseded ones)."""
    builds = root / BUILDS
    if not builds.is_dir():
        return
    current = published(root, name)
    for folder in builds.glob(f"{name}-*"):
        if folder.resolve() in {p.resolve() for p in (keep, current) if p is not None}:
            continue
        shutil.rmtree(folder, ignore_errors=True)


def discard(build: Path) -> None:
    shutil.rmtree(build, ignore_errors=True)
