"""Jobs that read the nightly aggregate. Each starts at a fixed time and assumes the
aggregate is done by then."""
from datetime import datetime

from airflow import DAG
from airflow.providers.postgres.hooks.postgres import PostgresHook
from airflow.decorators import task

with DAG(dag_id="merchant_risk_features", schedule="0 3 * * *", start_date=datetime(2024, 1, 1), catchup=False,
         default_args={"owner": "data-eng"}):

    @task
    def build_merchant_risk():
        agg = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT merchant_id, sum(n) AS n FROM warehouse.txn_daily_agg GROUP BY 1")
        agg.to_parquet("s3://acme-fraud-data/features/transaction_stats.parquet")

    build_merchant_risk()

with DAG(dag_id="card_profile_features", schedule="0 3 * * *", start_date=datetime(2024, 1, 1), catchup=False,
         default_args={"owner": "data-eng"}):

    @task
    def build_card_profile():
        agg = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT card_id, min(day) AS first_seen FROM warehouse.txn_daily_agg GROUP BY 1")
        agg.to_parquet("s3://acme-fraud-data/features/card_profile.parquet")

    build_card_profile()

with DAG(dag_id="fraud_kpi_report", schedule="30 3 * * *", start_date=datetime(2024, 1, 1), catchup=False,
         default_args={"owner": "data-eng"}):

    @task
    def publish_kpis():
        kpis = PostgresHook(postgres_conn_id="warehouse").get_pandas_df("SELECT day, sum(total) AS volume FROM warehouse.txn_daily_agg GROUP BY 1")
        kpis.to_parquet("s3://acme-fraud-reports/kpis/daily.parquet")

    publish_kpis()
