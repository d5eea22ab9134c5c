"""Publishing a build: one atomic switch of ``site``, and superseded builds out of the way."""

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
