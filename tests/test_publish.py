"""Publishing a build: one atomic switch of ``site``, and superseded builds out of the way."""

import os
import stat

import pytest

from kp.fixes import write_atomically
from kp.publish import BUILDS, TRASH, new_build_dir, publish, published, sweeping


def _build(root, text):
    folder = new_build_dir(root)
    (folder / "index.html").write_text(text, encoding="utf-8")
    return folder


def test_publishing_switches_the_site_and_trashes_the_old_build(tmp_path):
    first = _build(tmp_path, "first")
    publish(tmp_path, first)
    second = _build(tmp_path, "second")
    publish(tmp_path, second)

    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "second"
    assert published(tmp_path) == second.resolve()
    names = sorted(p.name for p in (tmp_path / BUILDS).iterdir())
    assert names[0] == second.name and len(names) == 2 and names[1].startswith(TRASH)
    assert not first.exists()


def test_the_sweep_empties_the_trash_and_leaves_the_site(tmp_path):
    for text in ("one", "two", "three"):
        publish(tmp_path, _build(tmp_path, text))
    assert len(list((tmp_path / BUILDS).glob(f"{TRASH}*"))) == 2

    with sweeping(tmp_path):
        pass

    assert list((tmp_path / BUILDS).glob(f"{TRASH}*")) == []
    assert (tmp_path / "site/index.html").read_text(encoding="utf-8") == "three"


def test_the_sweep_without_any_build_does_nothing(tmp_path):
    with sweeping(tmp_path):
        pass
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("umask, expected", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_gets_the_mode_the_umask_gives(tmp_path, umask, expected):
    """Not the 0600 of the temporary file it is written as: a web server running as another
    user must be able to read the 404 pages."""
    old = os.umask(umask)
    try:
        write_atomically(tmp_path / "404.html", "<p>नहीं मिला</p>")
        (tmp_path / "plain.html").write_text("made with open")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "404.html").stat().st_mode) == expected
    assert stat.S_IMODE((tmp_path / "plain.html").stat().st_mode) == expected
    assert (tmp_path / "404.html").read_text(encoding="utf-8") == "<p>नहीं मिला</p>"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_an_existing_file_keeps_its_mode(tmp_path):
    target = tmp_path / "private.md"
    target.write_text("old")
    target.chmod(0o600)
    write_atomically(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600 and target.read_text() == "new"
