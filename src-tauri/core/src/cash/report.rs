//! The session report. The X report (during the session) and the Z report (at closing)
//! are both this one function over the same rows, so they cannot disagree.
//!
//! Expected cash = opening float + cash payments − change given − cash refunds + cash in
//! − cash out. Expected for any other method = what was paid with it − what was refunded
//! with it. The difference is counted − expected, once counted.

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use crate::CoreError;

/// Totals of one payment method in a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodTotals {
    pub method_code: String,
    pub label: String,
    pub kind: String,
    pub payments_cents: i64,
    pub refunds_cents: i64,
    pub expected_cents: i64,
    pub counted_cents: Option<i64>,
    pub difference_cents: Option<i64>,
}

/// What an X or Z report shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionReport {
    pub session_id: String,
    pub closed: bool,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub opening_float_cents: i64,
    pub sales_count: i64,
    pub gross_cents: i64,
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub sales_total_cents: i64,
    pub change_cents: i64,
    pub returns_count: i64,
    pub refunds_cents: i64,
    pub cash_in_cents: i64,
    pub cash_out_cents: i64,
    pub methods: Vec<MethodTotals>,
}

/// The report of session `session_id` as the database holds it now.
pub fn session_report(
    connection: &Connection,
    session_id: &str,
) -> Result<SessionReport, CoreError> {
    let session: Option<(String, i64, Option<i64>, i64)> = connection
        .query_row(
            "SELECT status, opened_at, closed_at, opening_float_cents FROM cash_sessions WHERE id = ?1",
            [session_id],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .optional()?;
    let (status, opened_at, closed_at, opening_float_cents) =
        session.ok_or_else(|| CoreError::SessionNotOpen(session_id.to_owned()))?;
    let (sales_count, gross_cents, discount_cents, tax_cents, sales_total_cents, change_cents) =
        connection.query_row(
            "SELECT COUNT(*), COALESCE(SUM(gross_cents), 0), COALESCE(SUM(discount_cents), 0),
                    COALESCE(SUM(tax_cents), 0), COALESCE(SUM(total_cents), 0),
                    COALESCE(SUM(change_cents), 0)
             FROM sales WHERE session_id = ?1",
            [session_id],
            |row| {
                Ok((
                    row.get(0)?,
                    row.get(1)?,
                    row.get(2)?,
                    row.get(3)?,
                    row.get(4)?,
                    row.get(5)?,
                ))
            },
        )?;
    let (returns_count, refunds_cents): (i64, i64) = connection.query_row(
        "SELECT COUNT(*), COALESCE(SUM(refund_cents), 0) FROM returns WHERE session_id = ?1",
        [session_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let (cash_in_cents, cash_out_cents): (i64, i64) = connection.query_row(
        "SELECT COALESCE(SUM(CASE WHEN kind = 'cash_in' THEN amount_cents END), 0),
                COALESCE(SUM(CASE WHEN kind = 'cash_out' THEN amount_cents END), 0)
         FROM cash_movements WHERE session_id = ?1",
        [session_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    let mut statement = connection.prepare_cached(
        "SELECT m.code, m.label, m.kind,
                COALESCE((SELECT SUM(p.amount_cents) FROM sale_payments p JOIN sales s ON s.id = p.sale_id
                          WHERE s.session_id = ?1 AND p.method_code = m.code), 0),
                COALESCE((SELECT SUM(f.amount_cents) FROM return_refunds f JOIN returns r ON r.id = f.return_id
                          WHERE r.session_id = ?1 AND f.method_code = m.code), 0),
                (SELECT counted_cents FROM cash_session_counts c WHERE c.session_id = ?1 AND c.method_code = m.code)
         FROM payment_methods m
         WHERE m.active = 1
            OR EXISTS (SELECT 1 FROM sale_payments p JOIN sales s ON s.id = p.sale_id
                       WHERE s.session_id = ?1 AND p.method_code = m.code)
            OR EXISTS (SELECT 1 FROM return_refunds f JOIN returns r ON r.id = f.return_id
                       WHERE r.session_id = ?1 AND f.method_code = m.code)
            OR EXISTS (SELECT 1 FROM cash_session_counts c WHERE c.session_id = ?1 AND c.method_code = m.code)
         ORDER BY m.position, m.code",
    )?;
    let rows = statement.query_map([session_id], |row| {
        Ok((
            row.get::<_, String>(0)?,
            row.get::<_, String>(1)?,
            row.get::<_, String>(2)?,
            row.get::<_, i64>(3)?,
            row.get::<_, i64>(4)?,
            row.get::<_, Option<i64>>(5)?,
        ))
    })?;
    let mut methods = Vec::new();
    // The drawer is one: float, change and cash in/out belong to the first cash method.
    let mut drawer_counted = false;
    for row in rows {
        let (method_code, label, kind, payments_cents, refunds_cents, counted_cents) = row?;
        let taken_in = payments_cents - refunds_cents;
        let expected_cents = if kind == "cash" && !drawer_counted {
            drawer_counted = true;
            opening_float_cents + taken_in - change_cents + cash_in_cents - cash_out_cents
        } else {
            taken_in
        };
        methods.push(MethodTotals {
            method_code,
            label,
            kind,
            payments_cents,
            refunds_cents,
            expected_cents,
            difference_cents: counted_cents.map(|counted| counted - expected_cents),
            counted_cents,
        });
    }
    Ok(SessionReport {
        session_id: session_id.to_owned(),
        closed: status == "closed",
        opened_at,
        closed_at,
        opening_float_cents,
        sales_count,
        gross_cents,
        discount_cents,
        tax_cents,
        sales_total_cents,
        change_cents,
        returns_count,
        refunds_cents,
        cash_in_cents,
        cash_out_cents,
        methods,
    })
}
