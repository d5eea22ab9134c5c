"""Changes to a project's sources as they happen, for ``kp site --watch``."""

from __future__ import annotations

import threading
from pathlib import Path

_WRITES = {"created", "modified", "moved", "deleted", "closed"}
"""Events that may change a file; not the opening and reading that a build does itself."""


class Changes:
    """Watches ``docs_dir`` and ``files``; :meth:`wait` returns after a change, once they have
    been quiet for :data:`QUIET` seconds (an editor's save is several events).

    Only those: a build writes beside them (``site``, ``.kp-build``, ``.kp-cache``).
    """

    QUIET = 0.15

    def __init__(self, docs_dir: Path, files: list[Path]):
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        changed = self._changed = threading.Event()
        docs_dir = docs_dir.resolve()
        files = {file.parent.resolve() / file.name for file in files}  # as the events name them

        def matters(path: str) -> bool:
            path = Path(path)
            if path in files:
                return True
            try:
                parts = path.relative_to(docs_dir).parts
            except ValueError:
                return False
            return not any(part.startswith(".") or part.endswith("~") for part in parts)

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event):
                if event.is_directory and event.event_type == "modified":
                    return  # its entries changed, and each has an event of its own
                if event.event_type in _WRITES and any(
                    matters(path) for path in (event.src_path, getattr(event, "dest_path", "")) if path
                ):
                    changed.set()

        self._observer = Observer()
        for folder in sorted({file.parent for file in files}):
            if folder.is_dir():
                self._observer.schedule(Handler(), str(folder), recursive=False)
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
