import os
from datetime import datetime

from dags import email_on_failure, log_failure_to_slack
from operators.gcs_to_gtfs_rt_command_operator import GCSToGTFSRTCommandOperator

from airflow import DAG, XComArg
from airflow.operators.bash import BashOperator

with DAG(
    dag_id="parse_and_validate_rt",
    tags=["gtfs", "gtfs-rt"],
    # Every hour at 15 minutes past the hour
    schedule="15 * * * *",
    start_date=datetime(2026, 6, 10),
    catchup=False,
    default_args={
        "email": os.getenv("CALITP_NOTIFY_EMAIL"),
        "email_on_failure": email_on_failure(),
        "email_on_retry": False,
        "on_failure_callback": log_failure_to_slack,
    },
):
    for process in ["parse", "validate"]:
        for feed in ["service_alerts", "trip_updates", "vehicle_positions"]:
            commands = GCSToGTFSRTCommandOperator(
                task_id=f"build_{process}_rt_{feed}",
                bucket=os.environ["CALITP_BUCKET__GTFS_RT_RAW"],
                process=process,
                feed=feed,
            )

            BashOperator.partial(
                task_id=f"{process}_rt_{feed}",
                pool=f"rt_{process}_pool",
                append_env=True,
                do_xcom_push=False,
            ).expand(bash_command=XComArg(commands))
