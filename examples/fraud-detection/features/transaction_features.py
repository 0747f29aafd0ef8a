"""Feast definitions for the fraud model's online features."""
from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource
from feast.types import Float32, Int64

card = Entity(name="card", join_keys=["card_id"])

transaction_stats = FileSource(
    name="transaction_stats_source",
    path="s3://acme-fraud-data/features/transaction_stats.parquet",
    timestamp_field="event_timestamp",
)

card_profile_source = FileSource(
    name="card_profile_source",
    path="s3://acme-fraud-data/features/card_profile.parquet",
    timestamp_field="event_timestamp",
)

transaction_features = FeatureView(
    name="transaction_features",
    entities=[card],
    ttl=timedelta(hours=6),
    schema=[
        Field(name="amount_zscore", dtype=Float32),
        # Renamed from merchant_risk in feature-repo v2 (scale changed to 0..1).
        Field(name="merchant_risk_score", dtype=Float32),
        Field(name="txn_velocity_1h", dtype=Int64),
    ],
    source=transaction_stats,
    online=True,
    tags={"team": "data-eng"},
)

card_profile = FeatureView(
    name="card_profile",
    entities=[card],
    ttl=timedelta(days=1),
    schema=[
        Field(name="card_age_days", dtype=Int64),
        Field(name="country_mismatch", dtype=Int64),
    ],
    source=card_profile_source,
    online=True,
    tags={"team": "data-eng"},
)
