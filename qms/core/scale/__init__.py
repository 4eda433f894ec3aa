"""Province-scale data generator for ``manage.py seed_scale`` (issue 7, quality.md "Scale to measure at").

The core's part only: ``generate.Seeder`` (batched inserts, history rows, dates, names, paragraphs,
agencies and people) and ``vocab``. Each subject makes its own rows in its package's ``scale.py``
(``processes/documents``, ``processes/copies``, ``audits/capa``, ``audits/internal``,
``audits/feedback``), registered with ``qms.core.subjects.register_scale`` from its app's ``ready()``.
"""
