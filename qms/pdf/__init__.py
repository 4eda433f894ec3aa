"""Reusable PDF machinery: locked-down bounded rendering, print sanitising, stamped copies, codes.

    from qms.pdf.render import render_pdf, render_template_pdf, RenderError
    from qms.pdf.clean import clean_for_print
    from qms.pdf.stamp import stamp_pdf, controlled_lines, uncontrolled_lines, obsolete_lines
    from qms.pdf.codes import new_code, format_code, normalize_code, sha256_hex

Print templates extend ``templates/pdf/base.html`` (header block on every page, approval, amendment and
distribution blocks) with ``static/pdf/print.css`` (A4, Decree 30 margins, Liberation Serif). The bottom
25 mm of every page is left empty for the copy stamp. Reports (audit, NC) use ``static/css/report.css``; both
import ``static/pdf/tables.css`` (rows stay on one page, header rows repeat), and ``breaks.py`` lets a row
taller than a page split without losing the header row. Not a Django app: no models, nothing to install.
"""
