//! What the license allows, checked inside the write transaction of the action itself, so
//! a state change between the check and the commit cannot slip through.
//!
//! Money and stock changes need a license that allows selling; look-ups, reports and
//! export never ask. Entitlement limits (till users, products) apply while a license is
//! installed; before activation the owner may set the store up freely, but cannot sell.

use rusqlite::Transaction;
use serde::Serialize;

use super::clock::licensing_now;
use super::storage::license_snapshot;
use crate::CoreError;

/// Refuses `action` unless the license allows selling.
pub(crate) fn require_selling_allowed(
    transaction: &Transaction<'_>,
    action: &'static str,
) -> Result<(), CoreError> {
    let snapshot = license_snapshot(transaction, licensing_now())?;
    if snapshot.state.allows_selling() {
        Ok(())
    } else {
        Err(CoreError::LicenseRefused {
            action,
            state: snapshot.state,
        })
    }
}

/// What a license limits by count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LimitedResource {
    TillUsers,
    Products,
}

impl LimitedResource {
    pub fn noun(self) -> &'static str {
        match self {
            LimitedResource::TillUsers => "till users",
            LimitedResource::Products => "products",
        }
    }
}

/// Called after the rows were written in `transaction`: refuses (so the transaction rolls
/// back) when `resource` now counts more than the license allows.
pub(crate) fn require_within_limit(
    transaction: &Transaction<'_>,
    resource: LimitedResource,
) -> Result<(), CoreError> {
    let Some(claims) = license_snapshot(transaction, licensing_now())?.claims else {
        return Ok(());
    };
    let (limit, count_sql) = match resource {
        LimitedResource::TillUsers => (
            claims.entitlements.max_users,
            "SELECT COUNT(*) FROM till_users WHERE active = 1",
        ),
        LimitedResource::Products => (
            claims.entitlements.max_products,
            "SELECT COUNT(*) FROM products",
        ),
    };
    let count: i64 = transaction
        .prepare_cached(count_sql)?
        .query_row([], |row| row.get(0))?;
    if count > i64::from(limit) {
        Err(CoreError::LimitReached { resource, limit })
    } else {
        Ok(())
    }
}
