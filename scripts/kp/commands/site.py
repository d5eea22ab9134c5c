"""``kp site``: build the trilingual website (and its PDFs) and publish it in one step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from ..layouts import Keeper
from ..project import find_root, load_project, settings_files
from ..offline import NAME as OFFLINE_NAME
from ..offline import write_offline_zip
from ..publish import clean, discard, new_build_dir, not_found_pages, publish, published, sweeping
from ..sitecache import LAST_BUILD
from ..watch import Changes
from .pdf import make_pdfs

HELP = "build the website into site/ (built aside, published only when complete)"


def add_arguments(parser) -> None:
    parser.add_argument("--project", type=Path, default=None, help="the project folder (default: found from here)")
    parser.add_argument("--no-strict", action="store_true", help="do not fail on MkDocs warnings")
    parser.add_argument("--no-pdf", action="store_true", help="build the website only, without the PDFs")
    parser.add_argument("--no-offline", action="store_true", help="without the downloadable offline copy")
    parser.add_argument("--watch", action="store_true",
                        help="build again on every change to the sources, until interrupted (Ctrl-C)")


class _MkDocs(threading.Thread):
    """``mkdocs build`` into ``destination`` in its own process, showing its warnings and errors only.

    (``mkdocs build --quiet`` would also hide warnings from ``--strict``'s count.) Its output
    is read on this thread, so that kp can do other work while it builds. The languages that
    nothing has changed for since the published build are taken from it.
    """

    def __init__(self, root: Path, destination: Path, *, strict: bool = True):
        super().__init__(name="kp-mkdocs", daemon=True)
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(root / "mkdocs.yml"),
                   "--site-dir", str(destination)]
        if strict:
            command.append("--strict")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        last = published(root)
        if last is not None:
            env[LAST_BUILD] = str(last)
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, encoding="utf-8", errors="replace")
        self.start()

    def run(self) -> None:
        for line in self.process.stdout:
            if not line.startswith("INFO"):
                sys.stderr.write(line)

    def wait(self) -> int:
        self.join()
        return self.process.wait()


def build_offline(project, build: Path) -> int:
    """The built site zipped into ``offline/``, with links that work when opened from files."""
    cache = project.root / project.settings.cache_dir / "offline"
    write_offline_zip(build, build / "offline" / f"{OFFLINE_NAME}.zip", cache, version=project.code_digest)
    return 0


class _Pdfs(threading.Thread):
    """The PDFs, made beside the website's build (they need only the sources), into ``folder``."""

    def __init__(self, project, folder: Path, keeper=None):
        super().__init__(name="kp-pdf", daemon=True)
        self.project, self.folder, self.keeper, self.code = project, folder, keeper, 1

    def run(self) -> None:
        self.code = make_pdfs(self.project, self.folder, keeper=self.keeper)


def _build(args, root: Path, build: Path, keeper=None) -> int:
    """MkDocs into ``build``, the PDFs beside it, then the offline copy; MkDocs' or kp's exit code."""
    mkdocs = pdfs = None
    try:
        mkdocs = _MkDocs(root, build, strict=not args.no_strict)
        project = load_project(root)
        if not args.no_pdf:
            # MkDocs empties its site folder when it starts, so the PDFs are made in their own.
            pdfs = _Pdfs(project, new_build_dir(root, "pdf"), keeper)
            pdfs.start()
        code = mkdocs.wait()
        if code == 0:
            not_found_pages(build, list(project.settings.languages), project.settings.source_language)
        if pdfs is not None:
            pdfs.join()
            if code == 0 and pdfs.code == 0 and (pdfs.folder / "pdf").is_dir():
                os.replace(pdfs.folder / "pdf", build / "pdf")
            code = code or pdfs.code
        if code == 0 and not args.no_offline:
            code = build_offline(project, build)  # with the PDFs, which its pages link to
        return code
    except BaseException:
        if mkdocs is not None and mkdocs.process.poll() is None:
            mkdocs.process.terminate()
            mkdocs.wait()
        discard(build)
        raise
    finally:
        if pdfs is not None:
            pdfs.join()
            discard(pdfs.folder)


def _publish_build(args, root: Path, keeper=None) -> int:
    build = new_build_dir(root)
    with sweeping(root):  # earlier builds' trash, emptied while MkDocs works
        code = _build(args, root, build, keeper)
    if code != 0:
        discard(build)
        print("kp site: the build failed; site/ still holds the last good build", file=sys.stderr)
        return code
    publish(root, build)
    clean(root, "pdf", keep=None)  # PDF folders left by builds that were killed
    print(f"kp site: published {root / 'site'}", file=sys.stderr)
    return 0


def _interrupt(number, frame):
    raise KeyboardInterrupt


def _watch(args, root: Path) -> int:
    """Build, then build again after every change, the whole products' layouts kept between
    builds (:class:`kp.layouts.Keeper`), until interrupted."""
    keeper = None
    if not args.no_pdf:
        keeper = Keeper()
        keeper.start()  # forked before the watching threads start
    project = load_project(root)
    changes = Changes(project.docs_dir, [root / "mkdocs.yml", *settings_files(root, project.settings)])
    signal.signal(signal.SIGTERM, _interrupt)  # stopped by a supervisor as by Ctrl-C
    try:
        while True:
            started = time.monotonic()
            code = _publish_build(args, root, keeper)
            print(f"kp site: {'built' if code == 0 else 'failed'} in {time.monotonic() - started:.1f} s; "
                  "watching docs/ and the project's files (Ctrl-C stops)", file=sys.stderr, flush=True)
            changes.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        changes.stop()
        if keeper is not None:
            keeper.close()


def run(args) -> int:
    root = find_root(args.project or Path.cwd())
    if args.watch:
        return _watch(args, root)
    return _publish_build(args, root)
