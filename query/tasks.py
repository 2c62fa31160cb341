"""Background work of the query app (Celery tasks; called in-process in thread mode)."""

from celery import shared_task

from query.services.runs import execute_run


@shared_task(name="query.run_dataset", ignore_result=True)
def run_dataset(run_id: int) -> None:
    execute_run(run_id)
