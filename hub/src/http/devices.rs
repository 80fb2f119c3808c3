//! `/v1/devices`: what owners and admins do with devices (activation codes, the list,
//! resets and revocations) and what devices themselves call (activation, device tokens,
//! the heartbeat). Also the mapping of device errors to HTTP answers.

use axum::Json;
use axum::extract::{Path, State};
use fflow_protocol::{
    ActivationCode, ActivationCodeRequest, ActivationRequest, ActivationResponse,
    DeviceChangeRequest, DeviceStatus, DeviceSummary, DeviceToken, ErrorBody, HeartbeatRequest,
    HeartbeatResponse, TokenChallenge, TokenChallengeRequest, TokenExchangeRequest,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::authenticated::TenantSession;
use super::client_address::ClientAddress;
use super::device_session::{UncheckedDeviceSession, unknown_device};
use super::error::ApiError;
use super::json_body::ApiJson;
use crate::AppState;
use crate::audit::ActorKind;
use crate::auth::address_limit::{
    AddressLimitError, LimitedAction, forget_attempt, record_attempt,
};
use crate::auth::unix_now_ms;
use crate::devices::{self, DeviceChange, DeviceError, device_token};
use crate::permissions::Action;
use crate::tenancy::{SupportActor, SupportReason, TenantId};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(create_code))
        .routes(routes!(reset))
        .routes(routes!(revoke))
        .routes(routes!(activate))
        .routes(routes!(challenge))
        .routes(routes!(token))
        .routes(routes!(heartbeat))
        .routes(routes!(support_reset))
}

/// The hub's clock, read once per request: Unix seconds for the decisions, milliseconds
/// for the answer.
fn now() -> (i64, i64) {
    let milliseconds = unix_now_ms();
    (milliseconds.div_euclid(1000), milliseconds)
}

fn user_actor(session: &TenantSession) -> String {
    format!("user:{}", session.principal.user.0)
}

/// A single-use code that activates one store of the tenant.
#[utoipa::path(post, path = "/v1/devices/activation-codes", tag = "devices",
    security(("user" = [])), request_body = ActivationCodeRequest,
    responses(
        (status = 200, description = "the code and when it expires", body = ActivationCode),
        (status = 409, description = "`tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`invalid_device_request`", body = ErrorBody),
    ))]
async fn create_code(
    mut session: TenantSession,
    ApiJson(request): ApiJson<ActivationCodeRequest>,
) -> Result<Json<ActivationCode>, ApiError> {
    session.require(Action::ManageDevices)?;
    let actor = user_actor(&session);
    let code = devices::create_activation_code(
        &mut session.transaction,
        session.principal.tenant,
        request.valid_for_hours,
        ActorKind::User,
        &actor,
        now().0,
    )
    .await?;
    session.transaction.commit().await?;
    Ok(Json(code))
}

/// The tenant's devices with their standing, last heartbeat and usage.
#[utoipa::path(get, path = "/v1/devices", tag = "devices", security(("user" = [])),
    responses(
        (status = 200, description = "the devices", body = Vec<DeviceSummary>),
        (status = 409, description = "`tenant_suspended`", body = ErrorBody),
    ))]
async fn list(mut session: TenantSession) -> Result<Json<Vec<DeviceSummary>>, ApiError> {
    session.require(Action::ManageDevices)?;
    Ok(Json(
        devices::list_devices(&mut session.transaction, session.principal.tenant).await?,
    ))
}

async fn change(
    mut session: TenantSession,
    device: Uuid,
    change: DeviceChange,
    reason: &str,
) -> Result<Json<DeviceStatus>, ApiError> {
    let actor = user_actor(&session);
    let status = devices::change_device(
        &mut session.transaction,
        session.principal.tenant,
        device,
        change,
        ActorKind::User,
        &actor,
        reason,
    )
    .await?;
    session.transaction.commit().await?;
    Ok(Json(status))
}

/// Frees the device's seat and ends its tokens; three per device per month.
#[utoipa::path(post, path = "/v1/devices/{device}/reset", tag = "devices",
    security(("user" = [])), request_body = DeviceChangeRequest,
    params(("device" = Uuid, Path, description = "the device id")),
    responses(
        (status = 200, description = "the device's new status", body = DeviceStatus),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`device_not_changeable`, `reset_limit_reached`, `tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`reason_required`", body = ErrorBody),
    ))]
async fn reset(
    session: TenantSession,
    Path(device): Path<Uuid>,
    ApiJson(request): ApiJson<DeviceChangeRequest>,
) -> Result<Json<DeviceStatus>, ApiError> {
    session.require(Action::ResetDevice)?;
    change(session, device, DeviceChange::Reset, &request.reason).await
}

/// Ends the device for good: its tokens, its seat and its fingerprint.
#[utoipa::path(post, path = "/v1/devices/{device}/revoke", tag = "devices",
    security(("user" = [])), request_body = DeviceChangeRequest,
    params(("device" = Uuid, Path, description = "the device id")),
    responses(
        (status = 200, description = "the device's new status", body = DeviceStatus),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`device_not_changeable`, `tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`reason_required`", body = ErrorBody),
    ))]
