//! Opening, moving cash in and out of, and closing the counter's cash session.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use super::report::{SessionReport, session_report};
use crate::licensing::enforcement::require_selling_allowed;
use crate::records::{
    AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, new_id, now_millis,
};
use crate::{CoreError, StoreDatabase};

/// Money put into or taken out of the drawer outside a sale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CashMovementKind {
    CashIn,
    CashOut,
}

impl CashMovementKind {
    fn as_str(self) -> &'static str {
        match self {
            CashMovementKind::CashIn => "cash_in",
            CashMovementKind::CashOut => "cash_out",
        }
    }
}

/// The id of the open session, if one is open.
pub fn open_session_id(connection: &Connection) -> Result<Option<String>, CoreError> {
    Ok(connection
        .prepare_cached("SELECT id FROM cash_sessions WHERE status = 'open'")?
        .query_row([], |row| row.get(0))
        .optional()?)
}

/// Opens a session with `float_cents` in the drawer and returns its id.
pub fn open_session(
    database: &StoreDatabase,
    user_id: &str,
    float_cents: i64,
) -> Result<String, CoreError> {
    if float_cents < 0 {
        return Err(CoreError::InvalidInput {
            field: "float",
            reason: "the opening float cannot be negative".to_owned(),
        });
    }
    database.write(|transaction| {
        if open_session_id(transaction)?.is_some() {
            return Err(CoreError::SessionAlreadyOpen);
        }
        let id = new_id();
        let at = now_millis();
        transaction.execute(
            "INSERT INTO cash_sessions (id, status, opened_by, opened_at, opening_float_cents)
             VALUES (?1, 'open', ?2, ?3, ?4)",
            params![id, user_id, at, float_cents],
        )?;
        append_to_outbox(
            transaction,
            &OutboxEvent {
                aggregate: "cash_session",
                aggregate_id: &id,
                kind: "cash_session.opened",
                payload: json!({ "id": id, "opened_by": user_id, "opening_float_cents": float_cents }),
                occurred_at: at,
            },
        )?;
        Ok(id)
    })
}

/// Records cash put in or taken out of the drawer, with its reason.
pub fn cash_movement(
    database: &StoreDatabase,
    user_id: &str,
    kind: CashMovementKind,
    amount_cents: i64,
    reason: &str,
) -> Result<(), CoreError> {
    if amount_cents <= 0 {
        return Err(CoreError::InvalidInput {
            field: "amount",
            reason: "the amount must be more than zero".to_owned(),
        });
    }
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(CoreError::InvalidInput {
            field: "reason",
            reason: "say why cash goes in or out".to_owned(),
        });
    }
    database.write(|transaction| {
        require_selling_allowed(transaction, "Moving cash in or out")?;
        let session_id = open_session_id(transaction)?.ok_or(CoreError::NoOpenSession)?;
        let id = new_id();
        let at = now_millis();
        transaction.execute(
            "INSERT INTO cash_movements (id, session_id, kind, amount_cents, reason, user_id, occurred_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![id, session_id, kind.as_str(), amount_cents, reason, user_id, at],
        )?;
        let details = json!({ "session_id": session_id, "kind": kind.as_str(), "amount_cents": amount_cents, "reason": reason });
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(user_id),
                approved_by: None,
                action: "cash.moved",
                entity: "cash_session",
                entity_id: &session_id,
                before: None,
                after: Some(details.clone()),
                occurred_at: at,
            },
        )?;
        append_to_outbox(
            transaction,
            &OutboxEvent {
                aggregate: "cash_session",
                aggregate_id: &session_id,
                kind: "cash_session.cash_moved",
                payload: details,
                occurred_at: at,
            },
        )?;
        Ok(())
    })
}

/// Closes the open session with the amounts counted per payment method and returns the
/// Z report. Methods not counted are recorded as counted zero.
pub fn close_session(
    database: &StoreDatabase,
    user_id: &str,
    counted: &[(String, i64)],
) -> Result<SessionReport, CoreError> {
    if counted.iter().any(|(_, cents)| *cents < 0) {
        return Err(CoreError::InvalidInput {
            field: "counted",
            reason: "a counted amount cannot be negative".to_owned(),
        });
    }
    database.write(|transaction| {
        let session_id = open_session_id(transaction)?.ok_or(CoreError::NoOpenSession)?;
        for (method_code, cents) in counted {
            let known: bool = transaction.query_row(
                "SELECT EXISTS (SELECT 1 FROM payment_methods WHERE code = ?1)",
                [method_code],
                |row| row.get(0),
            )?;
            if !known {
                return Err(CoreError::UnknownPaymentMethod(method_code.clone()));
            }
            transaction.execute(
                "INSERT INTO cash_session_counts (session_id, method_code, counted_cents) VALUES (?1, ?2, ?3)
                 ON CONFLICT (session_id, method_code) DO UPDATE SET counted_cents = excluded.counted_cents",
                params![session_id, method_code, cents],
            )?;
        }
        let at = now_millis();
        transaction.execute(
            "UPDATE cash_sessions SET status = 'closed', closed_by = ?2, closed_at = ?3 WHERE id = ?1",
            params![session_id, user_id, at],
        )?;
        let report = session_report(transaction, &session_id)?;
        let summary = serde_json::to_value(&report).unwrap_or_default();
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(user_id),
                approved_by: None,
                action: "cash_session.closed",
                entity: "cash_session",
                entity_id: &session_id,
                before: None,
                after: Some(summary.clone()),
                occurred_at: at,
            },
        )?;
        append_to_outbox(
            transaction,
            &OutboxEvent {
                aggregate: "cash_session",
                aggregate_id: &session_id,
                kind: "cash_session.closed",
                payload: summary,
                occurred_at: at,
            },
        )?;
        Ok(report)
    })
}
