"""Document control pages, one module per area; processes/documents/urls.py names the module of each.

- documents.py: the register (with search), a document's page and entry, its distribution list, the master list;
- revisions.py: a revision's pages and workflow (edit, submit, sign, reject, comment, cancel, acknowledge),
  comparison of two issues;
- imports.py: filling a draft from a Word file: upload and preview, then confirm;
- changes.py: change requests and periodic reviews;
- common.py: what they share: fetching a document or revision the user may see, form errors as messages.
"""
