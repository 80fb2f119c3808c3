//! Returns of earlier sales: lines (never more than sold minus already returned), the
//! refund by method, stock back or not, in one transaction with its audit row and outbox
//! event. Every return needs a manager's approval.
//!
//! A line's refund is its paid total in proportion to the quantity returned, rounded half
//! away from zero; the return that brings a line's returned quantity up to what was sold
//! refunds exactly what is left of the line's total, so a sale returned in parts never
//! refunds a cent more or less than was paid.

use rusqlite::{OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::complete::PaymentEntry;
use super::find_sale_id;
use crate::cash::open_session_id;
use crate::licensing::enforcement::require_selling_allowed;
use crate::money::{Cents, divide_rounding_half_away};
use crate::people::ManagerApproval;
use crate::records::{
    AuditEntry, OutboxEvent, append_to_audit_log, append_to_outbox, new_id, now_millis,
};
use crate::sale::payment::PaymentKind;
use crate::stock::{Movement, MovementReason, record_movement};
use crate::{CoreError, StoreDatabase};

/// One line to return: its number on the sale and how much of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnLine {
    pub line_no: i64,
    pub quantity_milli: i64,
}

#[derive(Debug, Clone)]
pub struct ReturnRequest {
    /// The sale's id or its human code (`CX01-42`).
    pub sale: String,
    pub cashier_id: String,
    pub approval: ManagerApproval,
    pub lines: Vec<ReturnLine>,
    /// How the money goes back; must add up to the refund due.
    pub refunds: Vec<PaymentEntry>,
    pub restock: bool,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletedReturn {
    pub id: String,
    pub sale_id: String,
    pub refund_cents: i64,
}

/// What is still returnable of a sale's line.
struct SoldLine {
    product_id: String,
    quantity_milli: i64,
    total_cents: i64,
    returned_milli: i64,
    refunded_cents: i64,
}

/// The refund due for `request`, without writing anything (for the UI to show first).
pub fn refund_due(
    database: &StoreDatabase,
    sale: &str,
    lines: &[ReturnLine],
) -> Result<Cents, CoreError> {
    database.read(|connection| {
        let sale_id = find_sale_id(connection, sale)?;
        let mut due = 0_i64;
        for line in lines {
            due += line_refund(&sold_line(connection, &sale_id, line.line_no)?, line)?;
        }
        Ok(Cents(due))
    })
}

/// Records the return of `request` and returns it.
pub fn return_sale(
    database: &StoreDatabase,
    request: &ReturnRequest,
) -> Result<CompletedReturn, CoreError> {
    if request.lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    if request.reason.trim().is_empty() {
        return Err(CoreError::InvalidInput {
            field: "reason",
            reason: "say why the goods come back".to_owned(),
        });
    }
    database.write(|transaction| write_return(transaction, request))
}

fn write_return(
    transaction: &Transaction<'_>,
    request: &ReturnRequest,
) -> Result<CompletedReturn, CoreError> {
    require_selling_allowed(transaction, "A return")?;
    let session_id = open_session_id(transaction)?.ok_or(CoreError::NoOpenSession)?;
    let sale_id = find_sale_id(transaction, &request.sale)?;
    let mut refunds_per_line = Vec::with_capacity(request.lines.len());
    let mut due = 0_i64;
    for line in &request.lines {
        let sold = sold_line(transaction, &sale_id, line.line_no)?;
        let refund = line_refund(&sold, line)?;
        due += refund;
        refunds_per_line.push((sold, refund));
    }
    let refunds = refund_tenders(transaction, &request.refunds)?;
    let refunded: i64 = refunds.iter().map(|(_, _, cents)| cents).sum();
    if refunded != due {
        return Err(CoreError::RefundMismatch {
            due: Cents(due),
            refunds: Cents(refunded),
        });
    }
    let id = new_id();
    let at = now_millis();
    let approver = &request.approval.manager().id;
    transaction.execute(
        "INSERT INTO returns (id, sale_id, session_id, cashier_id, approved_by, reason, restock, refund_cents, returned_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![id, sale_id, session_id, request.cashier_id, approver, request.reason.trim(), request.restock, due, at],
    )?;
    for (line, (sold, refund)) in request.lines.iter().zip(&refunds_per_line) {
        transaction.execute(
            "INSERT INTO return_lines (return_id, sale_id, line_no, quantity_milli, refund_cents)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![id, sale_id, line.line_no, line.quantity_milli, refund],
        )?;
        if request.restock {
            record_movement(
                transaction,
                &Movement {
                    product_id: &sold.product_id,
                    location_id: None,
                    quantity_milli: line.quantity_milli,
                    reason: MovementReason::Return,
                    reference_id: Some(&id),
                    user_id: Some(&request.cashier_id),
                    note: Some(request.reason.trim()),
                    occurred_at: at,
                },
            )?;
        }
    }
    for (position, (method_code, kind, cents)) in refunds.iter().enumerate() {
        transaction.execute(
            "INSERT INTO return_refunds (return_id, position, method_code, kind, amount_cents)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                id,
                i64::try_from(position).unwrap_or(i64::MAX) + 1,
                method_code,
                kind.as_str(),
                cents
            ],
        )?;
    }
    let details = json!({
        "id": id, "sale_id": sale_id, "refund_cents": due, "restock": request.restock,
        "reason": request.reason.trim(),
        "lines": request.lines,
        "refunds": refunds.iter().map(|(code, kind, cents)| json!({"method_code": code, "kind": kind.as_str(), "amount_cents": cents})).collect::<Vec<_>>(),
    });
    append_to_audit_log(
        transaction,
        &AuditEntry {
            actor_id: Some(&request.cashier_id),
            approved_by: Some(approver),
            action: "sale.returned",
            entity: "sale",
            entity_id: &sale_id,
            before: None,
            after: Some(details.clone()),
            occurred_at: at,
        },
    )?;
    append_to_outbox(
        transaction,
        &OutboxEvent {
            aggregate: "sale",
            aggregate_id: &sale_id,
            kind: "sale.returned",
            payload: details,
            occurred_at: at,
        },
    )?;
    Ok(CompletedReturn {
        id,
        sale_id,
        refund_cents: due,
    })
}

