"""What a check returns, and the context it runs in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..diagnostics import Severity
from ..page import Page
from ..project import Project


@dataclass(frozen=True)
class Finding:
    """A check's result, at file offsets; the engine turns it into a Diagnostic.

    ``fix`` is the exact replacement for ``[start, end)`` that ``kp check --fix`` may apply,
    set only when the replacement is unambiguous and keeps the sentence grammatical.
    """

    start: int
    end: int
    message: str
    suggestion: str | None = None
    severity: Severity | None = None
    fix: str | None = None


@dataclass
class PageContext:
    """One page being checked, with what several checks compute from it once."""

    page: Page
    project: Project
    memo: dict = field(default_factory=dict)

    @property
    def date(self) -> dt.date:
        """The date the page speaks of: front matter ``law_as_of``, else today."""
        value = self.page.meta.get("law_as_of")
        if isinstance(value, dt.date):
            return value
        return self.project.today

    def cached(self, key: str, compute):
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]
