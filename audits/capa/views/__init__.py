"""Pages of nonconformities and actions, by what they do: ``register`` (the list and its export),
``lifecycle`` (one NC: recording, detail, print, correction, cause, reject, reopen), ``actions``
(actions and evidence), ``effectiveness`` (the check and closing); ``common`` holds what they share.
audits/capa/urls.py imports each module directly.
"""
