//! `/v1/payment-methods` and `/v1/products/{sku}/price`: owners and admins change the
//! master data the hub sends to their stores.

use axum::Json;
use axum::extract::Path;
use fflow_protocol::ErrorBody;
use fflow_protocol::master_data::{PaymentMethod, PaymentMethodChange, PriceChange, ProductPrice};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::authenticated::TenantSession;
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::master_data::{MasterDataError, set_product_price, upsert_payment_method};
use crate::permissions::Action;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(put_payment_method))
        .routes(routes!(put_price))
}

/// Creates or changes a payment method; the stores receive it as a command.
#[utoipa::path(put, path = "/v1/payment-methods/{code}", tag = "master-data",
    security(("user" = [])), request_body = PaymentMethodChange,
    params(("code" = String, Path, description = "the method's code, such as `pix`")),
    responses(
        (status = 200, description = "the method as stored", body = PaymentMethod),
        (status = 409, description = "`tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`invalid_master_data`", body = ErrorBody),
    ))]
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

/// Sets a product's price; the stores receive it as a command.
#[utoipa::path(put, path = "/v1/products/{sku}/price", tag = "master-data",
    security(("user" = [])), request_body = PriceChange,
    params(("sku" = String, Path, description = "the product's SKU")),
    responses(
        (status = 200, description = "the price as stored", body = ProductPrice),
        (status = 409, description = "`tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`invalid_master_data`", body = ErrorBody),
    ))]
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
