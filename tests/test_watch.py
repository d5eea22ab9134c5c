"""What ``kp site --watch`` builds again for: a saved source, not the builds' own writes."""

import threading

from kp.project import load_project, settings_files
from kp.watch import Changes


def saw_a_change(changes: Changes, write) -> bool:
    waited = threading.Thread(target=changes.wait, daemon=True)
    waited.start()
    write()
    waited.join(timeout=3)
    return not waited.is_alive()


def test_the_files_the_settings_name_are_watched_and_the_builds_own_are_not(make_project):
    root = make_project({"docs/en/sop/rescue.md": "# Rescue\n", "data/terms.yml": "terms: []\n"},
                        pyproject='[tool.kp]\nglossary = "data/terms.yml"\n')
    project = load_project(root)
    (root / "site").mkdir()
    changes = Changes(project.docs_dir, [root / "mkdocs.yml", *settings_files(root, project.settings)])
    try:
        assert not saw_a_change(changes, lambda: (root / "site/index.html").write_text("built", encoding="utf-8"))
        assert not saw_a_change(changes, lambda: (root / "docs/en/sop/.rescue.md.swp").write_text("", encoding="utf-8"))
        assert saw_a_change(changes, lambda: (root / "data/terms.yml").write_text("terms: [1]\n", encoding="utf-8"))
        assert saw_a_change(changes, lambda: (root / "docs/en/sop/rescue.md").write_text("# Rescue\n\nMore.\n",
                                                                                         encoding="utf-8"))
    finally:
        changes.stop()
