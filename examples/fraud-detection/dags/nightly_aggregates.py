"""Nightly transaction aggregates that the feature and reporting DAGs build on."""
from datetime import datetime

from airflow import DAG
from airflow.providers.postgres.operators.postgres import PostgresOperator

with DAG(
    dag_id="nightly_txn_aggregates",
    schedule="0 2 * * *",
    start_date=datetime(2024, 1, 1),
    catchup=False,
    default_args={"owner": "data-eng"},
) as dag:
    PostgresOperator(
        task_id="aggregate_transactions",
        postgres_conn_id="warehouse",
        sql="""
            CREATE TABLE warehouse.txn_daily_agg AS
            SELECT card_id, merchant_id, date_trunc('day', ts) AS day, count(*) AS n, sum(amount) AS total
            FROM warehouse.transactions
            GROUP BY 1, 2, 3
        """,
    )
