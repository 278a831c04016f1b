"""Background work of the needs app (django-tasks; a ``db_worker`` process runs it)."""

from django_tasks import task

from needs import services


@task()
def import_upload(job_id: int) -> str:
    return services.run_job(job_id).status