fn sold_line(
    connection: &rusqlite::Connection,
    sale_id: &str,
    line_no: i64,
) -> Result<SoldLine, CoreError> {
    connection
        .prepare_cached(
            "SELECT l.product_id, l.quantity_milli, l.total_cents,
                    COALESCE(SUM(r.quantity_milli), 0), COALESCE(SUM(r.refund_cents), 0)
             FROM sale_lines l LEFT JOIN return_lines r ON r.sale_id = l.sale_id AND r.line_no = l.line_no
             WHERE l.sale_id = ?1 AND l.line_no = ?2 GROUP BY l.sale_id, l.line_no",
        )?
        .query_row(params![sale_id, line_no], |row| {
            Ok(SoldLine {
                product_id: row.get(0)?,
                quantity_milli: row.get(1)?,
                total_cents: row.get(2)?,
                returned_milli: row.get(3)?,
                refunded_cents: row.get(4)?,
            })
        })
        .optional()?
        .ok_or_else(|| CoreError::InvalidInput {
            field: "line",
            reason: format!("the sale has no line {line_no}"),
        })
}

fn line_refund(sold: &SoldLine, line: &ReturnLine) -> Result<i64, CoreError> {
    let returnable = sold.quantity_milli - sold.returned_milli;
    if line.quantity_milli <= 0 || line.quantity_milli > returnable {
        return Err(CoreError::ReturnAboveSold {
            line: line.line_no,
            returnable_milli: returnable,
        });
    }
    if line.quantity_milli == returnable {
        return Ok(sold.total_cents - sold.refunded_cents);
    }
    let share = divide_rounding_half_away(
        i128::from(sold.total_cents) * i128::from(line.quantity_milli),
        i128::from(sold.quantity_milli),
    );
    // Earlier partial returns may have rounded up; never refund past the line's total.
    Ok(i64::try_from(share)
        .unwrap_or(i64::MAX)
        .min(sold.total_cents - sold.refunded_cents))
}

fn refund_tenders(
    transaction: &Transaction<'_>,
    refunds: &[PaymentEntry],
) -> Result<Vec<(String, PaymentKind, i64)>, CoreError> {
    refunds
        .iter()
        .map(|refund| {
            if refund.amount_cents <= 0 {
                return Err(CoreError::InvalidInput {
                    field: "refund",
                    reason: "a refund must be more than zero".to_owned(),
                });
            }
            let kind: Option<String> = transaction
                .prepare_cached("SELECT kind FROM payment_methods WHERE code = ?1 AND active = 1")?
                .query_row([&refund.method_code], |row| row.get(0))
                .optional()?;
            let kind = kind
                .as_deref()
                .and_then(PaymentKind::parse)
                .ok_or_else(|| CoreError::UnknownPaymentMethod(refund.method_code.clone()))?;
            Ok((refund.method_code.clone(), kind, refund.amount_cents))
        })
        .collect()
}
