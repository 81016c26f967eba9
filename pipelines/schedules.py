"""The quarterly schedule: on the 15th day after a quarter ends, evaluate that quarter.

Quarters end on 31 March, 30 June, 30 September and 31 December, so the run falls on
15 April, 15 July, 15 October and 15 January. Dagster cannot derive this from a static
partitions definition, hence the explicit cron and partition choice. The schedule is on by
default: it runs whenever the Dagster daemon does.
"""

from datetime import datetime

import dagster as dg

from pipelines.core.quarters import Quarter, quarter_ended_before
from pipelines.jobs import JOB_NAME

CRON = "0 7 15 1,4,7,10 *"
TIMEZONE = "Asia/Jakarta"


def quarter_for_run(scheduled: datetime) -> Quarter:
    return quarter_ended_before(scheduled.date())


@dg.schedule(
    name="quarterly_evaluation_schedule",
    cron_schedule=CRON,
    execution_timezone=TIMEZONE,
    job_name=JOB_NAME,
    description="15 days after each quarter ends, 07:00 WIB: evaluate the quarter that ended.",
    # on as soon as the daemon runs (`sakip ui` / `dg dev` start one): the planners expect the
    # quarter to be evaluated without anyone switching the schedule on first
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def quarterly_schedule(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    q = quarter_for_run(context.scheduled_execution_time)
    return dg.RunRequest(run_key=f"schedule-{q.key}", partition_key=q.key, tags={"trigger": "schedule"})
