"""Speed and memory of `docgen build letters` at mailing scale; prints a table of figures.

Usage:
    python benchmarks/bench_letters.py                 # N = 100, 1000
    python benchmarks/bench_letters.py 100 1000 10000  # choose the sizes
    python benchmarks/bench_letters.py --jobs 1 100    # one worker
    python benchmarks/bench_letters.py --against main 1000   # this code and main's, side by side

For each N it makes a temporary forum project (a copy of the bundled forum whose
recipient lists are replaced by N synthetic recipients: Khmer and English names, all
provinces, languages mixed), runs `docgen build letters` for PDF only, DOCX only and
both (each run includes the print file, envelopes, labels and register), times the
combined print PDF on its own, and prints letters/s, pages/s and the peak memory of the
whole process tree (summed RSS, and summed PSS, which counts pages forked workers share
once) and of its largest process. When WeasyPrint is installed it also times the same letters as HTML -> PDF.
With ``--against REV`` every docgen measurement is run twice in turn, with this code and with
git revision REV's (checked out in a temporary ``git worktree``, run through PYTHONPATH), on
the same project, so that both see the same machine; the table then has a row for each.
Nothing here asserts: the figures are for people to read.
"""
from __future__ import annotations

import argparse
import contextlib
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from docgen.project import init_project, load_project
from docgen.provinces import PROVINCES

FAMILY_KM = ["សុខ", "ចាន់", "ហេង", "លី", "ម៉ម", "កែវ", "ស៊ុន", "ឈឹម", "ប៉ុក", "ញឹម", "អ៊ុំ", "ទេព"]
GIVEN_KM = ["សុភា", "វណ្ណា", "ដារ៉ា", "ស្រីមុំ", "បុប្ផា", "រតនា", "សំណាង", "ពិសិដ្ឋ", "ច័ន្ទធីតា", "វិបុល"]
FAMILY_EN = ["Sok", "Chan", "Heng", "Ly", "Mom", "Keo", "Sun", "Chhim", "Pok", "Nhim", "Um", "Tep"]
GIVEN_EN = ["Sophea", "Vanna", "Dara", "Sreymom", "Bopha", "Rotana", "Samnang", "Piseth", "Chanthida", "Vibol"]
CATEGORIES = ["authority", "department", "district", "commune", "ngo", "union", "community"]
COLUMNS = [
    "id", "honorific_km", "honorific_en", "name_km", "name_en", "position_km", "position_en",
    "organisation_km", "organisation_en", "category", "province", "session", "language",
    "email", "phone", "address_km", "address_en", "sex",
]


def synthetic_recipients(n: int, sessions: list[str], seed: int = 2018) -> list[dict[str, str]]:
    """N recipients spread over every province and category, languages mixed."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        province = PROVINCES[i % len(PROVINCES)]
        f, g = rng.randrange(len(FAMILY_KM)), rng.randrange(len(GIVEN_KM))
        female = g in (3, 4, 8)
        rows.append({
            "id": f"R{i + 1:05d}",
            "honorific_km": "លោកស្រី" if female else "លោក",
            "honorific_en": "Ms." if female else "Mr.",
            "name_km": f"{FAMILY_KM[f]} {GIVEN_KM[g]}",
            "name_en": f"{FAMILY_EN[f].upper()} {GIVEN_EN[g]}",
            "position_km": "ប្រធានក្រុមប្រឹក្សាឃុំ",
            "position_en": "Chief of the Commune Council",
            "organisation_km": f"ក្រុមប្រឹក្សាឃុំ{GIVEN_KM[(g + 3) % len(GIVEN_KM)]}",
            "organisation_en": f"{GIVEN_EN[(g + 3) % len(GIVEN_EN)]} Commune Council",
            "category": CATEGORIES[i % len(CATEGORIES)],
            "province": province.en,
            "session": sessions[i % len(sessions)],
            "language": rng.choice(["km", "km", "en", "both"]),
            "email": f"r{i + 1}@example.org",
            "phone": f"0{rng.randrange(10**7, 10**8)}",
            "address_km": f"{province.full_km} ព្រះរាជាណាចក្រកម្ពុជា",
            "address_en": f"{province.full_en}, Kingdom of Cambodia",
            "sex": "F" if female else "M",
        })
    return rows


def make_project(root: Path, n: int) -> Path:
    """A copy of the bundled forum with only N synthetic recipients."""
    project_dir = init_project(root / f"forum-{n}")
    sessions = [s.id for s in load_project(project_dir).forum.sessions]
    recipients = project_dir / "recipients"
    for old in recipients.iterdir():
        old.unlink()
    with open(recipients / "synthetic.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        writer.writerows(synthetic_recipients(n, sessions))
    for optional in ("attendance",):
        for stale in (project_dir / optional).glob("*"):
            stale.unlink()
    return project_dir


def _tree_memory_kb(root_pid: int) -> tuple[int, int, int]:
    """Resident memory (RSS, PSS, largest single RSS) of a process and all its descendants (Linux /proc).

    RSS counts pages a forked worker shares with its parent once per process; PSS
    splits each shared page between the processes sharing it, so its sum is what the
    tree really occupies.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(stat[1]), []).append(int(entry.name))
    rss = pss = largest = 0
    stack = [root_pid]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        fields = {line.split(":")[0]: line.split()[1] for line in rollup.splitlines()[1:] if ":" in line}
        rss += int(fields.get("Rss", 0))
        pss += int(fields.get("Pss", 0))
        largest = max(largest, int(fields.get("Rss", 0)))
    return rss, pss, largest


HERE = Path(__file__).resolve().parents[1]  # the code measured when no revision is named


