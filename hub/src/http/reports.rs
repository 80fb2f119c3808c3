//! `/v1/reports`: what owners and admins read about their stores' sales.

use axum::routing::get;
use axum::{Json, Router};
use fflow_protocol::reports::SalesReport;

use super::authenticated::TenantSession;
use super::error::ApiError;
use crate::AppState;
use crate::permissions::Action;
use crate::sales_projection::sales_per_day;

pub fn router() -> Router<AppState> {
    Router::new().route("/v1/reports/sales", get(sales))
}

async fn sales(mut session: TenantSession) -> Result<Json<SalesReport>, ApiError> {
    session.require(Action::ReadReports)?;
    let tenant = session.principal.tenant;
    Ok(Json(sales_per_day(&mut session.transaction, tenant).await?))
}
