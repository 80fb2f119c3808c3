//! What every request handler shares: the database pool and the access-token key.

use std::sync::Arc;

use sqlx::PgPool;

use crate::auth::access_token::AccessTokenKey;

#[derive(Debug, Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub access_token_key: Arc<AccessTokenKey>,
}

impl AppState {
    pub fn new(pool: PgPool, access_token_key: AccessTokenKey) -> Self {
        AppState {
            pool,
            access_token_key: Arc::new(access_token_key),
        }
    }
}
