"""kp's benchmarks: one command, a table on the terminal and JSON in bench/results/.

    .venv/bin/python bench/run.py                 # sizes 10 and 100 chapters per language
    .venv/bin/python bench/run.py --sizes 10,500,2000

Measures, on generated corpora (bench/corpus.py) and on the project's own site:

* checking: ``kp check`` cold and cached against textlint + textlint-rule-prh (installed from
  the npm registry into bench/.node by this script) with the same avoided terms, generated
  from glossary.yml; files/s, MB/s, the ratio, and how many planted Hindi and Bengali slips
  each finds;
* building: ``kp site`` (website, offline copy and PDFs) time and peak memory against corpus
  size, and the rebuild after one chapter changes, whole and in its parts; the website with
  its offline copy alone up to larger sizes (``--website-max``) than with the PDFs
  (``--build-max``), since the PDFs take most of a full build;
* PDF: pages per second and peak memory, kp against plain WeasyPrint on the same HTML;
* site: bytes for a typical SOP page, first and repeat view, and the search index per language;
* the machine: a fixed reference workload at the start and the end of the run, so that runs on
  different machines (or a machine that slowed down) can be told apart.

Peak memory is the largest total, sampled five times a second, of the measured process and
all the processes it started (proportional set sizes, so shared pages count once).
Timings on a shared 2-core machine are noisy: compare ratios taken in the same run. The
short measurements (checking, rebuilds) are therefore taken several times (``--turns``), the
tools and the rebuild's parts taking turns, and their medians reported.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple

import yaml

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PYTHON = sys.executable
KP = [PYTHON, "-m", "kp.cli"]
sys.path.insert(0, str(BENCH))

from corpus import chapter_path, generate  # noqa: E402

MEASURE = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
    "seconds = time.perf_counter() - start\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "sys.stdout.buffer.write(f'{seconds} {used.ru_utime + used.ru_stime} {done.returncode}\\n'.encode() + done.stdout)\n"
)
"""Times a command in a process of its own. Its processor time is that of the whole tree (MkDocs,
the PDF workers), which the kernel adds to each parent as it waits for its children."""


class Measured(NamedTuple):
    seconds: float
    peak_mb: float
    cpu_s: float  # user and system, of the command and every process it started
    output: str


def _descendants(root: int) -> list[int]:
    """Process ``root`` and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rpartition(")")[2].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, ()))
    return found


def _tree_memory(root: int) -> int:
    """Bytes of memory used by process ``root`` and all its descendants, now.

    Each process counts its proportional set size (shared pages split between the processes
    sharing them), so workers forked from one parent are not counted twice.
    """
    total = 0
    for pid in _descendants(root):
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            continue
    return total


def _tree_cpu(root: int) -> float:
    """Processor seconds used so far by process ``root``, its descendants and the children they waited for."""
    total = 0
    for pid in _descendants(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return total / os.sysconf("SC_CLK_TCK")


def measure(command: list[str], cwd: Path) -> Measured:
    """Seconds, peak MB, processor seconds and stdout of ``command``, run in a fresh process.

    Peak memory is the largest sum, sampled five times a second, of the memory of the command
    and every process it started (MkDocs, PDF workers), not only of its largest process.
    """
    process = subprocess.Popen([PYTHON, "-c", MEASURE, *command], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    peak = 0
    with ThreadPoolExecutor(1) as pool:  # reads the output while the memory is sampled
        reader = pool.submit(process.stdout.read)
        while process.poll() is None:
            peak = max(peak, _tree_memory(process.pid))
            time.sleep(0.2)
        output = reader.result()
    first, _, rest = output.partition(b"\n")
    seconds, cpu, _code = first.decode().split()
    return Measured(float(seconds), peak / 2**20, float(cpu), rest.decode("utf-8", "replace"))


def corpus_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.md"))


# --- textlint + prh ------------------------------------------------------------------------

def ensure_textlint() -> Path:
    node = BENCH / ".node"
    binary = node / "node_modules/.bin/textlint"
    if not binary.exists():
        node.mkdir(exist_ok=True)
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--silent", "--prefix", str(node),
                        "textlint@15.8.0", "textlint-rule-prh@6.1.0"], check=True)
    return binary


