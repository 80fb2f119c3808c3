//! Projecting pushed `sale.completed` events into `sales` and `sale_payments`, in the
//! transaction that stores the events, and reading them back as a report.
//!
//! Only events the push newly stored are projected, and a sale is keyed by its own id,
//! so a resent event (same epoch or, after a restore, a later one) projects nothing twice.

use fflow_protocol::reports::{SalesDay, SalesReport};
use fflow_protocol::sync::SyncEvent;
use serde::Deserialize;
use sqlx::{Postgres, Transaction};
use uuid::Uuid;

use crate::sync_push::DeviceStream;
use crate::tenancy::TenantId;

/// The event kind this module projects.
pub const SALE_COMPLETED: &str = "sale.completed";

/// The part of the store's `sale.completed` payload (src-tauri/core/src/sale/complete.rs,
/// `sale_event_payload`) the hub keeps. Other fields are allowed and ignored.
#[derive(Debug, Clone, Deserialize)]
pub struct SaleCompleted {
    pub id: Uuid,
    pub code: String,
    pub number: i64,
    pub gross_cents: i64,
    pub discount_cents: i64,
    pub tax_cents: i64,
    pub total_cents: i64,
    pub completed_at: i64,
    pub payments: Vec<SalePayment>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SalePayment {
    pub method_code: String,
    pub kind: String,
    pub amount_cents: i64,
}

/// The sale carried by `event`, or why its payload is not one. Other kinds answer `None`.
pub fn sale_of(event: &SyncEvent) -> Result<Option<SaleCompleted>, String> {
    if event.kind != SALE_COMPLETED {
        return Ok(None);
    }
    let sale: SaleCompleted = serde_json::from_value(event.payload.clone())
        .map_err(|error| format!("event {}: not a completed sale: {error}", event.seq))?;
    let sensible = (1..=100).contains(&sale.code.len())
        && sale.payments.iter().all(|payment| {
            (1..=100).contains(&payment.method_code.len()) && (1..=20).contains(&payment.kind.len())
        });
    if !sensible {
        return Err(format!(
            "event {}: a sale code has 1 to 100 characters, a payment's method 1 to 100 and \
             its kind 1 to 20",
            event.seq
        ));
    }
    Ok(Some(sale))
}

/// Projects the sales of `events` (already checked with [`sale_of`]) whose sequence
/// numbers are in `newly_stored`.
pub async fn project_sales(
    transaction: &mut Transaction<'static, Postgres>,
    stream: DeviceStream,
    events: &[SyncEvent],
    newly_stored: &[i64],
) -> Result<(), sqlx::Error> {
    for event in events
        .iter()
        .filter(|event| newly_stored.contains(&event.seq))
    {
        let Ok(Some(sale)) = sale_of(event) else {
            continue;
        };
        let inserted = sqlx::query(
            "INSERT INTO sales (tenant_id, sale_id, device_id, epoch, seq, code, number,
                                gross_cents, discount_cents, tax_cents, total_cents, completed_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             ON CONFLICT (tenant_id, sale_id) DO NOTHING",
        )
        .bind(stream.tenant.0)
        .bind(sale.id)
        .bind(stream.device)
        .bind(stream.epoch)
        .bind(event.seq)
        .bind(&sale.code)
        .bind(sale.number)
        .bind(sale.gross_cents)
        .bind(sale.discount_cents)
        .bind(sale.tax_cents)
        .bind(sale.total_cents)
        .bind(sale.completed_at)
        .execute(&mut **transaction)
        .await?
        .rows_affected();
        if inserted == 0 {
            continue;
        }
        for (line, payment) in (1_i32..).zip(&sale.payments) {
            sqlx::query(
                "INSERT INTO sale_payments (tenant_id, sale_id, line, method_code, kind,
                                            amount_cents)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(stream.tenant.0)
            .bind(sale.id)
            .bind(line)
            .bind(&payment.method_code)
            .bind(&payment.kind)
            .bind(payment.amount_cents)
            .execute(&mut **transaction)
            .await?;
        }
    }
    Ok(())
}

/// Count and total of `tenant`'s sales per UTC day.
pub async fn sales_per_day(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
) -> Result<SalesReport, sqlx::Error> {
    let rows: Vec<(String, i64, i64)> = sqlx::query_as(
        "SELECT to_char(to_timestamp(completed_at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
                count(*), sum(total_cents)::bigint
         FROM sales WHERE tenant_id = $1
         GROUP BY day ORDER BY day",
    )
    .bind(tenant.0)
    .fetch_all(&mut **transaction)
    .await?;
    let days = rows
        .into_iter()
        .map(|(day, count, total_cents)| SalesDay {
            day,
            count,
            total_cents,
        })
        .collect();
    Ok(SalesReport { days })
}
