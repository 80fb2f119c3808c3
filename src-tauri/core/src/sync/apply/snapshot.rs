//! A snapshot replaces the commands a store missed when the hub pruned them (or a cursor
//! the hub never handed out): every payment method and price as the hub holds them now,
//! applied in one transaction with the cursor the snapshot is current at.

use fflow_protocol::sync::Snapshot;
use rusqlite::Transaction;

use super::master_data::{ChangeSource, set_product_price, upsert_payment_method};
use super::{CommandFailure, in_savepoint, store_command_cursor};
use crate::{CoreError, StoreDatabase};

/// What a snapshot changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SnapshotOutcome {
    /// Payment methods and prices that differed from the store's and were written.
    pub changed: u64,
    /// Rows the store cannot take: prices of products it does not carry, invalid rows.
    pub skipped: u64,
}

/// Applies `snapshot` in one write transaction; nothing is written when it fails.
pub fn apply_snapshot(
    database: &StoreDatabase,
    snapshot: &Snapshot,
) -> Result<SnapshotOutcome, CoreError> {
    database.write(|transaction| apply_in(transaction, snapshot))
}

fn apply_in(
    transaction: &Transaction<'_>,
    snapshot: &Snapshot,
) -> Result<SnapshotOutcome, CoreError> {
    let source = ChangeSource::Snapshot {
        cursor: snapshot.cursor,
    };
    let mut outcome = SnapshotOutcome::default();
    let mut count = |result: Result<bool, CommandFailure>| match result {
        Ok(changed) => {
            outcome.changed += u64::from(changed);
            Ok(())
        }
        Err(CommandFailure::Refused(_)) => {
            outcome.skipped += 1;
            Ok(())
        }
        Err(CommandFailure::Store(error)) => Err(error),
    };
    for method in &snapshot.payment_methods {
        count(in_savepoint(transaction, || {
            upsert_payment_method(transaction, method, source)
        }))?;
    }
    for price in &snapshot.prices {
        count(in_savepoint(transaction, || {
            set_product_price(transaction, price, source)
        }))?;
    }
    // Set, not advanced: a store whose cursor is past the hub's feed (a restored hub,
    // another tenant's cursor) starts again from here too.
    store_command_cursor(transaction, snapshot.cursor)?;
    Ok(outcome)
}