async fn revoke(
    session: TenantSession,
    Path(device): Path<Uuid>,
    ApiJson(request): ApiJson<DeviceChangeRequest>,
) -> Result<Json<DeviceStatus>, ApiError> {
    session.require(Action::ManageDevices)?;
    change(session, device, DeviceChange::Revoke, &request.reason).await
}

/// Support staff resetting a customer's device: the one route whose tenant comes from the
/// path, allowed only to the support role and only through `begin_support_access`, which
/// records who, which tenant and why before the reset, in the same transaction.
#[utoipa::path(post, path = "/v1/support/tenants/{tenant}/devices/{device}/reset",
    tag = "devices", security(("user" = [])), request_body = DeviceChangeRequest,
    params(
        ("tenant" = Uuid, Path, description = "the customer's tenant id"),
        ("device" = Uuid, Path, description = "the device id"),
    ),
    responses(
        (status = 200, description = "the device's new status", body = DeviceStatus),
        (status = 404, description = "`not_found`", body = ErrorBody),
        (status = 409, description = "`device_not_changeable`, `reset_limit_reached`", body = ErrorBody),
        (status = 422, description = "`reason_required`", body = ErrorBody),
    ))]
async fn support_reset(
    State(state): State<AppState>,
    session: TenantSession,
    Path((tenant, device)): Path<(Uuid, Uuid)>,
    ApiJson(request): ApiJson<DeviceChangeRequest>,
) -> Result<Json<DeviceStatus>, ApiError> {
    session.require(Action::AccessOtherTenants)?;
    session.require(Action::ResetDevice)?;
    let reason = SupportReason::new(&request.reason).map_err(|_| DeviceError::MissingReason)?;
    let actor = SupportActor {
        actor: format!("support:{}", session.principal.user.0),
    };
    // The support user's own tenant transaction is not the one to work in.
    drop(session);
    let status =
        devices::support_reset(&state.pool, TenantId(tenant), device, &actor, &reason).await?;
    Ok(Json(status))
}

/// Activation, limited per address in the activations refused for their code: the
/// attempt is written first and taken back unless the code was what failed.
#[utoipa::path(post, path = "/v1/devices/activate", tag = "device",
    request_body = ActivationRequest,
    responses(
        (status = 200, description = "the device, its epoch and its first license", body = ActivationResponse),
        (status = 401, description = "`activation_code_invalid`", body = ErrorBody),
        (status = 409, description = "`activation_code_used`, `activation_code_expired`, \
            `seats_exhausted`, `device_revoked`, `no_plan`, `tenant_suspended`", body = ErrorBody),
        (status = 422, description = "`invalid_device_request`", body = ErrorBody),
        (status = 429, description = "`too_many_activation_attempts`; see Retry-After", body = ErrorBody),
    ))]
async fn activate(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<ActivationRequest>,
) -> Result<Json<ActivationResponse>, ApiError> {
    let (seconds, milliseconds) = now();
    let attempt = record_attempt(
        &state.pool,
        &state.address_limits,
        LimitedAction::Activation,
        address,
        seconds,
    )
    .await?;
    let activated = devices::activate(
        &state.pool,
        &state.licensing,
        &request,
        seconds,
        milliseconds,
    )
    .await;
    let guessed = matches!(
        activated,
        Err(DeviceError::ActivationCodeInvalid
            | DeviceError::ActivationCodeUsed
            | DeviceError::ActivationCodeExpired)
    );
    if !guessed {
        forget_attempt(&state.pool, attempt).await?;
    }
    Ok(Json(activated?))
}

/// A token challenge; every one counts against the address, since each stores a nonce.
#[utoipa::path(post, path = "/v1/devices/token/challenge", tag = "device",
    request_body = TokenChallengeRequest,
    responses(
        (status = 200, description = "a nonce to sign with the device key", body = TokenChallenge),
        (status = 401, description = "`device_unknown`, `device_reset`, `device_revoked`", body = ErrorBody),
        (status = 429, description = "`too_many_token_challenges`; see Retry-After", body = ErrorBody),
    ))]
async fn challenge(
    State(state): State<AppState>,
    ClientAddress(address): ClientAddress,
    ApiJson(request): ApiJson<TokenChallengeRequest>,
) -> Result<Json<TokenChallenge>, ApiError> {
    let (seconds, milliseconds) = now();
    record_attempt(
        &state.pool,
        &state.address_limits,
        LimitedAction::TokenChallenge,
        address,
        seconds,
    )
    .await?;
    let challenge =
        device_token::issue_challenge(&state.pool, &request, seconds, milliseconds).await?;
    Ok(Json(challenge))
}

