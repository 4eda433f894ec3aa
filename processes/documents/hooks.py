"""What other subjects do when a document moves on, without documents knowing them.

Dependencies point one way, core ← documents ← copies (tests/test_layout.py): documents must not import
copies, yet copies reacts to a revision's life (its master PDF is rendered on approval, controlled copies
are issued and the old ones asked back when it becomes effective, every copy is asked back when the
document is withdrawn). So the documents services call the handlers listed here at fixed points, and
copies adds its handlers in ``ProcessesConfig.ready()`` (processes/apps.py), in registration order.

Plain lists called in the open rather than Django signals: each call site in the services shows when
its handlers run. What a handler may rely on:

- revision approved: ``handler(revision_id=…)``, after the approval has committed; the approval stands
  whatever the handler does (copies' handler logs its own failures).
- revision effective: ``handler(revision_id=…, previous_id=…)`` (``previous_id``: the issue it superseded,
  or None), after the activation has committed; the activation stands whatever the handler does.
- document withdrawn: ``handler(document=…)``, inside the withdrawal's transaction, so what the handler
  writes commits or rolls back with it (a document no longer in force must not stay on desks).
- hidden revision: ``handler(user=…, revision=…)`` when a member opens a revision of their agency that they
  may not view (a superseded issue, for staff); it returns a page that user may open about it instead, or
  None. The first answer wins; with none, the visitor gets the 404 as before. Copies sends the holder of a
  copy asked back to that copy's recall page: old e-mails' links to the issue itself then lead somewhere.
"""

_approved = []
_effective = []
_withdrawn = []
_hidden = []


def _add(registry, handler):
    if handler not in registry:  # registered twice, called once (as qms/core/subjects.py does)
        registry.append(handler)
    return handler


def on_revision_approved(handler):
    return _add(_approved, handler)


def on_revision_effective(handler):
    return _add(_effective, handler)


def on_document_withdrawn(handler):
    return _add(_withdrawn, handler)


def on_hidden_revision(handler):
    return _add(_hidden, handler)


def page_instead_of_hidden_revision(*, user, revision):
    for handler in _hidden:
        url = handler(user=user, revision=revision)
        if url:
            return url
    return None


def revision_approved(*, revision_id):
    for handler in _approved:
        handler(revision_id=revision_id)


def revision_effective(*, revision_id, previous_id):
    for handler in _effective:
        handler(revision_id=revision_id, previous_id=previous_id)


def document_withdrawn(*, document):
    for handler in _withdrawn:
        handler(document=document)
