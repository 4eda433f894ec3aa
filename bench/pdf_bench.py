"""PDF benchmark (issue 4 "Speed"): ratios measured side by side in one run, plus absolute figures.

    .venv/bin/python bench/pdf_bench.py [--rounds 5] [--copies 30]

For a ~20-page procedure, interleaved round by round so machine noise hits every contender alike:
  raw      WeasyPrint as documented: HTML(string).write_pdf(stylesheets=[print.css]), new FontConfiguration
  naive    the django-weasyprint way for a copy: the whole document + a stamp block rendered per request
  master   our render_pdf: forked child with RLIMIT_AS + timeout, locked-down fetcher, shared fonts, metadata
  inproc   our render without the child (shows what isolation costs)
  copy     stamp_pdf on the stored master: stamp drawn + overlaid on every page + link annotations
Then the peak memory of rendering a ~70-page procedure, in a fresh interpreter (ru_maxrss of the
interpreter and of the bounded render child it forks).

Goals: copy ≤ 5% of master and ≥ 20× faster than naive; master ≤ 1.15× raw; 70 pages ≤ 250 MB peak.
Writes bench/results/pdf-<UTC time>.json (gitignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")

import django  # noqa: E402

django.setup()
logging.getLogger("weasyprint").setLevel(logging.ERROR)
logging.getLogger("weasyprint.progress").setLevel(logging.ERROR)

from qms.pdf import codes  # noqa: E402
from qms.pdf.demo_procedure import procedure_html, procedure_metadata  # noqa: E402
from qms.pdf.render import render_in_process, render_result, warm_up  # noqa: E402
from qms.pdf.stamp import CONTROLLED, controlled_lines, stamp_pdf  # noqa: E402

PAGES_20 = {"steps": 46, "padding_sections": 6}
PAGES_70 = {"steps": 40, "padding_sections": 31}
CSS_PATH = ROOT / "static" / "pdf" / "print.css"
LINK = '<link rel="stylesheet" href="/static/pdf/print.css">'
STAMP_HTML = (
    '<div style="position: fixed; bottom: -20mm; left: 0; border: 1.5pt double #c00; color: #c00; '
    'padding: 2mm; width: 90mm; text-align: center">'
    "<b>BẢN KIỂM SOÁT số {n:02d}</b><br>Người giữ: Nguyễn Thị Hương<br>Bộ phận: Phòng Quản lý đô thị"
    '<br><img src="{qr}" style="width: 18mm"> Mã xác minh: {code}</div>'
)


def raw_weasyprint(html: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=html.replace(LINK, "")).write_pdf(
        stylesheets=[weasyprint.CSS(filename=str(CSS_PATH))])


def naive_copy(html: str, n: int) -> bytes:
    import segno

    code = codes.new_code()
    qr = segno.make(f"https://qms.example.gov.vn/xac-minh/{code}").svg_data_uri()
    stamp = STAMP_HTML.format(n=n, qr=qr, code=codes.format_code(code))
    return raw_weasyprint(html.replace("</body>", stamp + "</body>"))


def make_copy(master: bytes, n: int) -> bytes:
    code = codes.new_code()
    return stamp_pdf(master, kind=CONTROLLED,
                     text_lines=controlled_lines("BẢN KIỂM SOÁT", n, "Nguyễn Thị Hương", "Phòng Quản lý đô thị",
                                                 "29/11/2026"),
                     verify_url=f"https://qms.example.gov.vn/xac-minh/{code}", verify_code=codes.format_code(code))


def timed(fn, *args):
    started = time.perf_counter()
    out = fn(*args)
    return time.perf_counter() - started, out


def summary(samples):
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95, "min": ordered[0], "n": len(ordered)}


def memory_child(pages_kw: dict) -> dict:
    """Runs in a fresh interpreter: render a long procedure through render_pdf, report peaks (MB)."""
    html = procedure_html(**pages_kw)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    warm_up()
    warm = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = render_result(html, metadata=procedure_metadata())
    return {
        "pages": result.pages,
        "interpreter_before_mb": round(base, 1),
        "interpreter_after_warm_up_mb": round(warm, 1),
        "interpreter_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "render_child_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "render_seconds": round(result.seconds, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory_child(PAGES_70)))
        return

    html = procedure_html(**PAGES_20)
    warm_up()
    master = render_result(html, metadata=procedure_metadata())
    print(f"procedure: {master.pages} pages, master {len(master.pdf) / 1024:.0f} KB", flush=True)

    times = {"raw": [], "naive": [], "master": [], "inproc": [], "copy": []}
    contenders = {
        "raw": lambda r: raw_weasyprint(html),
        "master": lambda r: render_result(html, metadata=procedure_metadata()),
        "inproc": lambda r: render_in_process(html, metadata=procedure_metadata()),
        "naive": lambda r: naive_copy(html, r + 1),
    }
    order = list(contenders)
    copy_size = 0
    for r in range(args.rounds):
        for name in order[r % len(order):] + order[:r % len(order)]:  # rotate: no one always goes first
            times[name].append(timed(contenders[name], r)[0])
        for n in range(args.copies // args.rounds):
            seconds, copy = timed(make_copy, master.pdf, n + 1)
            times["copy"].append(seconds)
            copy_size = len(copy)
        print(f"round {r + 1}/{args.rounds}: raw {times['raw'][-1]:.2f}s master {times['master'][-1]:.2f}s "
              f"copy {times['copy'][-1] * 1000:.1f}ms", flush=True)

    stats = {name: summary(values) for name, values in times.items()}
    med = {name: s["median"] for name, s in stats.items()}
    # renders are paired round by round (same machine load), so the ratio is the median of per-round ratios
    paired = [m / r for m, r in zip(times["master"], times["raw"])]
    paired_inproc = [m / r for m, r in zip(times["inproc"], times["raw"])]
    ratios = {
        "master/raw": statistics.median(paired),
        "inproc/raw": statistics.median(paired_inproc),
        "copy/master": med["copy"] / med["master"],
        "naive/copy": med["naive"] / med["copy"],
    }
    ratios_min = {"master/raw (min/min)": stats["master"]["min"] / stats["raw"]["min"]}

    child = subprocess.run([sys.executable, __file__, "--memory-child"], capture_output=True, text=True,
                           cwd=ROOT, check=True)
    memory = json.loads(child.stdout.strip().splitlines()[-1])

    print()
    print(f"{'what':<8} {'median':>10} {'p95':>10} {'min':>10} {'n':>4}")
    for name, s in stats.items():
        unit, k = ("ms", 1000) if s["median"] < 1 else ("s", 1)
        print(f"{name:<8} {s['median'] * k:>8.2f}{unit:>2} {s['p95'] * k:>8.2f}{unit:>2} {s['min'] * k:>8.2f}{unit:>2} "
              f"{s['n']:>4}")
    print()
    goals = {"master/raw": ("≤ 1.15", ratios["master/raw"] <= 1.15),
             "copy/master": ("≤ 0.05", ratios["copy/master"] <= 0.05),
             "naive/copy": ("≥ 20", ratios["naive/copy"] >= 20),
             "inproc/raw": ("(info)", None)}
    for name, value in ratios.items():
        goal, ok = goals[name]
        verdict = "" if ok is None else ("met" if ok else "MISSED")
        print(f"{name:<12} {value:>8.3f}   goal {goal:<7} {verdict}")
    for name, value in ratios_min.items():
        print(f"{name:<12} {value:>8.3f}   (fastest against fastest: least disturbed by other load)")
    print(f"copy p95 {stats['copy']['p95'] * 1000:.1f} ms (goal ≤ 100 ms); copy size {copy_size / 1024:.0f} KB "
          f"vs master {len(master.pdf) / 1024:.0f} KB")
    peak = memory["render_child_peak_mb"]
    print(f"{memory['pages']}-page render: child peak RSS {peak} MB (goal ≤ 250 MB: {'met' if peak <= 250 else 'MISSED'}); "
          f"interpreter {memory['interpreter_peak_mb']} MB (warm {memory['interpreter_after_warm_up_mb']} MB); "
          f"{memory['render_seconds']} s")

    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    out = out_dir / f"pdf-{stamp}.json"
    out.write_text(json.dumps({
        "when": stamp, "pages": master.pages, "master_bytes": len(master.pdf), "copy_bytes": copy_size,
        "seconds": stats, "ratios": ratios, "ratios_min": ratios_min, "memory_70_pages": memory,
        "cpu_count": os.cpu_count(), "loadavg": os.getloadavg(),
    }, indent=2))
    print(f"\nwritten {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
