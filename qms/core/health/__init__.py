"""Health and metrics for load balancers and operators, on every node.

* ``/healthz``: the process answers (no database): a load balancer's liveness probe.
* ``/readyz``: the database answers a query, the file storage writes, reads back and deletes a tiny object,
  and the oldest task waiting in the queue is younger than ``QMS_READY_MAX_QUEUE_LAG``; 503 with a JSON body
  naming what failed otherwise (nginx takes the node out of its upstream).
* ``/metrics``: Prometheus text format (metrics.py), for a bearer ``METRICS_TOKEN`` or an address in
  ``METRICS_ALLOWED_IPS``.

All three are open without a login (``login_not_required``) and set no cookie.
"""
