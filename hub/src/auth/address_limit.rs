//! Limits on the device endpoints anyone may call without credentials, per client
//! address, counted in PostgreSQL so every hub process behind a load balancer counts the
//! same attempts: failed activations (someone guessing activation codes) and token
//! challenges (each stores a nonce, so a flood would grow a table).
//!
//! As for sign-ins, an attempt is written and committed before the work it guards, then
//! counted with every attempt committed before it, so a burst racing in parallel cannot
//! all slip under the limit. Times are Unix seconds passed in by the caller, so tests move
//! the clock, never sleep.

use std::net::IpAddr;

use sqlx::PgPool;

/// Refused activations an address may have per window. Fixed: no honest shop needs more.
const ACTIVATION_FAILURES_PER_WINDOW: i64 = 10;
/// Token challenges an address may ask for per minute unless configured otherwise.
pub const DEFAULT_TOKEN_CHALLENGES_PER_MINUTE: u32 = 30;

/// The limits an operator may tune (`FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE`): a chain
/// whose many tills leave through one address needs more challenges than a single shop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressLimits {
    pub token_challenges_per_minute: u32,
}

impl Default for AddressLimits {
    fn default() -> Self {
        AddressLimits {
            token_challenges_per_minute: DEFAULT_TOKEN_CHALLENGES_PER_MINUTE,
        }
    }
}

/// What an address is limited in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitedAction {
    /// Activations refused for their code (unknown, used, expired). A shop activates a
    /// handful of tills; ten wrong codes in a quarter of an hour is a guess, not a typo.
    Activation,
    /// Every token challenge. A device asks for one when its token runs out (every
    /// several minutes); a shop's tills behind one address stay far below this.
    TokenChallenge,
}

impl LimitedAction {
    fn as_str(self) -> &'static str {
        match self {
            LimitedAction::Activation => "activation",
            LimitedAction::TokenChallenge => "token_challenge",
        }
    }

    /// How long an attempt counts, in seconds.
    pub fn window_seconds(self) -> i64 {
        match self {
            LimitedAction::Activation => 15 * 60,
            LimitedAction::TokenChallenge => 60,
        }
    }

    /// Attempts allowed within the window under `limits`.
    pub fn maximum(self, limits: &AddressLimits) -> i64 {
        match self {
            LimitedAction::Activation => ACTIVATION_FAILURES_PER_WINDOW,
            LimitedAction::TokenChallenge => i64::from(limits.token_challenges_per_minute),
        }
    }

    /// The code of the 429 answer.
    pub fn refusal_code(self) -> &'static str {
        match self {
            LimitedAction::Activation => "too_many_activation_attempts",
            LimitedAction::TokenChallenge => "too_many_token_challenges",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AddressLimitError {
    #[error("too many attempts from this address; try again in {retry_after_seconds} seconds")]
    TooMany {
        action: LimitedAction,
        retry_after_seconds: i64,
    },
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// An attempt written before the work it guards; [`forget_attempt`] takes it back.
#[derive(Debug, Clone, Copy)]
pub struct AddressAttempt(i64);

/// Writes an attempt at `action` from `address`, or refuses when the window is full (the
/// refused attempt is not kept, so it does not lengthen the wait).
pub async fn record_attempt(
    pool: &PgPool,
    limits: &AddressLimits,
    action: LimitedAction,
    address: IpAddr,
    now: i64,
) -> Result<AddressAttempt, AddressLimitError> {
    let address = address.to_string();
    let window = action.window_seconds() as f64;
    let mut transaction = pool.begin().await?;
    // Dropping every address's expired attempts keeps the table small when each guess
    // comes from a new address.
    sqlx::query(
        "DELETE FROM address_attempts
         WHERE action = $1 AND at <= to_timestamp($2) - make_interval(secs => $3)",
    )
    .bind(action.as_str())
    .bind(now as f64)
    .bind(window)
    .execute(&mut *transaction)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO address_attempts (action, client_address, at)
         VALUES ($1, $2::inet, to_timestamp($3)) RETURNING id",
    )
    .bind(action.as_str())
    .bind(&address)
    .bind(now as f64)
    .fetch_one(&mut *transaction)
    .await?;
    transaction.commit().await?;
    // Counted after our commit, so two racing attempts each see the other's row.
    let (count, oldest): (i64, i64) = sqlx::query_as(
        "SELECT count(*), coalesce(floor(extract(epoch FROM min(at)))::bigint, 0)
         FROM address_attempts
         WHERE action = $1 AND client_address = $2::inet
           AND at > to_timestamp($3) - make_interval(secs => $4)",
    )
    .bind(action.as_str())
    .bind(&address)
    .bind(now as f64)
    .bind(window)
    .fetch_one(pool)
    .await?;
    if count > action.maximum(limits) {
        forget_attempt(pool, AddressAttempt(id)).await?;
        // The oldest attempt leaves the window first and frees a place.
        return Err(AddressLimitError::TooMany {
            action,
            retry_after_seconds: (oldest + action.window_seconds() - now).max(1),
        });
    }
    Ok(AddressAttempt(id))
}

/// Takes back an attempt that turned out not to count (an activation that succeeded).
pub async fn forget_attempt(pool: &PgPool, attempt: AddressAttempt) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM address_attempts WHERE id = $1")
        .bind(attempt.0)
        .execute(pool)
        .await?;
    Ok(())
}