def prh_pattern(term: str) -> str:
    """prh escapes '-' as '\\-', which JavaScript rejects with the u flag; give such terms as a regex."""
    if "-" not in term:
        return term
    return "/" + re.sub(r"([.*+?^${}()|\[\]\\/])", r"\\\1", term) + "/"


def prh_rules(glossary: Path, lang: str) -> dict:
    """The glossary's avoided terms for ``lang`` as prh rules (the setup a textlint user would write)."""
    data = yaml.safe_load(glossary.read_text(encoding="utf-8"))
    rules = []
    for concept in data["concepts"]:
        for item in (concept.get("avoid") or {}).get(lang, []):
            patterns = [prh_pattern(t) for t in (item["term"], *item.get("forms", []))]
            rules.append({"expected": concept["preferred"][lang], "patterns": patterns})
    return {"version": 1, "rules": rules}


def textlint_findings(binary: Path, corpus: Path) -> tuple[float, float, set]:
    """Run textlint+prh per language (each with that language's rules); (seconds, peak MB, findings)."""
    total, peak, found = 0.0, 0.0, set()
    for lang in ("en", "hi", "bn"):
        folder = corpus / "textlint" / lang
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "prh.yml").write_text(yaml.safe_dump(prh_rules(corpus / "glossary.yml", lang), allow_unicode=True), encoding="utf-8")
        (folder / ".textlintrc.json").write_text(json.dumps({"rules": {"prh": {"rulePaths": [str(folder / "prh.yml")]}}}), encoding="utf-8")
        seconds, memory, _, out = measure(
            [str(binary), "--config", str(folder / ".textlintrc.json"), "--format", "json", f"docs/{lang}/**/*.md"], corpus
        )
        total += seconds
        peak = max(peak, memory)
        for result in json.loads(out or "[]"):
            path = os.path.relpath(result["filePath"], corpus)
            for message in result["messages"]:
                found.add((path, message["line"]))
    return total, peak, found


def kp_findings(corpus: Path, cached: bool) -> tuple[float, float, set]:
    """``kp check --select T001``, from nothing or with the cache that a full check leaves.

    (A check of some codes only does not write the cache, so a full check fills it first.)
    """
    shutil.rmtree(corpus / ".kp-cache", ignore_errors=True)
    if cached:
        subprocess.run([*KP, "check", "docs"], cwd=corpus, capture_output=True)
    seconds, memory, _, out = measure([*KP, "check", "--format", "json", "--select", "T001", "docs"], corpus)
    return seconds, memory, {(f["path"], f["line"]) for f in json.loads(out)}


def planted_found(corpus: Path, found: set) -> dict:
    planted = json.loads((corpus / "planted.json").read_text(encoding="utf-8"))["planted"]
    result = {}
    for lang in ("en", "hi", "bn"):
        mine = [p for p in planted if p["path"].startswith(f"docs/{lang}/")]
        result[lang] = f"{sum((p['path'], p['line']) in found for p in mine)}/{len(mine)}"
    return result


# --- building ------------------------------------------------------------------------------

