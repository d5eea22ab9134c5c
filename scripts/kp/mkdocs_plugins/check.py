"""The ``kp-check`` MkDocs plugin: report kp's findings during ``mkdocs build`` and ``serve``.

Errors are logged as MkDocs warnings, so ``mkdocs build --strict`` fails on them; warnings and
notes are logged as information. The checks themselves are kp's core, run with its cache.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from ..diagnostics import Severity
from ..engine import Checker, tree_checker
from ..project import load_project_once

log = logging.getLogger("mkdocs.plugins.kp")


class CheckConfig(Config):
    enabled = config_options.Type(bool, default=True)
    cache = config_options.Type(bool, default=True)


class CheckPlugin(BasePlugin[CheckConfig]):
    def on_pre_build(self, config) -> None:
        if not self.config.enabled:
            return
        i18n = config.plugins.get("i18n")
        if i18n is not None and not getattr(i18n, "is_default_language_build", True):
            return  # mkdocs-static-i18n builds each language in turn: check the whole tree once
        project = load_project_once(Path(config.config_file_path).parent)
        checker = tree_checker(project) if self.config.cache else Checker(project, use_cache=False)
        run = checker.run([Path(config.docs_dir)])
        for d in run.diagnostics:
            line = f"kp: {d.path}:{d.line}:{d.column}: {d.code} {d.message}"
            if d.suggestion:
                line += f" (suggestion: {d.suggestion})"
            if d.severity is Severity.ERROR:
                log.warning(line)
            else:
                log.info(line)
