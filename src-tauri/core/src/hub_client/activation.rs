//! Activation: the store trades an activation code for a seat, a device id minted by the
//! hub, an event-stream epoch and a license.

use std::time::Instant;

use fflow_protocol::{ActivationRequest, ActivationResponse};
use uuid::Uuid;

use super::HubClient;
use super::link::{read_hub_link, store_hub_link};
use crate::licensing::{
    CheckKind, InstanceStatus, LicenseCheck, LicenseReport, adopt_hub_device_id, install_license,
    open_device_identity, record_license_check,
};
use crate::records::now_millis;
use crate::{CoreError, StoreDatabase};

/// What an activation left: the license and the ids the hub gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    pub tenant_id: Uuid,
    pub device_id: Uuid,
    pub hub_epoch: i64,
    pub license: LicenseReport,
}

/// Activates this store with `activation_code`, naming it `device_name` on the hub. The
/// device identity is opened (made on first start), the hub's device id adopted, the
/// license installed and the hub's time recorded. Every attempt is logged as a status
/// check. A refusal (`activation_code_invalid`, `_used`, `_expired`, `seats_exhausted`,
/// `no_plan`, ...) changes nothing in the store.
pub async fn activate(
    client: &HubClient,
    database: &StoreDatabase,
    activation_code: &str,
    device_name: &str,
) -> Result<Activation, CoreError> {
    let started = Instant::now();
    let outcome = activate_unlogged(client, database, activation_code, device_name).await;
    let answered = !matches!(
        outcome,
        Err(CoreError::HubUnreachable { .. } | CoreError::HubAnswer { .. })
    );
    record_license_check(
        database,
        &LicenseCheck {
            kind: CheckKind::Activation,
            success: outcome.is_ok(),
            status_received: outcome.as_ref().ok().map(|_| InstanceStatus::Active),
            error: outcome.as_ref().err().map(ToString::to_string),
            response_time_ms: answered
                .then(|| u32::try_from(started.elapsed().as_millis()).unwrap_or(u32::MAX)),
            checked_at: now_millis(),
        },
    )?;
    outcome
}

async fn activate_unlogged(
    client: &HubClient,
    database: &StoreDatabase,
    activation_code: &str,
    device_name: &str,
) -> Result<Activation, CoreError> {
    let identity = open_device_identity(database, client.key_location())?;
    let previous_epoch = database
        .read(read_hub_link)?
        .map_or(0, |link| link.hub_epoch);
    let request = ActivationRequest {
        code: activation_code.to_owned(),
        fingerprint_hash: identity.fingerprint.clone(),
        public_key: identity.public_key_base64url(),
        device_name: device_name.to_owned(),
        epoch: previous_epoch,
    };
    let answer: ActivationResponse = client
        .post_anonymous("/v1/devices/activate", &request)
        .await?
        .decode()?;
    client.forget_token();
    adopt_hub_device_id(database, client.key_location(), answer.device_id)?;
    let license = install_license(database, &answer.license)?;
    database.write(|transaction| {
        store_hub_link(
            transaction,
            answer.tenant_id,
            answer.device_id,
            answer.epoch,
        )?;
        crate::licensing::record_hub_contact_in(
            transaction,
            answer.server_time_ms / 1000,
            Some(InstanceStatus::Active),
        )
    })?;
    tracing::info!(device_id = %answer.device_id, epoch = answer.epoch, "activated with the hub");
    Ok(Activation {
        tenant_id: answer.tenant_id,
        device_id: answer.device_id,
        hub_epoch: answer.epoch,
        license,
    })
}
