"""Pages of the internal audit (8.2.2), by what they do: ``planning`` (programmes, coverage, the
audits list, an audit's page, plan and team), ``checklists`` (questions, answers, evidence,
templates), ``conduct`` (start, close, reopen, findings, the report); ``common`` holds the access
helpers they share. audits/internal/urls.py imports each module directly.
"""
