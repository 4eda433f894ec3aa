"""Master PDF figures for ``/metrics`` (registered into qms.core.subjects): read from the database, because
renders run on workers and the scrape reaches a web node."""

from django.db.models import Count, Q, Sum
from prometheus_client.core import GaugeMetricFamily, HistogramMetricFamily

from processes.copies.models import MasterPDF

BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 60, 120)


def collect():
    done = MasterPDF.objects.filter(status=MasterPDF.Status.DONE, render_seconds__isnull=False)
    figures = done.aggregate(
        total=Count("id"), seconds=Sum("render_seconds"),
        **{f"le_{i}": Count("id", filter=Q(render_seconds__lte=bound)) for i, bound in enumerate(BUCKETS)})
    histogram = HistogramMetricFamily("qms_master_render_seconds", "Render time of the stored master PDFs.")
    histogram.add_metric([], [(str(bound), figures[f"le_{i}"]) for i, bound in enumerate(BUCKETS)]
                         + [("+Inf", figures["total"])], figures["seconds"] or 0.0)
    yield histogram
    by_status = GaugeMetricFamily("qms_master_pdfs", "Master PDFs by state (failed: renders that failed).",
                                  labels=["status"])
    counts = dict(MasterPDF.objects.values_list("status").annotate(n=Count("id")))
    for status in MasterPDF.Status.values:
        by_status.add_metric([status], counts.get(status, 0))
    yield by_status