/// A short-lived device token, for a fresh signature of the challenge by the device key.
#[utoipa::path(post, path = "/v1/devices/token", tag = "device",
    request_body = TokenExchangeRequest,
    responses(
        (status = 200, description = "the device token", body = DeviceToken),
        (status = 401, description = "`challenge_invalid`, `challenge_expired`, \
            `device_signature_invalid`, `device_unknown`, `device_reset`, `device_revoked`", body = ErrorBody),
    ))]
async fn token(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<TokenExchangeRequest>,
) -> Result<Json<DeviceToken>, ApiError> {
    let (seconds, milliseconds) = now();
    let token = device_token::exchange_challenge(
        &state.pool,
        &state.access_token_key,
        &request,
        seconds,
        milliseconds,
    )
    .await?;
    Ok(Json(token))
}

/// Reports the app version and usage; answers the standing and a renewed license.
#[utoipa::path(post, path = "/v1/devices/heartbeat", tag = "device",
    security(("device" = [])), request_body = HeartbeatRequest,
    responses((status = 200, description = "the instance's standing", body = HeartbeatResponse)))]
async fn heartbeat(
    State(state): State<AppState>,
    mut session: UncheckedDeviceSession,
    request: Result<ApiJson<HeartbeatRequest>, ApiError>,
) -> Result<Json<HeartbeatResponse>, ApiError> {
    // The device's standing is checked in the heartbeat's own statement (one round trip
    // fewer on the endpoint stores call most). Where the request is refused before that
    // statement, the session is checked first, so a reset or revoked device hears that
    // rather than what is wrong with its request, as from every other device endpoint.
    let ApiJson(request) = match request {
        Ok(request) => request,
        Err(refusal) => {
            session.check().await?;
            return Err(refusal);
        }
    };
    let answer = devices::heartbeat_of_activation(
        &mut session.transaction,
        &state.licensing,
        session.tenant,
        session.device,
        session.epoch,
        &request,
        now(),
    )
    .await;
    let answer = match answer {
        Ok(answer) => answer,
        Err(DeviceError::DeviceUnknown) => return Err(unknown_device()),
        Err(error @ DeviceError::InvalidRequest(_)) => {
            session.check().await?;
            return Err(error.into());
        }
        Err(error) => return Err(error.into()),
    };
    session.transaction.commit().await?;
    Ok(Json(answer))
}

impl From<AddressLimitError> for ApiError {
    fn from(error: AddressLimitError) -> Self {
        match error {
            AddressLimitError::TooMany {
                action,
                retry_after_seconds,
            } => ApiError::TooManyRequests {
                code: action.refusal_code(),
                retry_after_seconds: u64::try_from(retry_after_seconds).unwrap_or(1),
            },
            AddressLimitError::Database(error) => error.into(),
        }
    }
}

impl From<DeviceError> for ApiError {
    fn from(error: DeviceError) -> Self {
        let message = error.to_string();
        let unauthorized = |code| ApiError::Unauthorized {
            code,
            message: message.clone(),
        };
        let conflict = |code| ApiError::Conflict {
            code,
            message: message.clone(),
        };
        match error {
            DeviceError::InvalidRequest(_) => ApiError::Unprocessable {
                code: "invalid_device_request",
                message,
            },
            DeviceError::MissingReason => ApiError::Unprocessable {
                code: "reason_required",
                message,
            },
            DeviceError::ActivationCodeInvalid => unauthorized("activation_code_invalid"),
            DeviceError::DeviceUnknown => unauthorized("device_unknown"),
            DeviceError::DeviceReset => unauthorized("device_reset"),
            DeviceError::DeviceRevoked => unauthorized("device_revoked"),
            DeviceError::ChallengeInvalid => unauthorized("challenge_invalid"),
            DeviceError::ChallengeExpired => unauthorized("challenge_expired"),
            DeviceError::SignatureInvalid => unauthorized("device_signature_invalid"),
            DeviceError::ActivationCodeUsed => conflict("activation_code_used"),
            DeviceError::ActivationCodeExpired => conflict("activation_code_expired"),
            DeviceError::SeatsExhausted { .. } => conflict("seats_exhausted"),
            DeviceError::FingerprintRevoked => conflict("device_revoked"),
            DeviceError::NoPlan => conflict("no_plan"),
            DeviceError::TenantSuspended => conflict("tenant_suspended"),
            DeviceError::NotChangeable { .. } => conflict("device_not_changeable"),
            DeviceError::ResetLimitReached => conflict("reset_limit_reached"),
            DeviceError::NotFound => ApiError::NotFound { what: "the device" },
            DeviceError::Signing(_) => ApiError::Internal(message),
            DeviceError::Database(error) => ApiError::from(error),
        }
    }
}
