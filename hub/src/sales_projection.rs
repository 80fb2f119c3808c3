//! Projecting pushed `sale.completed` events into `sales`, `sale_payments` and the daily
//! totals per store (`daily_sales`), in the transaction that stores the events, and
//! reading them back as a report.
//!
//! Only events the push newly stored are projected, and a sale is keyed by its own id,
//! so a resent event (same epoch or, after a restore, a later one) projects nothing twice.

use std::collections::HashSet;

use fflow_protocol::reports::{SalesDay, SalesReport, StoreSales};
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
    // Read in place: cloning each payload first cost the push a copy of every sale.
    let sale = SaleCompleted::deserialize(&event.payload)
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

/// A sale as a push carries it: the event's sequence number and the parsed payload.
pub type PushedSale = (i64, SaleCompleted);

/// Parses the sales among `events` once per push (the check and the projection both use
/// the result), or says which event is not a sale the hub can project.
pub fn sales_of(events: &[SyncEvent]) -> Result<Vec<PushedSale>, String> {
    let mut sales = Vec::new();
    for event in events {
        if let Some(sale) = sale_of(event)? {
            sales.push((event.seq, sale));
        }
    }
    Ok(sales)
}

/// Projects the `pushed` sales whose sequence numbers are in `newly_stored`: two
/// statements over `unnest` arrays per push, not two round trips per sale (those made a
/// 100,000-event drain wait on PostgreSQL).
pub async fn project_sales(
    transaction: &mut Transaction<'static, Postgres>,
    stream: DeviceStream,
    pushed: Vec<PushedSale>,
    newly_stored: &[i64],
) -> Result<(), sqlx::Error> {
    let newly_stored: HashSet<i64> = newly_stored.iter().copied().collect();
    let mut seen = HashSet::new();
    let sales: Vec<PushedSale> = pushed
        .into_iter()
        .filter(|(seq, sale)| newly_stored.contains(seq) && seen.insert(sale.id))
        .collect();
    if sales.is_empty() {
        return Ok(());
    }
    let column = |value: fn(&PushedSale) -> i64| sales.iter().map(value).collect::<Vec<_>>();
    // The daily totals grow by exactly the sales this statement inserted (RETURNING),
    // in the same statement, so a sale already projected adds nothing to them.
    let inserted: Vec<Uuid> = sqlx::query_scalar(
        "WITH inserted AS (
             INSERT INTO sales (tenant_id, sale_id, device_id, epoch, seq, code, number,
                                gross_cents, discount_cents, tax_cents, total_cents,
                                completed_at)
             SELECT $1, s.sale_id, $2, $3, s.seq, s.code, s.number, s.gross_cents,
                    s.discount_cents, s.tax_cents, s.total_cents, s.completed_at
             FROM unnest($4::uuid[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[],
                         $9::bigint[], $10::bigint[], $11::bigint[], $12::bigint[])
                  AS s (sale_id, seq, code, number, gross_cents, discount_cents, tax_cents,
                        total_cents, completed_at)
             ON CONFLICT (tenant_id, sale_id) DO NOTHING
             RETURNING sale_id, total_cents, completed_at
         ), per_day AS (
             INSERT INTO daily_sales AS d (tenant_id, device_id, day, sales_count, gmv_cents)
             SELECT $1, $2, (to_timestamp(completed_at / 1000.0) AT TIME ZONE 'UTC')::date,
                    count(*), sum(total_cents)
             FROM inserted GROUP BY 3
             ON CONFLICT (tenant_id, day, device_id) DO UPDATE
                 SET sales_count = d.sales_count + excluded.sales_count,
                     gmv_cents = d.gmv_cents + excluded.gmv_cents
         )
         SELECT sale_id FROM inserted",
    )
    .bind(stream.tenant.0)
    .bind(stream.device)
    .bind(stream.epoch)
    .bind(sales.iter().map(|(_, sale)| sale.id).collect::<Vec<_>>())
    .bind(column(|(seq, _)| *seq))
    .bind(
        sales
            .iter()
            .map(|(_, sale)| sale.code.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(column(|(_, sale)| sale.number))
    .bind(column(|(_, sale)| sale.gross_cents))
    .bind(column(|(_, sale)| sale.discount_cents))
    .bind(column(|(_, sale)| sale.tax_cents))
    .bind(column(|(_, sale)| sale.total_cents))
    .bind(column(|(_, sale)| sale.completed_at))
    .fetch_all(&mut **transaction)
    .await?;
    let inserted: HashSet<Uuid> = inserted.into_iter().collect();
    let payments: Vec<(Uuid, i32, &SalePayment)> = sales
        .iter()
        .filter(|(_, sale)| inserted.contains(&sale.id))
        .flat_map(|(_, sale)| {
            (1_i32..)
                .zip(&sale.payments)
                .map(|(line, payment)| (sale.id, line, payment))
        })
        .collect();
    if payments.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO sale_payments (tenant_id, sale_id, line, method_code, kind, amount_cents)
         SELECT $1, p.sale_id, p.line, p.method_code, p.kind, p.amount_cents
         FROM unnest($2::uuid[], $3::integer[], $4::text[], $5::text[], $6::bigint[])
              AS p (sale_id, line, method_code, kind, amount_cents)",
    )
    .bind(stream.tenant.0)
    .bind(payments.iter().map(|(id, _, _)| *id).collect::<Vec<_>>())
    .bind(
        payments
            .iter()
            .map(|(_, line, _)| *line)
            .collect::<Vec<_>>(),
    )
    .bind(
        payments
            .iter()
            .map(|(_, _, payment)| payment.method_code.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        payments
            .iter()
            .map(|(_, _, payment)| payment.kind.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        payments
            .iter()
            .map(|(_, _, payment)| payment.amount_cents)
            .collect::<Vec<_>>(),
    )
    .execute(&mut **transaction)
    .await?;
    Ok(())
}

/// Count and GMV of `tenant`'s sales per UTC day, each day split by store (device),
/// read from the daily totals kept with the projection.
pub async fn sales_per_day(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
) -> Result<SalesReport, sqlx::Error> {
    let rows: Vec<(String, Uuid, i64, i64)> = sqlx::query_as(
        "SELECT to_char(day, 'YYYY-MM-DD'), device_id, sales_count, gmv_cents
         FROM daily_sales WHERE tenant_id = $1
         ORDER BY day, device_id",
    )
    .bind(tenant.0)
    .fetch_all(&mut **transaction)
    .await?;
    let mut days: Vec<SalesDay> = Vec::new();
    for (day, device_id, count, total_cents) in rows {
        let store = StoreSales {
            device_id,
            count,
            total_cents,
        };
        match days.last_mut() {
            Some(last) if last.day == day => {
                last.count += count;
                last.total_cents += total_cents;
                last.stores.push(store);
            }
            _ => days.push(SalesDay {
                day,
                count,
                total_cents,
                stores: vec![store],
            }),
        }
    }
    Ok(SalesReport { days })
}
