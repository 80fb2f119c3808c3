//! `/v1/payment-methods` and `/v1/products/{sku}/price`: owners and admins change the
//! master data the hub sends to their stores.

use axum::extract::Path;
use axum::routing::put;
use axum::{Json, Router};
use fflow_protocol::master_data::{PaymentMethod, PaymentMethodChange, PriceChange, ProductPrice};

use super::authenticated::TenantSession;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::master_data::{MasterDataError, set_product_price, upsert_payment_method};
use crate::permissions::Action;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/payment-methods/{code}", put(put_payment_method))
        .route("/v1/products/{sku}/price", put(put_price))
}

async fn put_payment_method(
    mut session: TenantSession,
    Path(code): Path<String>,
    ApiJson(change): ApiJson<PaymentMethodChange>,
) -> Result<Json<PaymentMethod>, ApiError> {
    session.require(Action::EditCatalog)?;
    let tenant = session.principal.tenant;
    let method = upsert_payment_method(&mut session.transaction, tenant, &code, &change).await?;
    session.transaction.commit().await?;
    Ok(Json(method))
}

async fn put_price(
    mut session: TenantSession,
    Path(sku): Path<String>,
    ApiJson(change): ApiJson<PriceChange>,
) -> Result<Json<ProductPrice>, ApiError> {
    session.require(Action::EditCatalog)?;
    let tenant = session.principal.tenant;
    let price =
        set_product_price(&mut session.transaction, tenant, &sku, change.price_cents).await?;
    session.transaction.commit().await?;
    Ok(Json(price))
}

impl From<MasterDataError> for ApiError {
    fn from(error: MasterDataError) -> Self {
        match error {
            MasterDataError::Invalid(message) => ApiError::Unprocessable {
                code: "invalid_master_data",
                message,
            },
            MasterDataError::Database(error) => ApiError::from(error),
        }
    }
}
