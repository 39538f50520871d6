"""Escalations run as Temporal workflows: a worker polls the task queue."""
from datetime import timedelta

from temporalio import activity, workflow


@activity.defn
async def page_on_call(alert_name: str) -> None:
    print("paging for", alert_name)


@workflow.defn
class Escalate:
    @workflow.run
    async def run(self, alert_name: str) -> None:
        await workflow.execute_activity(page_on_call, alert_name, start_to_close_timeout=timedelta(seconds=30))
