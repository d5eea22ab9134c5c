"""The benchmark's own parts that need no npm: its corpus, its count of slips, its tables."""

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("kp_bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # puts bench/ on sys.path for its corpus module
    yield module
    sys.path.remove(str(BENCH))


def test_the_corpus_is_the_same_from_the_same_seed(bench, tmp_path):
    first = bench.generate(tmp_path / "one", 10)
    second = bench.generate(tmp_path / "two", 10)
    assert first == second and len(first["planted"]) == 61
    for path in (tmp_path / "one/docs").rglob("*.md"):
        assert path.read_bytes() == (tmp_path / "two" / path.relative_to(tmp_path / "one")).read_bytes()


def test_kp_finds_every_planted_slip(bench, tmp_path):
    corpus = tmp_path / "corpus"
    bench.generate(corpus, 10)
    _, _, found = bench.kp_findings(corpus, cached=False)
    assert bench.planted_found(corpus, found) == {"en": "19/19", "hi": "21/21", "bn": "21/21"}


def test_the_table_gives_the_median_ratio_and_its_range(bench):
    row = {"chapters_per_language": 500, "files": 1503, "mb": 6.28, "kp_cold_s": 6.3, "kp_cached_s": 1.0,
           "kp_peak_mb": 127, "textlint_s": 22.4, "textlint_peak_mb": 181, "ratio": 3.53, "ratio_range": [3.52, 4.0],
           "planted_found_kp": {"hi": "987/987", "bn": "1002/1002"},
           "planted_found_textlint": {"hi": "555/987", "bn": "532/1002"}}
    once = {**row, "ratio_range": [3.53, 3.53]}
    results = {"date": "2026-12-01", "machine": "2 cores", "check": [row, once], "build": [
        {"chapters_per_language": 500, "website_s": 71.4, "website_peak_mb": 292,
         "website_rebuild_s": 9.3, "website_rebuild_peak_mb": 164}]}
    table = bench.markdown(results).splitlines()
    assert "| 3.53× (3.52–4.0) | 987/987, 1002/1002 | 555/987, 532/1002 |" in table[4]
    assert "| 3.53× | 987/987" in table[5]
    assert table[-1] == "| 500 | – | – | – | – | – | – | – | – | – | – | 71.4 | 292 | 9.3 | 164 |"


def test_a_measurement_counts_the_processor_time_of_the_processes_a_command_starts(bench, tmp_path):
    """The rebuild's processor time includes MkDocs' and the PDF workers'; a command waiting does not."""
    busy = ("import subprocess, sys; subprocess.run([sys.executable, '-c', "
            "'import time\\nend = time.process_time() + 0.6\\nwhile time.process_time() < end: pass'])")
    run = bench.measure([sys.executable, "-c", busy], tmp_path)
    assert run.cpu_s >= 0.6 and run.seconds >= 0.6
    idle = bench.measure([sys.executable, "-c", "import time; time.sleep(0.6); print('done')"], tmp_path)
    assert idle.seconds >= 0.6 and idle.cpu_s < 0.4 and idle.output == "done\n"


def test_the_results_say_how_fast_the_machine_was_at_the_start_and_the_end(bench):
    first, second = bench.reference_seconds(), bench.reference_seconds()
    assert 0 < first < 30 and 0 < second < 30
    results = {"date": "2026-12-02", "machine": "2 cores", "check": [], "build": [],
               "reference_s": {"start": 0.155, "end": 0.262}}
    assert bench.markdown(results).splitlines()[0] == (
        "Measured on 2026-12-02 on 2 cores; the reference workload took 0.155 s at the start, 0.262 s at the end.")
    del results["reference_s"]  # results of runs before the reference workload existed
    assert bench.markdown(results).splitlines()[0] == "Measured on 2026-12-02 on 2 cores."
