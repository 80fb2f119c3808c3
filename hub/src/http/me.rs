//! `GET /v1/me`: who the access token speaks for, read through the tenant transaction, so
//! it proves the whole signed-in path end to end.

use axum::Json;
use fflow_protocol::Me;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::authenticated::TenantSession;
use super::error::ApiError;
use crate::AppState;
use crate::permissions::Action;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

#[derive(Debug, sqlx::FromRow)]
struct MeRow {
    tenant_name: String,
    email: String,
    role: String,
}

/// Who the access token speaks for.
#[utoipa::path(get, path = "/v1/me", tag = "account", security(("user" = [])),
    responses((status = 200, description = "the signed-in person", body = Me)))]
async fn me(mut session: TenantSession) -> Result<Json<Me>, ApiError> {
    session.require(Action::ReadOwnAccount)?;
    // No `WHERE tenant_id`: row-level security limits both tables to the token's tenant.
    let row: Option<MeRow> = sqlx::query_as(
        "SELECT t.name AS tenant_name, u.email, u.role
         FROM users u JOIN tenants t ON t.id = u.tenant_id
         WHERE u.id = $1",
    )
    .bind(session.principal.user.0)
    .fetch_optional(&mut *session.transaction)
    .await?;
    // A user deleted after the token was issued has no account to show.
    let row = row.ok_or_else(|| ApiError::Unauthorized {
        code: "invalid_access_token",
        message: "the account of this access token no longer exists".to_owned(),
    })?;
    Ok(Json(Me {
        tenant_id: session.principal.tenant.0,
        tenant_name: row.tenant_name,
        user_id: session.principal.user.0,
        email: row.email,
        role: row.role,
    }))
}
