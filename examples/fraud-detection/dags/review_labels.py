"""Moves flagged transactions to the fraud-ops review queue and turns reviewer decisions
into training labels for the next retrain."""
from datetime import datetime

from airflow import DAG
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.operators.python import PythonOperator
from airflow.providers.postgres.operators.postgres import PostgresOperator

LABELS_URI = "s3://acme-fraud-data/labels/reviewed.parquet"


def export_training_labels():
    labels = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT txn_id, is_fraud, reviewed_at FROM fraud.review_labels")
    labels.to_parquet(LABELS_URI)


with DAG(
    dag_id="review_labels",
    schedule="@hourly",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args={"owner": "data-eng"},
) as dag:
    queue_flagged_for_review = PostgresOperator(
        task_id="queue_flagged_for_review",
        postgres_conn_id="warehouse",
        sql="""
            INSERT INTO review.queue (txn_id, score, flagged_at)
            SELECT txn_id, score, scored_at FROM fraud.flagged_transactions
            WHERE scored_at > now() - interval '1 hour'
        """,
    )

    collect_reviewer_labels = PostgresOperator(
        task_id="collect_reviewer_labels",
        postgres_conn_id="warehouse",
        sql="""
            INSERT INTO fraud.review_labels (txn_id, is_fraud, reviewed_at)
            SELECT q.txn_id, d.is_fraud, d.decided_at
            FROM review.queue q JOIN review.decisions d ON d.txn_id = q.txn_id
        """,
    )

    export_labels = PythonOperator(task_id="export_training_labels", python_callable=export_training_labels)

    queue_flagged_for_review >> collect_reviewer_labels >> export_labels
