"""Changes to a project's sources as they happen, for ``kp site --watch``."""

from __future__ import annotations

import threading
from pathlib import Path

SOURCES = ("mkdocs.yml", "glossary.yml", "legal_refs.yml", "pyproject.toml")
"""The files beside ``docs/`` that a build reads. Nothing else at the top is watched: the
builds themselves write there (``site``, ``.kp-build``, ``.kp-cache``)."""

_WRITES = {"created", "modified", "moved", "deleted", "closed"}
"""Events that may change a file; not the opening and reading that a build does itself."""


class Changes:
    """Watches ``docs/`` and :data:`SOURCES`; :meth:`wait` returns after a change, once the
    files have been quiet for :data:`QUIET` seconds (an editor's save is several events)."""

    QUIET = 0.15

    def __init__(self, root: Path, docs_dir: Path):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        changed = self._changed = threading.Event()
        root, docs_dir = root.resolve(), docs_dir.resolve()

        def matters(path: str) -> bool:
            path = Path(path)
            if path.parent == root and path.name in SOURCES:
                return True
            try:
                parts = path.relative_to(docs_dir).parts
            except ValueError:
                return False
            return not any(part.startswith(".") or part.endswith("~") for part in parts)

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.event_type in _WRITES and any(
                    matters(path) for path in (event.src_path, getattr(event, "dest_path", "")) if path
                ):
                    changed.set()

        self._observer = Observer()
        self._observer.schedule(Handler(), str(root), recursive=False)
        if docs_dir.is_dir():
            self._observer.schedule(Handler(), str(docs_dir), recursive=True)
        self._observer.start()

    def wait(self) -> None:
        self._changed.wait()
        while True:
            self._changed.clear()
            if not self._changed.wait(self.QUIET):
                return

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join()
