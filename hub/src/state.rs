//! What every request handler shares: the database pool, the access-token key, the
//! license signer, the metrics registry and the proxies whose forwarded-for it believes.

use std::sync::Arc;

use sqlx::PgPool;

use crate::auth::access_token::AccessTokenKey;
use crate::auth::address_limit::AddressLimits;
use crate::http::client_address::TrustedProxies;
use crate::licensing::Licensing;
use crate::metrics::HubMetrics;

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub access_token_key: Arc<AccessTokenKey>,
    pub licensing: Arc<Licensing>,
    pub metrics: Arc<HubMetrics>,
    pub trusted_proxies: Arc<TrustedProxies>,
    pub address_limits: AddressLimits,
}

impl AppState {
    pub fn new(pool: PgPool, access_token_key: AccessTokenKey, licensing: Licensing) -> Self {
        AppState {
            pool,
            access_token_key: Arc::new(access_token_key),
            licensing: Arc::new(licensing),
            metrics: Arc::new(HubMetrics::new().expect(
                "the hub's metric names and labels are fixed and valid, and registered once",
            )),
            trusted_proxies: Arc::new(TrustedProxies::none()),
            address_limits: AddressLimits::default(),
        }
    }

    /// The same state, with the per-address limits of `limits`.
    pub fn with_address_limits(mut self, limits: AddressLimits) -> Self {
        self.address_limits = limits;
        self
    }

    /// The same state, believing `X-Forwarded-For` from `proxies` (see `client_address`).
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.trusted_proxies = Arc::new(proxies);
        self
    }
}
