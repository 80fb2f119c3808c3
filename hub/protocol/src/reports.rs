//! Report wire types for owners and admins.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// One UTC day of `GET /v1/reports/sales`: the count and GMV (sum of sale totals) of the
/// tenant's stores, and of each store that sold that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesDay {
    /// `YYYY-MM-DD`, in UTC, of the sales' completion on the store's clock.
    pub day: String,
    pub count: i64,
    pub total_cents: i64,
    /// Ordered by device id; the day's figures are their sums.
    pub stores: Vec<StoreSales>,
}

/// One store's (device's) sales on one day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoreSales {
    pub device_id: Uuid,
    pub count: i64,
    pub total_cents: i64,
}

/// `GET /v1/reports/sales`: every projected sale, per day, oldest day first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SalesReport {
    pub days: Vec<SalesDay>,
}