def build_times(corpus: Path, with_pdfs: bool, turns: int = 1) -> dict:
    """``kp site`` from scratch, then after one chapter changes; with the PDFs up to a size.

    With PDFs: the full build (website, offline copy, every PDF), the rebuild, and the
    rebuild's two parts alone (the website with its offline copy; the touched PDFs). Then,
    and at every size, the website with its offline copy alone from scratch and rebuilt.
    Each rebuild is timed ``turns`` times, a new sentence each time, the kinds taking turns;
    the medians are reported (and every time under ``…_runs_s``).
    """
    site = [*KP, "site", "--no-strict", "--project", str(corpus)]
    chapter = corpus / chapter_path("en", 1)
    result = {}

    def edit(sentence: str) -> None:
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")

    def rebuilds(kinds: dict[str, list[str]], sentence: str) -> None:
        runs: dict[str, list[Measured]] = {name: [] for name in kinds}
        for turn in range(turns):
            for name, command in kinds.items():
                edit(f"{sentence} ({name.replace('_', ' ')}, turn {turn + 1}).")
                runs[name].append(measure(command, corpus))
        for name, measured in runs.items():
            for key, values in ((name, [m.seconds for m in measured]), (f"{name}_cpu", [m.cpu_s for m in measured])):
                result[f"{key}_s"] = round(statistics.median(values), 2)
                result[f"{key}_runs_s"] = [round(v, 2) for v in values]
            result[f"{name}_peak_mb"] = max(round(m.peak_mb) for m in measured)

    if with_pdfs:
        full = measure(site, corpus)
        result.update(site_s=round(full.seconds, 2), site_peak_mb=round(full.peak_mb), site_cpu_s=round(full.cpu_s, 1))
        rebuilds({"rebuild": site, "rebuild_website": [*site, "--no-pdf"],
                  "rebuild_pdfs": [*KP, "pdf", "--out", str(corpus / "pdf-out"), "--project", str(corpus)]},
                 "One more sentence after review")
        result.update(watch_times(corpus, edit, turns))
    # The website alone, from nothing (the PDFs' cache is kept: --no-pdf does not read it).
    for entry in (corpus / ".kp-cache").glob("*"):
        if entry.name != "pdf":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    shutil.rmtree(corpus / "site", ignore_errors=True)
    website = measure([*site, "--no-pdf"], corpus)
    result.update(website_s=round(website.seconds, 2), website_peak_mb=round(website.peak_mb))
    rebuilds({"website_rebuild": [*site, "--no-pdf"]}, "A sentence for the website alone")
    return result


