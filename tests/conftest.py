"""Shared fixtures: a throw-away kp project built from the real data files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PYPROJECT = """\
[tool.kp]
docs_dir = "docs"
languages = ["en", "hi", "bn"]
source_language = "en"
"""


class ProjectMaker:
    """Writes a project folder with the repository's glossary.yml and legal_refs.yml."""

    def __init__(self, folder: Path):
        self.root = folder

    def __call__(self, pages: dict[str, str] | None = None, *, glossary: str | None = None,
                 legal_refs: str | None = None, pyproject: str = PYPROJECT) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
        for name, text in (("glossary.yml", glossary), ("legal_refs.yml", legal_refs)):
            target = self.root / name
            if text is None:
                shutil.copy(ROOT / name, target)
            else:
                target.write_text(text, encoding="utf-8")
        for relative, text in (pages or {}).items():
            self.write(relative, text)
        return self.root

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path


@pytest.fixture
def make_project(tmp_path) -> ProjectMaker:
    return ProjectMaker(tmp_path / "project")


def run_kp(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed ``kp`` command as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "kp.cli", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8"
    )


def kp_json(*args: str, cwd: Path) -> tuple[list[dict], subprocess.CompletedProcess]:
    done = run_kp("check", "--format", "json", *args, cwd=cwd)
    assert done.stdout.strip().startswith("["), done.stderr
    return json.loads(done.stdout), done
