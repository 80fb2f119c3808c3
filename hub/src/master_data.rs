//! Master data the hub owns: payment methods and product prices. Each change is stored
//! and announced to the tenant's stores as a command in the same transaction, so the feed
//! never misses a change and never announces one that rolled back.

use fflow_protocol::master_data::{
    PAYMENT_METHOD_UPSERTED, PRODUCT_PRICE_SET, PaymentMethod, PaymentMethodChange, ProductPrice,
};
use sqlx::{Postgres, Transaction};

use crate::command_feed::{NewCommand, emit_command};
use crate::tenancy::TenantId;

#[derive(Debug, thiserror::Error)]
pub enum MasterDataError {
    #[error("{0}")]
    Invalid(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

fn check_code(code: &str) -> Result<(), MasterDataError> {
    let valid = (1..=40).contains(&code.len())
        && code.bytes().all(|byte| {
            byte.is_ascii_lowercase() || byte.is_ascii_digit() || b"_-".contains(&byte)
        });
    if valid {
        Ok(())
    } else {
        Err(MasterDataError::Invalid(
            "a payment method code has 1 to 40 characters: a-z, 0-9, _ or -".to_owned(),
        ))
    }
}

fn check_sku(sku: &str) -> Result<(), MasterDataError> {
    if (1..=60).contains(&sku.len()) && !sku.chars().any(char::is_whitespace) {
        Ok(())
    } else {
        Err(MasterDataError::Invalid(
            "a SKU has 1 to 60 characters and no spaces".to_owned(),
        ))
    }
}

/// Creates or changes payment method `code` and emits the command that carries it.
pub async fn upsert_payment_method(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    code: &str,
    change: &PaymentMethodChange,
) -> Result<PaymentMethod, MasterDataError> {
    check_code(code)?;
    let label = change.label.trim();
    if !(1..=100).contains(&label.chars().count()) {
        return Err(MasterDataError::Invalid(
            "a payment method's label has 1 to 100 characters".to_owned(),
        ));
    }
    if !(0..=10_000).contains(&change.position) {
        return Err(MasterDataError::Invalid(
            "position is between 0 and 10000".to_owned(),
        ));
    }
    sqlx::query(
        "INSERT INTO payment_methods (tenant_id, code, label, kind, active, position)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (tenant_id, code) DO UPDATE
         SET label = excluded.label, kind = excluded.kind, active = excluded.active,
             position = excluded.position, updated_at = now()",
    )
    .bind(tenant.0)
    .bind(code)
    .bind(label)
    .bind(change.kind.as_str())
    .bind(change.active)
    .bind(change.position)
    .execute(&mut **transaction)
    .await?;
    let method = PaymentMethod {
        code: code.to_owned(),
        label: label.to_owned(),
        kind: change.kind,
        active: change.active,
        position: change.position,
    };
    let payload = serde_json::to_value(&method)
        .map_err(|error| MasterDataError::Invalid(error.to_string()))?;
    emit_command(
        transaction,
        tenant,
        NewCommand {
            kind: PAYMENT_METHOD_UPSERTED,
            payload,
            device: None,
        },
    )
    .await?;
    Ok(method)
}

/// Sets the price of product `sku` and emits the command that carries it.
pub async fn set_product_price(
    transaction: &mut Transaction<'static, Postgres>,
    tenant: TenantId,
    sku: &str,
    price_cents: i64,
) -> Result<ProductPrice, MasterDataError> {
    check_sku(sku)?;
    if !(0..=100_000_000_000).contains(&price_cents) {
        return Err(MasterDataError::Invalid(
            "a price is between 0 and 1,000,000,000.00".to_owned(),
        ));
    }
    sqlx::query(
        "INSERT INTO product_prices (tenant_id, sku, price_cents) VALUES ($1, $2, $3)
         ON CONFLICT (tenant_id, sku) DO UPDATE
         SET price_cents = excluded.price_cents, updated_at = now()",
    )
    .bind(tenant.0)
    .bind(sku)
    .bind(price_cents)
    .execute(&mut **transaction)
    .await?;
    let price = ProductPrice {
        sku: sku.to_owned(),
        price_cents,
    };
    let payload = serde_json::to_value(&price)
        .map_err(|error| MasterDataError::Invalid(error.to_string()))?;
    emit_command(
        transaction,
        tenant,
        NewCommand {
            kind: PRODUCT_PRICE_SET,
            payload,
            device: None,
        },
    )
    .await?;
    Ok(price)
}
