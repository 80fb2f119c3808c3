//! Report wire types for owners and admins.

use serde::{Deserialize, Serialize};

/// One UTC day of `GET /v1/reports/sales`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesDay {
    /// `YYYY-MM-DD`, in UTC, of the sales' completion on the store's clock.
    pub day: String,
    pub count: i64,
    pub total_cents: i64,
}

/// `GET /v1/reports/sales`: every projected sale, per day, oldest day first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SalesReport {
    pub days: Vec<SalesDay>,
}