@contextlib.contextmanager
def checkout(rev: str) -> Iterator[Path]:
    """The tree of git revision ``rev`` in a temporary worktree, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="bench-against-") as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(["git", "-C", str(HERE), "worktree", "add", "--detach", "--quiet", str(tree), rev], check=True)
        try:
            yield tree
        finally:
            subprocess.run(["git", "-C", str(HERE), "worktree", "remove", "--force", str(tree)], check=False)


def run_measured(cmd: list[str], code: Path = HERE) -> tuple[float, float, float, float]:
    """Run a command with the docgen in ``code``; return (seconds, peak tree RSS, peak tree PSS, peak RSS
    of one process), in MB."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(code), *filter(None, [os.environ.get("PYTHONPATH")])])}
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_rss = peak_pss = peak_one = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak_rss, peak_pss, peak_one
        while not stop.is_set():
            rss, pss, one = _tree_memory_kb(proc.pid)
            peak_rss, peak_pss, peak_one = max(peak_rss, rss), max(peak_pss, pss), max(peak_one, one)
            time.sleep(0.25)  # sampling costs CPU the measured run would otherwise have

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')}")
    return elapsed, peak_rss / 1024, peak_pss / 1024, peak_one / 1024


def count_pages(pdf: Path) -> int:
    import pypdfium2 as pdfium

    with pdfium.PdfDocument(pdf) as doc:
        return len(doc)


def bench_docgen(project_dir: Path, n: int, fmt: str, jobs: int | None, code: Path = HERE,
                 tool: str = "docgen") -> dict[str, object]:
    out = project_dir / f"out-{tool}-{fmt.replace(',', '-')}"
    shutil.rmtree(out, ignore_errors=True)
    cmd = [sys.executable, "-m", "docgen", "build", "letters", "-p", str(project_dir), "-o", str(out),
           "--format", fmt, "--timestamp", "2018-02-01"]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    seconds, peak, pss, one = run_measured(cmd, code)
    pages = count_pages(out / "letters" / "print.pdf") if "pdf" in fmt else 0
    return {"tool": tool, "format": fmt, "n": n, "seconds": seconds, "letters/s": n / seconds,
            "pages/s": pages / seconds if pages else None, "peak MB": peak, "peak PSS MB": pss, "1 proc MB": one}


_COMBINE = """
import sys
from pathlib import Path
from docgen.documents.printfile import combine_pdfs
letters = sorted(p for p in Path(sys.argv[1]).glob("*.pdf") if p.name != "print.pdf")
combine_pdfs(letters, Path(sys.argv[2]))
"""


def bench_print_file(project_dir: Path, n: int, code: Path = HERE, tool: str = "docgen") -> dict[str, object]:
    """The combined print PDF alone: the letters of the PDF run streamed into one file again."""
    letters = project_dir / f"out-{tool}-pdf" / "letters"
    target = project_dir / "print-again.pdf"
    seconds, peak, pss, one = run_measured([sys.executable, "-c", _COMBINE, str(letters), str(target)], code)
    pages = count_pages(target)
    target.unlink()
    return {"tool": tool, "format": "print.pdf", "n": n, "seconds": seconds, "letters/s": n / seconds,
            "pages/s": pages / seconds, "peak MB": peak, "peak PSS MB": pss, "1 proc MB": one}


def bench_weasyprint(n: int) -> dict[str, object] | None:
    """The same letter text through WeasyPrint, HTML -> PDF, one file per letter."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return None
    script = Path(__file__).with_name("weasyprint_letters.py")
    with tempfile.TemporaryDirectory() as tmp:
        seconds, peak, pss, one = run_measured([sys.executable, str(script), str(n), tmp])
    return {"tool": "weasyprint", "format": "pdf", "n": n, "seconds": seconds,
            "letters/s": n / seconds, "pages/s": None, "peak MB": peak, "peak PSS MB": pss, "1 proc MB": one}


def print_table(rows: list[dict[str, object]]) -> None:
    head = ["tool", "format", "n", "seconds", "letters/s", "pages/s", "peak MB", "peak PSS MB", "1 proc MB"]
    print(" | ".join(f"{h:>11}" for h in head))
    print("-" * (14 * len(head)))
    for row in rows:
        cells = []
        for h in head:
            v = row[h]
            cells.append(f"{v:>11.1f}" if isinstance(v, float) else f"{'-' if v is None else v!s:>11}")
        print(" | ".join(cells), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[100, 1000])
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--formats", default="pdf;docx;pdf,docx", help="';'-separated runs")
    parser.add_argument("--against", metavar="REV", help="also measure git revision REV's code, run by run")
    args = parser.parse_args()
    print(f"docgen letters benchmark on {os.cpu_count()} cores; jobs={args.jobs or 'all'}", flush=True)
    rows: list[dict[str, object]] = []
    with contextlib.ExitStack() as stack:
        tmp = stack.enter_context(tempfile.TemporaryDirectory())
        codes = [("docgen", HERE)]
        if args.against:
            codes.append((args.against[:11], stack.enter_context(checkout(args.against))))
        for n in args.sizes:
            project_dir = make_project(Path(tmp), n)
            for fmt in args.formats.split(";"):
                for tool, code in codes:  # in turn, so that both see the machine as it is now
                    rows.append(bench_docgen(project_dir, n, fmt, args.jobs, code, tool))
                    print_table(rows[-1:])
                if fmt == "pdf":
                    for tool, code in codes:
                        rows.append(bench_print_file(project_dir, n, code, tool))
                        print_table(rows[-1:])
            peer = bench_weasyprint(min(n, 200))
            if peer:
                rows.append(peer)
                print_table(rows[-1:])
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
