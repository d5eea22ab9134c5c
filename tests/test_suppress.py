"""Inline suppressions: next line and blocks, with a reason; unused ones reported."""

from conftest import kp_json

PAGE = """\
# Law

<!-- kp-ignore L005: the charge-sheet of 2019 is quoted as filed -->
The accused was charged under Section 370 IPC.

The accused was charged under Section 370 IPC again.

<!-- kp-ignore-start L: historical table, as published in 2019 -->
Section 370 IPC, then Section 372 IPC.
<!-- kp-ignore-end -->

<!-- kp-ignore L005 -->
Section 373 IPC without a reason.

<!-- kp-ignore L006: nothing to suppress -->
Plain text.
"""


def test_suppressions(make_project):
    root = make_project({"docs/en/law.md": PAGE})
    findings, _ = kp_json("docs/en/law.md", cwd=root)
    got = [(f["line"], f["code"]) for f in findings]
    assert got == [(6, "L005"), (12, "S005"), (13, "L005"), (15, "S004")]
