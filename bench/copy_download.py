"""Copy download THROUGH THE VIEW vs master render vs naive per-request render (issue 4 "Speed").

    .venv/bin/python bench/copy_download.py [--rounds 5] [--downloads 40]

A real ~20-page revision (published through the services, its master rendered by the approval task) in a
throw-away SQLite database and media folder. Side by side, interleaved round by round:
  master     services_pdf.render_master: HTML from the revision + bounded locked-down render + storage + SHA-256
  raw        WeasyPrint as documented on the same HTML (baseline for the master)
  naive      the django-weasyprint way: the document + a stamp block rendered per request
  download   GET /tai-lieu/ban-hanh/<pk>/ban-khong-kiem-soat.pdf with Django's test Client, logged in:
             permission checks, master read + SHA-256 check, stamp, copy + download rows, FileResponse
Goals: download ≤ 5% of master, ≥ 20× faster than naive, p95 ≤ 100 ms; master ≤ 1.15× raw.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="qms-copy-bench-"))
os.environ["DATABASE_URL"] = f"sqlite:///{TMP / 'bench.sqlite3'}"
os.environ["MEDIA_ROOT"] = str(TMP / "media")
os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qms.settings")

sys.path.insert(0, str(ROOT / "bench"))
from pdf_bench import naive_copy, raw_weasyprint, summary, timed  # noqa: E402  (sets Django up)

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def build():
    from qms.pdf.demo_procedure import _OUT, _PARAGRAPHS, _TIME, _WHAT, _WHO
    from processes.models import MasterPDF
    from tests.conftest import build_world
    from tests.processes.helpers import effective_revision, make_document

    call_command("migrate", verbosity=0)
    world = build_world()
    steps = [{"step": f"B{i + 1}", "responsibility": _WHO[i % 7], "description": _WHAT[i % len(_WHAT)],
              "time": _TIME[i % 7], "forms": _OUT[i % 7]} for i in range(46)]
    guidance = "".join(f"<h3>Nội dung hướng dẫn số {k + 1}</h3>" + "".join(f"<p>{p}</p>" for p in _PARAGRAPHS)
                       for k in range(24))
    document = make_document(world, code="QT-QLĐT-01", title="Cấp giấy phép xây dựng nhà ở riêng lẻ")
    revision = effective_revision(world, document, steps=steps, procedure_html=guidance,
                                  purpose=_PARAGRAPHS[0], scope=_PARAGRAPHS[1], references=_PARAGRAPHS[2])
    master = MasterPDF.objects.get(revision=revision)
    assert master.status == MasterPDF.Status.DONE, master.error
    return world, revision, master


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--downloads", type=int, default=40)
    args = parser.parse_args()

    from processes import services_pdf
    from processes.models import MasterPDF

    world, revision, master = build()
    html = services_pdf.master_html(revision)
    client = Client()
    client.force_login(world.staff)
    url = f"/tai-lieu/ban-hanh/{revision.pk}/ban-khong-kiem-soat.pdf"

    def download():
        response = client.get(url)
        assert response.status_code == 200, response.status_code
        return b"".join(response.streaming_content)

    def rerender():
        services_pdf.queue_master(revision_id=revision.pk, force=True)  # immediate backend: renders now
        m = MasterPDF.objects.get(pk=master.pk)
        assert m.status == MasterPDF.Status.DONE
        return m

    for _ in range(3):
        download()  # warm-up (imports, fonts, first queries)
    times = {"master": [], "raw": [], "naive": [], "download": [], "html": []}
    for r in range(args.rounds):
        order = ["master", "raw", "naive", "download"]
        order = order[r % 4:] + order[:r % 4]
        for name in order:
            if name == "master":
                times["master"].append(timed(rerender)[0])
                times["html"].append(timed(services_pdf.master_html, revision)[0])
            elif name == "raw":
                times["raw"].append(timed(raw_weasyprint, html)[0])
            elif name == "naive":
                times["naive"].append(timed(naive_copy, html, r + 1)[0])
            else:
                for _ in range(max(1, args.downloads // args.rounds)):
                    times["download"].append(timed(download)[0])
    pages = MasterPDF.objects.get(pk=master.pk).pages
    s = {k: summary(v) for k, v in times.items()}
    print(f"\nCopy download through the view, {pages}-page procedure (SQLite, test Client), "
          f"{args.rounds} rounds, {len(times['download'])} downloads")
    print(f"{'':10} {'median ms':>10} {'p95 ms':>9} {'min ms':>8} {'n':>4}")
    for name in ["raw", "master", "naive", "download"]:
        x = s[name]
        print(f"{name:10} {x['median'] * 1000:10.1f} {x['p95'] * 1000:9.1f} {x['min'] * 1000:8.1f} {x['n']:4d}")
    d, m, n, raw = s["download"]["median"], s["master"]["median"], s["naive"]["median"], s["raw"]["median"]
    p95 = s["download"]["p95"] * 1000
    print(f"\ndownload / master  = {d / m * 100:5.2f} %   (goal ≤ 5 %)      {'OK' if d / m <= 0.05 else 'MISS'}")
    print(f"naive / download   = {n / d:5.1f} ×   (goal ≥ 20 ×)     {'OK' if n / d >= 20 else 'MISS'}")
    print(f"download p95       = {p95:5.1f} ms  (goal ≤ 100 ms)   {'OK' if p95 <= 100 else 'MISS'}")
    print(f"master / raw       = {m / raw:5.2f} ×   (goal ≤ 1.15 ×)   {'OK' if m / raw <= 1.15 else 'MISS'}")
    print(f"  of the master: HTML built from the revision (queries, template, clean_for_print) "
          f"{s['html']['median'] * 1000:.0f} ms; the rest is the render, storage and SHA-256")
    print(f"(scratch database and media in {TMP})")


if __name__ == "__main__":
    main()
