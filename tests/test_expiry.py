"""Cache entries that nothing has used for a week are deleted; what is in use is never."""

import json
import os
import time

from kp.engine import Checker
from kp.expiry import ANALYSES, DAY, KEEP_DAYS, STAMP, UseLog, mark_folder_used
from kp.project import load_project

NOW = 1_800_000_000.0  # a fixed moment, so that "days ago" does not depend on when the test runs


def _dated(path, days_ago):
    moment = NOW - days_ago * DAY
    os.utime(path, (moment, moment))
    return path


def _analyses(cache, name, *, used_days_ago=None, made_days_ago=0):
    folder = cache / name
    (folder / "ab").mkdir(parents=True)
    (folder / "ab/abcd.json").write_text("{}", encoding="utf-8")
    if used_days_ago is not None:
        (folder / STAMP).touch()
        _dated(folder / STAMP, used_days_ago)
    return _dated(folder, made_days_ago)


def test_folders_of_analyses_unused_for_a_week_are_deleted(tmp_path):
    current = tmp_path / f"1-{'a' * 20}"
    recent = _analyses(tmp_path, f"1-{'b' * 20}", used_days_ago=KEEP_DAYS - 1, made_days_ago=30)
    stale = _analyses(tmp_path, f"1-{'c' * 20}", used_days_ago=KEEP_DAYS + 1)
    unstamped = _analyses(tmp_path, f"1-{'d' * 20}", made_days_ago=KEEP_DAYS + 1)
    other = _analyses(tmp_path, "offline", made_days_ago=100)  # not a folder of analyses: never kp's to expire

    mark_folder_used(current, ANALYSES, now=NOW)

    assert os.stat(current / STAMP).st_mtime == NOW
    assert recent.is_dir() and other.is_dir()
    assert not stale.exists() and not unstamped.exists()


def test_the_stamp_is_dated_and_the_siblings_looked_at_once_an_hour(tmp_path):
    current = tmp_path / f"1-{'a' * 20}"
    mark_folder_used(current, ANALYSES, now=NOW)
    stale = _analyses(tmp_path, f"1-{'c' * 20}", used_days_ago=KEEP_DAYS + 1)

    mark_folder_used(current, ANALYSES, now=NOW + 600)
    assert stale.is_dir() and os.stat(current / STAMP).st_mtime == NOW

    mark_folder_used(current, ANALYSES, now=NOW + 3601)
    assert not stale.exists() and os.stat(current / STAMP).st_mtime == NOW + 3601


def test_a_check_dates_the_folder_it_reads_and_without_the_cache_none(make_project):
    root = make_project({"docs/en/a.md": "# A\n\nText.\n"})
    project = load_project(root)
    uncached = Checker(project, use_cache=False)
    uncached.run([root / "docs"])
    assert not (uncached.cache.folder / STAMP).exists()
    checker = Checker(project)
    checker.run([root / "docs"])
    assert (checker.cache.folder / STAMP).is_file()


def _files(folder, names, days_ago):
    for name in names:
        (folder / name).write_bytes(b"%PDF")
        _dated(folder / name, days_ago)


def test_files_are_kept_while_used_and_deleted_a_week_after(tmp_path):
    log = UseLog(tmp_path, ".pdf")
    _files(tmp_path, ["kept.pdf"], days_ago=100)  # made long ago, used today
    _files(tmp_path, ["old.pdf"], days_ago=KEEP_DAYS + 1)  # made before the log, unused since
    _files(tmp_path, ["new.pdf"], days_ago=0)
    _files(tmp_path, [".kept.pdf.123.tmp"], days_ago=3)  # a killed render's leftover
    _files(tmp_path, [".new.pdf.456.tmp"], days_ago=0)  # a render still writing

    log.record(["kept"], now=NOW)

    assert sorted(p.name for p in tmp_path.iterdir()) == [".new.pdf.456.tmp", "kept.pdf", "new.pdf", UseLog.NAME]
    today = int(NOW // DAY)
    assert json.loads((tmp_path / UseLog.NAME).read_text(encoding="utf-8")) == {
        "expired_on": today, "used": {"kept": today, "new": today}}

    later = NOW + (KEEP_DAYS + 1) * DAY
    log.record(["new"], now=later)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pdf", UseLog.NAME]


def test_the_log_is_written_only_when_it_changes(tmp_path):
    _files(tmp_path, ["a.pdf"], days_ago=0)
    log = UseLog(tmp_path, ".pdf")
    log.record(["a"], now=NOW)
    _dated(tmp_path / UseLog.NAME, 1)
    log.record(["a"], now=NOW + 60)
    assert os.stat(tmp_path / UseLog.NAME).st_mtime == NOW - DAY  # the same day, the same key: not rewritten


def test_a_damaged_log_is_started_again(tmp_path):
    _files(tmp_path, ["a.pdf"], days_ago=0)
    (tmp_path / UseLog.NAME).write_text("{not json", encoding="utf-8")
    UseLog(tmp_path, ".pdf").record(["a"], now=NOW)
    assert json.loads((tmp_path / UseLog.NAME).read_text(encoding="utf-8"))["used"] == {"a": int(NOW // DAY)}


def test_site_steps_of_other_configurations_expire_and_the_templates_stay(tmp_path):
    from kp.expiry import SITE_STEPS

    current = tmp_path / ("a" * 20)
    other = _analyses(tmp_path, "b" * 20, used_days_ago=KEEP_DAYS - 1)  # another configuration's, in use
    stale = _analyses(tmp_path, "c" * 20, used_days_ago=KEEP_DAYS + 1)
    shard = _analyses(tmp_path, "9f", made_days_ago=KEEP_DAYS + 1)  # the store's layout before configurations
    templates = _analyses(tmp_path, "templates", made_days_ago=100)

    mark_folder_used(current, SITE_STEPS, now=NOW)

    assert other.is_dir() and templates.is_dir()
    assert not stale.exists() and not shard.exists()


def test_notes_are_dated_once_a_day_and_old_ones_go(tmp_path):
    from kp.expiry import note_used

    current, recent, old = (tmp_path / (letter * 64) for letter in "abc")
    other = tmp_path / "README"  # not a note: never kp's to delete
    for path, days in ((recent, KEEP_DAYS - 1), (old, KEEP_DAYS + 1), (other, 100)):
        path.touch()
        _dated(path, days)

    note_used(current, now=NOW)
    assert os.stat(current).st_mtime == NOW and recent.is_file() and other.is_file() and not old.exists()
    note_used(current, now=NOW + 3600)
    assert os.stat(current).st_mtime == NOW  # dated at most once a day
    note_used(current, now=NOW + DAY + 1)
    assert os.stat(current).st_mtime == NOW + DAY + 1


def test_loading_a_glossary_dates_its_note(make_project):
    root = make_project()
    load_project(root)
    notes = list((root / ".kp-cache/glossary-examples").iterdir())
    assert len(notes) == 1
    week_ago = time.time() - (KEEP_DAYS + 1) * DAY
    os.utime(notes[0], (week_ago, week_ago))
    load_project(root)  # the examples are not run again, and the note is dated today
    assert time.time() - notes[0].stat().st_mtime < 60
