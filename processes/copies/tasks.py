"""Background tasks of document control (django-tasks; the database backend's ``db_worker`` runs them).

A queued render is a row in the tasks table: it survives a restart of the web server or the worker.
A render whose worker is killed is queued again by the watch for dead renders (leases.py says how and
how soon); the task's id goes into the render's lease so that its row, left RUNNING, is marked failed.
The task imports render.py, never services.py: services imports this module to queue the task.
"""

from django_tasks import task

from processes.copies.render import render_master


@task(takes_context=True)
def render_master_task(context, master_id):
    """Render one revision's master PDF (PDF-1). Failures are recorded on the MasterPDF, not raised."""
    master = render_master(master_id=master_id, task_id=context.task_result.id)
    return master.status