def watch_times(corpus: Path, edit, turns: int) -> dict:
    """The rebuild after one chapter changes while ``kp site --watch`` runs, from the saved
    edit to the build published: the whole products' layouts kept between builds.

    The first edit after starting (``watch_first_s``) lays the product out part by part and
    keeps it; the ``turns`` after it are timed and their median reported, with the processor
    time of every process taking part and the memory the watching processes hold at the end.
    """
    process = subprocess.Popen([*KP, "site", "--watch", "--no-strict", "--project", str(corpus)], cwd=corpus,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")

    lines: queue.Queue = queue.Queue()  # read all along: a full pipe would stop the builds

    def read() -> None:
        for line in process.stderr:
            lines.put(line)
        lines.put("")

    threading.Thread(target=read, daemon=True).start()

    def built() -> None:
        while line := lines.get(timeout=1800):
            if line.startswith(("kp site: built", "kp site: failed")):
                if not line.startswith("kp site: built"):
                    raise RuntimeError(f"kp site --watch: {line.strip()}")
                return
        raise RuntimeError("kp site --watch stopped")

    try:
        built()
        times, cpu = [], []
        for turn in range(turns + 1):
            before, start = _tree_cpu(process.pid), time.perf_counter()
            edit(f"A sentence saved while watching (turn {turn}).")
            built()
            times.append(time.perf_counter() - start)
            cpu.append(_tree_cpu(process.pid) - before)
        memory = _tree_memory(process.pid)
    finally:
        process.terminate()  # as Ctrl-C (SIGINT may be ignored where this runs in the background)
        process.wait(timeout=120)
    return {"watch_first_s": round(times[0], 2), "watch_rebuild_s": round(statistics.median(times[1:]), 2),
            "watch_rebuild_runs_s": [round(t, 2) for t in times[1:]],
            "watch_rebuild_cpu_s": round(statistics.median(cpu[1:]), 2), "watch_mb": round(memory / 2**20)}


# --- PDF -----------------------------------------------------------------------------------

PDF_SCRIPT = """
import sys, time, resource
from pathlib import Path
sys.path.insert(0, {scripts!r})
from kp.pdf import Document, document_html, render
from kp.project import load_project
project = load_project(Path({corpus!r}))
pages = sorted(Path({corpus!r}, "docs", "hi").rglob("ch*.md"), key=lambda p: p.name)[:{count}]
document = Document("hi", "product-001", "all", pages, "all.pdf", whole=True)
html = document_html(document, project, "2026-12-01")
start = time.perf_counter()
if {plain!r}:
    import weasyprint
    document = weasyprint.HTML(string=html, base_url=str(pages[0].parent)).render()
    document.write_pdf(Path({corpus!r}, "plain.pdf"))
    count = len(document.pages)
else:
    count = render(html, Path({corpus!r}, "kp.pdf"), pages[0].parent, project.root, "all.pdf")
print(count, time.perf_counter() - start)
"""


def pdf_speed(corpus: Path, count: int) -> dict:
    result = {}
    for name, plain in (("kp", False), ("weasyprint", True)):
        script = PDF_SCRIPT.format(scripts=str(ROOT / "scripts"), corpus=str(corpus), count=count, plain=plain)
        _, peak, _, out = measure([PYTHON, "-c", script], corpus)
        pages, seconds = out.split()
        result[name] = {"pages": int(pages), "pages_per_s": round(int(pages) / float(seconds), 1), "peak_mb": round(peak)}
    return result


# --- site weight ---------------------------------------------------------------------------

def page_weight(site: Path, page: str) -> dict:
    html_path = site / page
    html = html_path.read_text(encoding="utf-8")
    assets = set(re.findall(r'<(?:link[^>]+href|script[^>]+src|img[^>]+src)="([^"#?]+)', html))
    first = len(html.encode())
    for asset in assets:
        if "://" in asset:
            continue
        target = (html_path.parent / asset).resolve()
        if target.is_file():
            first += target.stat().st_size
    index = {}
    for lang, path in (("en", "kp-search.js"), ("hi", "hi/kp-search.js"), ("bn", "bn/kp-search.js")):
        data = (site / path).read_bytes()
        index[lang] = {"bytes": len(data), "gzip_bytes": len(gzip.compress(data, 9))}
    return {"page": page, "first_view_bytes": first, "repeat_view_bytes": len(html.encode()), "search_index": index}


REFERENCE = (
    "import json, time, markdown\n"
    "from corpus import SENTENCES\n"
    "text = '\\n\\n'.join(f'## Step {n}\\n\\n' + ' '.join(SENTENCES['en']) + '\\n\\n| a | b |\\n|---|---|\\n| 1 | 2 |'\n"
    "                    for n in range(60))\n"
    "def work():\n"
    "    for _ in range(4):\n"
    "        html = markdown.markdown(text, extensions=['tables', 'toc'])\n"
    "        json.loads(json.dumps({'html': html, 'words': html.split()}))\n"
    "work()\n"
    "times = []\n"
    "for _ in range(5):\n"
    "    start = time.process_time()\n"
    "    work()\n"
    "    times.append(time.process_time() - start)\n"
    "print(min(times))\n"
)
"""A fixed piece of the kind of work a build does (Markdown into HTML, JSON both ways), on one
core, the fastest of five: how fast this machine is, so that runs on different machines of the
same size can be compared. Machines sold as the same size differ by half and more."""


def reference_seconds() -> float:
    """Processor seconds of :data:`REFERENCE` in a fresh interpreter (lower is a faster machine)."""
    done = subprocess.run([PYTHON, "-c", REFERENCE], cwd=BENCH, capture_output=True, text=True, check=True)
    return round(float(done.stdout), 3)


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{os.cpu_count()} cores, {cpu}, {memory:.0f} GiB, Python {platform.python_version()}, {platform.system()}"


def main() -> None:
    parser = argparse.ArgumentParser(description="Run kp's benchmarks.")
    parser.add_argument("--sizes", default="10,100", help="chapters per language, comma-separated (10 to 2000)")
    parser.add_argument("--pdf-pages", type=int, default=20, help="Hindi chapters in the PDF benchmark")
    parser.add_argument("--build-max", type=int, default=500, help="time builds with PDFs only up to this size")
    parser.add_argument("--website-max", type=int, default=2000, help="time website builds only up to this size")
    parser.add_argument("--turns", type=int, default=3,
                        help="times each check and rebuild is measured, taking turns (the median is reported)")
    parser.add_argument("--tables", action="store_true",
                        help="print the last results (bench/results/latest.json) as the README's tables, running nothing")
    args = parser.parse_args()
    if args.turns < 1:
        parser.error("--turns must be at least 1")
    if args.tables:
        latest = BENCH / "results" / "latest.json"
        if not latest.is_file():
            sys.exit(f"bench: no results in {latest} yet; run the benchmarks first")
        print(markdown(json.loads(latest.read_text(encoding="utf-8"))))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {"machine": machine(), "date": time.strftime("%Y-%m-%d"), "check": [], "build": [],
               "reference_s": {"start": reference_seconds()}}
    textlint = ensure_textlint()
    with tempfile.TemporaryDirectory(prefix="kp-bench-") as temporary:
        for size in sizes:
            corpus = Path(temporary) / f"corpus-{size}"
            generate(corpus, size)
            files = len(list((corpus / "docs").rglob("*.md")))
            megabytes = corpus_bytes(corpus / "docs") / 2**20
            colds, tls, ratios, cold_peak, tl_peak = [], [], [], 0.0, 0.0
            for _ in range(args.turns):  # kp and textlint take turns, so that both meet the same noise
                cold, peak, kp_found = kp_findings(corpus, cached=False)
                tl, peak_tl, tl_found = textlint_findings(textlint, corpus)
                colds.append(cold)
                tls.append(tl)
                ratios.append(tl / cold)
                cold_peak, tl_peak = max(cold_peak, peak), max(tl_peak, peak_tl)
            cold, tl = statistics.median(colds), statistics.median(tls)
            warm, _, _ = kp_findings(corpus, cached=True)
            results["check"].append({
                "chapters_per_language": size, "files": files, "mb": round(megabytes, 2),
                "kp_cold_s": round(cold, 2), "kp_cached_s": round(warm, 2), "kp_peak_mb": round(cold_peak),
                "kp_files_per_s": round(files / cold, 1), "kp_mb_per_s": round(megabytes / cold, 2),
                "textlint_s": round(tl, 2), "textlint_peak_mb": round(tl_peak),
                "textlint_files_per_s": round(files / tl, 1), "ratio": round(statistics.median(ratios), 2),
                "ratio_range": [round(min(ratios), 2), round(max(ratios), 2)],
                "kp_cold_runs_s": [round(v, 2) for v in colds], "textlint_runs_s": [round(v, 2) for v in tls],
                "planted_found_kp": planted_found(corpus, kp_found),
                "planted_found_textlint": planted_found(corpus, tl_found),
            })
            if size <= args.website_max:
                row = build_times(corpus, with_pdfs=size <= args.build_max, turns=args.turns)
                results["build"].append({"chapters_per_language": size, **row})
        pdf_corpus = Path(temporary) / "pdf"
        generate(pdf_corpus, args.pdf_pages)
        results["pdf"] = pdf_speed(pdf_corpus, args.pdf_pages)
    results["reference_s"]["end"] = reference_seconds()  # a machine that slowed down shows here
    site = ROOT / "site"
    if (site / "sop/rescue/index.html").is_file():
        results["site"] = page_weight(site, "sop/rescue/index.html")
    out = BENCH / "results"
    out.mkdir(exist_ok=True)
    (out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    report(results)


def _reference(results: dict) -> str:
    reference = results.get("reference_s")
    if not reference:
        return ""
    return f"; the reference workload took {reference['start']} s at the start, {reference.get('end', '–')} s at the end"


def report(results: dict) -> None:
    print(f"machine: {results['machine']}{_reference(results)}")
    print("\nchecking (T001 over the corpus)")
    print(f"{'ch/lang':>8} {'files':>6} {'MB':>6} {'kp cold s':>9} {'cached s':>8} {'kp f/s':>7} {'kp MB':>6} "
          f"{'textlint s':>10} {'tl MB':>6} {'ratio':>6}  planted found kp | textlint (en hi bn)")
    for row in results["check"]:
        kp, tl = row["planted_found_kp"], row["planted_found_textlint"]
        print(f"{row['chapters_per_language']:>8} {row['files']:>6} {row['mb']:>6} {row['kp_cold_s']:>9} {row['kp_cached_s']:>8} "
              f"{row['kp_files_per_s']:>7} {row['kp_peak_mb']:>6} {row['textlint_s']:>10} {row['textlint_peak_mb']:>6} {row['ratio']:>6}  "
              f"{kp['en']} {kp['hi']} {kp['bn']} | {tl['en']} {tl['hi']} {tl['bn']}")
    if results["build"]:
        print("\nbuilding (kp site; rebuild after one chapter changes)")
        for row in results["build"]:
            line = f"{row['chapters_per_language']:>8} ch/lang:"
            if "site_s" in row:
                line += (f" with PDFs: full {row['site_s']} s, peak {row['site_peak_mb']} MB; rebuild {row['rebuild_s']} s, "
                         f"peak {row['rebuild_peak_mb']} MB, processor {row.get('rebuild_cpu_s', '–')} s "
                         f"(website and offline copy alone {row['rebuild_website_s']} s, "
                         f"the touched PDFs alone {row['rebuild_pdfs_s']} s); while watching: "
                         f"rebuild {row.get('watch_rebuild_s', '–')} s (the first {row.get('watch_first_s', '–')} s), "
                         f"processor {row.get('watch_rebuild_cpu_s', '–')} s, held {row.get('watch_mb', '–')} MB;")
            line += (f" website and offline copy: full {row['website_s']} s, peak {row['website_peak_mb']} MB; "
                     f"rebuild {row['website_rebuild_s']} s, peak {row['website_rebuild_peak_mb']} MB")
            print(line)
    pdf = results["pdf"]
    print(f"\nPDF: kp {pdf['kp']['pages_per_s']} pages/s (peak {pdf['kp']['peak_mb']} MB), "
          f"plain WeasyPrint {pdf['weasyprint']['pages_per_s']} pages/s (peak {pdf['weasyprint']['peak_mb']} MB), {pdf['kp']['pages']} pages")
    if "site" in results:
        site = results["site"]
        print(f"\nsite: {site['page']}: first view {site['first_view_bytes']:,} bytes, repeat view {site['repeat_view_bytes']:,} bytes")
        for lang, size in site["search_index"].items():
            print(f"  search index {lang}: {size['bytes']:,} bytes ({size['gzip_bytes']:,} gzipped)")


def markdown(results: dict) -> str:
    """The results as the Markdown tables of the README's performance section."""
    def pair(found: dict) -> str:
        return f"{found['hi']}, {found['bn']}"

    def ratio(row: dict) -> str:  # the median, and the range over the turns where there were several
        low, high = row.get("ratio_range", (row["ratio"], row["ratio"]))
        return f"{row['ratio']}×" + (f" ({low}–{high})" if low != high else "")

    lines = [f"Measured on {results['date']} on {results['machine']}{_reference(results)}.", "",
             "| chapters per language | files | MB | kp cold s | kp cached s | kp peak MB | textlint+prh s "
             "| textlint peak MB | kp's throughput | planted slips found by kp (hi, bn) | by textlint+prh (hi, bn) |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for row in results["check"]:
        lines.append(f"| {row['chapters_per_language']:,} | {row['files']:,} | {row['mb']} | {row['kp_cold_s']} "
                     f"| {row['kp_cached_s']} | {row['kp_peak_mb']} | {row['textlint_s']} | {row['textlint_peak_mb']} "
                     f"| {ratio(row)} | {pair(row['planted_found_kp'])} | {pair(row['planted_found_textlint'])} |")
    lines += ["", "| chapters per language | full build s | peak MB | rebuild s | processor s | peak MB "
              "| website and offline copy alone s | touched PDFs alone s | rebuild while watching s | processor s "
              "| memory held MB | website from nothing s | peak MB | website rebuild s | peak MB |",
              "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for row in results["build"]:
        def cell(key):
            return str(row[key]) if key in row else "–"
        lines.append(f"| {row['chapters_per_language']:,} | " + " | ".join(cell(key) for key in (
            "site_s", "site_peak_mb", "rebuild_s", "rebuild_cpu_s", "rebuild_peak_mb", "rebuild_website_s", "rebuild_pdfs_s",
            "watch_rebuild_s", "watch_rebuild_cpu_s", "watch_mb", "website_s", "website_peak_mb", "website_rebuild_s", "website_rebuild_peak_mb")) + " |")
    return "\n".join(lines)


if __name__ == "__main__":
    main()
