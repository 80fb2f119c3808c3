//! `/v1/reports`: what owners and admins read about their stores' sales.

use axum::Json;
use fflow_protocol::reports::SalesReport;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::authenticated::TenantSession;
use super::error::ApiError;
use crate::AppState;
use crate::permissions::Action;
use crate::sales_projection::sales_per_day;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(sales))
}

/// Sales per day, in total and per store, projected from the stores' sale events.
#[utoipa::path(get, path = "/v1/reports/sales", tag = "reports", security(("user" = [])),
    responses((status = 200, description = "sales per day", body = SalesReport)))]
async fn sales(mut session: TenantSession) -> Result<Json<SalesReport>, ApiError> {
    session.require(Action::ReadReports)?;
    let tenant = session.principal.tenant;
    Ok(Json(sales_per_day(&mut session.transaction, tenant).await?))
}
