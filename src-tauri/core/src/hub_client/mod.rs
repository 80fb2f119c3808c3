//! The store's client of the hub's device endpoints: activation with a code, device
//! tokens earned by signing a challenge with the device key, and the heartbeat that
//! reports the instance status. The sync push (`crate::sync`) rides on the same client.
//!
//! The database writer is never held across a network call: each step reads what it
//! needs, talks to the hub, then writes the outcome in its own short transaction.

mod activation;
pub(crate) mod answer;
mod heartbeat;
mod link;

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use fflow_protocol::{
    DeviceToken, TokenChallenge, TokenChallengeRequest, TokenExchangeRequest, device_token_message,
};
use serde::Serialize;

pub use activation::{Activation, activate};
pub use heartbeat::{StatusCheck, check_status};
pub use link::{HubLink, read_hub_link};

use self::answer::{RawAnswer, get_json, post_gzip_json, post_json};
use crate::licensing::{DeviceKeyLocation, open_device_identity};
use crate::{CoreError, StoreDatabase};

/// How long one request may take before the hub counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(15);
/// A token is renewed this long before the hub says it expires, so a request never
/// leaves with a token that dies on the way.
const TOKEN_RENEWAL_MARGIN: Duration = Duration::from_secs(60);

/// A hub at one address, for one store's data folder. Keeps the current device token in
/// memory only (it is never written anywhere).
pub struct HubClient {
    base_url: String,
    http: reqwest::Client,
    data_folder: PathBuf,
    use_os_keyring: bool,
    token: Mutex<Option<CachedToken>>,
}

/// Hand-written so the device token never reaches a log.
impl std::fmt::Debug for HubClient {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("HubClient")
            .field("base_url", &self.base_url)
            .field("data_folder", &self.data_folder)
            .finish_non_exhaustive()
    }
}

struct CachedToken {
    access_token: String,
    renew_after: Instant,
}

impl HubClient {
    /// A client of the hub at `base_url` (for example `https://hub.fflow.com.br`) for the
    /// store whose device key lives with `data_folder` (in the OS keyring when
    /// `use_os_keyring`, as in the app; tests keep it in the file).
    pub fn new(
        base_url: &str,
        data_folder: PathBuf,
        use_os_keyring: bool,
    ) -> Result<HubClient, CoreError> {
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .build()
            .map_err(|error| CoreError::HubUnreachable {
                url: base_url.to_owned(),
                reason: error.to_string(),
            })?;
        Ok(HubClient {
            base_url: base_url.trim_end_matches('/').to_owned(),
            http,
            data_folder,
            use_os_keyring,
            token: Mutex::new(None),
        })
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }

    fn key_location(&self) -> DeviceKeyLocation<'_> {
        DeviceKeyLocation {
            data_folder: &self.data_folder,
            use_os_keyring: self.use_os_keyring,
        }
    }

    /// Posts without a device token (activation, the token exchange).
    pub(crate) async fn post_anonymous(
        &self,
        path: &str,
        body: &impl Serialize,
    ) -> Result<RawAnswer, CoreError> {
        post_json(&self.http, self.url(path), None, body).await
    }

    /// Posts with a device token, getting one first when needed. A token the hub no
    /// longer takes (expired early, key rotated) is replaced once.
    pub(crate) async fn post_as_device(
        &self,
        database: &StoreDatabase,
        path: &str,
        body: &impl Serialize,
    ) -> Result<RawAnswer, CoreError> {
        self.with_device_token(database, |token| async move {
            post_json(&self.http, self.url(path), Some(&token), body).await
        })
        .await
    }

    /// Posts with a device token, gzip-compressed (sync pushes), like
    /// [`HubClient::post_as_device`].
    pub(crate) async fn post_gzip_as_device(
        &self,
        database: &StoreDatabase,
        path: &str,
        body: &impl Serialize,
    ) -> Result<RawAnswer, CoreError> {
        self.with_device_token(database, |token| async move {
            post_gzip_json(&self.http, self.url(path), Some(&token), body).await
        })
        .await
    }

    /// Gets `path` with a device token, like [`HubClient::post_as_device`].
    pub(crate) async fn get_as_device(
        &self,
        database: &StoreDatabase,
        path: &str,
    ) -> Result<RawAnswer, CoreError> {
        self.with_device_token(database, |token| async move {
            get_json(&self.http, self.url(path), Some(&token)).await
        })
        .await
    }

    /// Sends one request with the device token; a token the hub no longer takes is
    /// replaced and the request sent again, once.
    async fn with_device_token<Sent>(
        &self,
        database: &StoreDatabase,
        send: impl Fn(String) -> Sent,
    ) -> Result<RawAnswer, CoreError>
    where
        Sent: Future<Output = Result<RawAnswer, CoreError>>,
    {
        let mut renewed = false;
        loop {
            let token = self.device_token(database).await?;
            let answer = send(token).await?;
            let stale = answer.status == reqwest::StatusCode::UNAUTHORIZED
                && matches!(
                    serde_json::from_slice::<fflow_protocol::ErrorBody>(&answer.body),
                    Ok(body) if body.code == "device_token_expired" || body.code == "invalid_device_token"
                );
            if !stale || renewed {
                return Ok(answer);
            }
            self.forget_token();
            renewed = true;
        }
    }

    /// Drops the cached token (after a reset, or when the hub refused it).
    pub fn forget_token(&self) {
        *self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }

    /// The cached device token while it is fresh, otherwise a new one by proof of key:
    /// the hub's challenge, signed with the device key, traded for a token.
    pub async fn device_token(&self, database: &StoreDatabase) -> Result<String, CoreError> {
        if let Some(cached) = self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .as_ref()
            .filter(|cached| Instant::now() < cached.renew_after)
        {
            return Ok(cached.access_token.clone());
        }
        let link = database
            .read(read_hub_link)?
            .ok_or(CoreError::HubNotLinked)?;
        let ids = TokenChallengeRequest {
            tenant_id: link.tenant_id,
            device_id: link.device_id,
        };
        let challenge: TokenChallenge = self
            .post_anonymous("/v1/devices/token/challenge", &ids)
            .await?
            .decode()?;
        let identity = open_device_identity(database, self.key_location())?;
        let signature = identity.sign(&device_token_message(link.device_id, &challenge.nonce));
        let exchange = TokenExchangeRequest {
            tenant_id: link.tenant_id,
            device_id: link.device_id,
            nonce: challenge.nonce,
            signature: URL_SAFE_NO_PAD.encode(signature.to_bytes()),
        };
        let token: DeviceToken = self
            .post_anonymous("/v1/devices/token", &exchange)
            .await?
            .decode()?;
        let lifetime = Duration::from_secs(u64::try_from(token.expires_in).unwrap_or(0));
        let renew_after = Instant::now() + lifetime.saturating_sub(TOKEN_RENEWAL_MARGIN);
        *self
            .token
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(CachedToken {
            access_token: token.access_token.clone(),
            renew_after,
        });
        Ok(token.access_token)
    }
}
