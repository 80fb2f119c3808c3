//! Hub configuration from environment variables, with errors that name the variable and
//! say what a good value looks like.

use std::net::SocketAddr;

use crate::auth::access_token::AccessTokenKey;
use crate::auth::address_limit::{AddressLimits, DEFAULT_TOKEN_CHALLENGES_PER_MINUTE};
use crate::http::client_address::TrustedProxies;
use crate::licensing::{DEFAULT_VALIDITY_DAYS, Licensing};

/// Environment variable with the PostgreSQL connection URL.
pub const DATABASE_URL: &str = "DATABASE_URL";
/// Environment variable with the address `serve` listens on.
pub const LISTEN_ADDRESS: &str = "FFLOW_HUB_LISTEN";
/// Where `serve` listens when `FFLOW_HUB_LISTEN` is not set: loopback only, so a hub
/// started by hand is never exposed by accident.
pub const DEFAULT_LISTEN_ADDRESS: &str = "127.0.0.1:7070";
/// Environment variable with the key that signs access tokens: at least 32 random bytes
/// in standard base64 (`openssl rand -base64 32`). Every hub process serving one database
/// needs the same key.
pub const ACCESS_TOKEN_KEY: &str = "FFLOW_HUB_ACCESS_TOKEN_KEY";
/// Environment variable with the Ed25519 seed that signs licenses: 32 random bytes in
/// standard base64. Stores trust its public key, so it must be the same for every hub
/// process and kept as carefully as the access-token key.
pub const LICENSE_SIGNING_KEY: &str = "FFLOW_HUB_LICENSE_SIGNING_KEY";
/// Environment variable with the `kid` licenses carry, naming the signing key so stores
/// can trust the next key before the hub rotates to it.
pub const LICENSE_KEY_ID: &str = "FFLOW_HUB_LICENSE_KEY_ID";
/// Environment variable listing the load balancers (addresses or networks, comma
/// separated) whose `X-Forwarded-For` names the client; unset, the peer is the client.
pub const TRUSTED_PROXIES: &str = "FFLOW_HUB_TRUSTED_PROXIES";
/// Environment variable with how many days the command feed keeps commands (default 90).
pub const COMMAND_RETENTION_DAYS: &str = "FFLOW_HUB_COMMAND_RETENTION_DAYS";
/// Environment variable with how many token challenges one client address may ask for
/// per minute (default 30).
pub const TOKEN_CHALLENGES_PER_MINUTE: &str = "FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE";
/// Environment variable with how many days a license holds (default 30).
pub const LICENSE_VALIDITY_DAYS: &str = "FFLOW_HUB_LICENSE_VALIDITY_DAYS";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("{name} is not set: {hint}")]
    Missing {
        name: &'static str,
        hint: &'static str,
    },
    #[error("{name} is malformed: {reason}")]
    Malformed { name: &'static str, reason: String },
}

/// What `fflow-hub migrate` needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrateConfig {
    pub database_url: String,
}

/// What `fflow-hub serve` needs.
#[derive(Debug)]
pub struct ServeConfig {
    pub database_url: String,
    pub listen_address: SocketAddr,
    pub access_token_key: AccessTokenKey,
    pub licensing: Licensing,
    pub command_retention_days: u32,
    pub trusted_proxies: TrustedProxies,
    pub address_limits: AddressLimits,
}

impl MigrateConfig {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        Ok(MigrateConfig {
            database_url: database_url(&lookup)?,
        })
    }
}

impl ServeConfig {
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let listen = lookup(LISTEN_ADDRESS).unwrap_or_else(|| DEFAULT_LISTEN_ADDRESS.to_owned());
        let listen_address = listen.trim().parse().map_err(|_| ConfigError::Malformed {
            name: LISTEN_ADDRESS,
            reason: format!("{listen:?} is not an address and port such as 127.0.0.1:7070"),
        })?;
        let database_url = database_url(&lookup)?;
        // Required: a key made up by each process would sign tokens that other hub
        // processes, and this one after a restart, refuse.
        let key_text = lookup(ACCESS_TOKEN_KEY).ok_or(ConfigError::Missing {
            name: ACCESS_TOKEN_KEY,
            hint: "set it to 32 random bytes in base64 (`openssl rand -base64 32`), the same for every hub process",
        })?;
        let access_token_key =
            AccessTokenKey::from_base64(&key_text).map_err(|error| ConfigError::Malformed {
                name: ACCESS_TOKEN_KEY,
                reason: format!("{error}; generate one with `openssl rand -base64 32`"),
            })?;
        Ok(ServeConfig {
            database_url,
            listen_address,
            access_token_key,
            licensing: licensing(&lookup)?,
            command_retention_days: days(
                &lookup,
                COMMAND_RETENTION_DAYS,
                crate::feed_retention::DEFAULT_RETENTION_DAYS,
                7..=3660,
            )?,
            trusted_proxies: TrustedProxies::parse(&lookup(TRUSTED_PROXIES).unwrap_or_default())
                .map_err(|entry| ConfigError::Malformed {
                    name: TRUSTED_PROXIES,
                    reason: format!(
                        "{entry:?} is neither an address nor a network (10.0.0.7, 10.0.0.0/8)"
                    ),
                })?,
            address_limits: AddressLimits {
                token_challenges_per_minute: bounded(
                    &lookup,
                    TOKEN_CHALLENGES_PER_MINUTE,
                    DEFAULT_TOKEN_CHALLENGES_PER_MINUTE,
                    1..=100_000,
                    "challenges per minute",
                )?,
            },
        })
    }
}

/// The license key, its id and the validity period. Required like the access-token key:
/// a key made up at start-up would sign licenses that no store trusts.
fn licensing(lookup: &impl Fn(&str) -> Option<String>) -> Result<Licensing, ConfigError> {
    let seed = lookup(LICENSE_SIGNING_KEY).ok_or(ConfigError::Missing {
        name: LICENSE_SIGNING_KEY,
        hint: "set it to a 32-byte Ed25519 seed in base64 (`openssl rand -base64 32`), the same for every hub process",
    })?;
    let kid = lookup(LICENSE_KEY_ID).ok_or(ConfigError::Missing {
        name: LICENSE_KEY_ID,
        hint: "set it to the name stores know the license key by, for example 2026-11",
    })?;
    let signing_key = Licensing::key_from_base64(&kid, &seed).map_err(|error| {
        let name = match error {
            crate::licensing::LicenseKeyError::BadKeyId(_) => LICENSE_KEY_ID,
            _ => LICENSE_SIGNING_KEY,
        };
        ConfigError::Malformed {
            name,
            reason: error.to_string(),
        }
    })?;
    let validity_days = days(
        lookup,
        LICENSE_VALIDITY_DAYS,
        DEFAULT_VALIDITY_DAYS,
        1..=366,
    )?;
    Ok(Licensing::new(signing_key, validity_days))
}

/// A number of days from `lookup(name)`, `default` when unset, refused outside `allowed`.
fn days(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
    allowed: std::ops::RangeInclusive<u32>,
) -> Result<u32, ConfigError> {
    bounded(lookup, name, default, allowed, "days")
}

/// A number of `unit` from `lookup(name)`, `default` when unset, refused outside
/// `allowed`.
fn bounded(
    lookup: &impl Fn(&str) -> Option<String>,
    name: &'static str,
    default: u32,
    allowed: std::ops::RangeInclusive<u32>,
    unit: &str,
) -> Result<u32, ConfigError> {
    let Some(text) = lookup(name) else {
        return Ok(default);
    };
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|number| allowed.contains(number))
        .ok_or_else(|| ConfigError::Malformed {
            name,
            reason: format!(
                "{text:?} is not a number of {unit} from {} to {}",
                allowed.start(),
                allowed.end()
            ),
        })
}

/// The license key for the operator's command line, which signs renewed licenses when
/// it changes a tenant's entitlements if it has the key, and leaves them to the devices'
/// next heartbeat if it has not. A key that is set but malformed is still an error.
pub fn optional_licensing(
    lookup: impl Fn(&str) -> Option<String>,
) -> Result<Option<Licensing>, ConfigError> {
    if lookup(LICENSE_SIGNING_KEY).is_none() {
        return Ok(None);
    }
    licensing(&lookup).map(Some)
}

/// Reads variables from the process environment; the usual `lookup` outside tests.
pub fn from_environment(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .filter(|value| !value.trim().is_empty())
}

fn database_url(lookup: &impl Fn(&str) -> Option<String>) -> Result<String, ConfigError> {
    let url = lookup(DATABASE_URL).ok_or(ConfigError::Missing {
        name: DATABASE_URL,
        hint: "set it to the hub's PostgreSQL, for example postgres://fflow@127.0.0.1:5432/fflow",
    })?;
    let url = url.trim().to_owned();
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
        return Err(ConfigError::Malformed {
            name: DATABASE_URL,
            reason: "it must start with postgres:// or postgresql://".to_owned(),
        });
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lookup_in(
        pairs: &'static [(&'static str, &'static str)],
    ) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        }
    }

    /// Base64 of 32 bytes; any key of that size will do, for tokens and licenses alike.
    const KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

    fn check_serve(
        pairs: &'static [(&'static str, &'static str)],
        expected: Result<(&str, &str), &str>,
    ) {
        let got = ServeConfig::from_lookup(lookup_in(pairs));
        match (got, expected) {
            (Ok(config), Ok((url, listen))) => {
                assert_eq!(config.database_url, url, "for {pairs:?}");
                assert_eq!(config.listen_address.to_string(), listen, "for {pairs:?}");
            }
            (Err(error), Err(message_start)) => assert!(
                error.to_string().starts_with(message_start),
                "for {pairs:?}: {error} should start with {message_start:?}"
            ),
            (got, expected) => panic!("for {pairs:?}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn serve_configuration_cases() {
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
            ],
            Ok(("postgres://a@h/db", "127.0.0.1:7070")),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
            ],
            Err("FFLOW_HUB_LICENSE_SIGNING_KEY is not set"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
            ],
            Err("FFLOW_HUB_LICENSE_KEY_ID is not set"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", "c2hvcnQ="),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
            ],
            Err("FFLOW_HUB_LICENSE_SIGNING_KEY is malformed: it holds 5 bytes"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
                ("FFLOW_HUB_LICENSE_VALIDITY_DAYS", "0"),
            ],
            Err("FFLOW_HUB_LICENSE_VALIDITY_DAYS is malformed"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
                ("FFLOW_HUB_COMMAND_RETENTION_DAYS", "3"),
            ],
            Err(
                "FFLOW_HUB_COMMAND_RETENTION_DAYS is malformed: \"3\" is not a number of days from 7",
            ),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
                ("FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE", "0"),
            ],
            Err(
                "FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE is malformed: \"0\" is not a number of challenges per minute from 1",
            ),
        );
        check_serve(
            &[("DATABASE_URL", "postgres://a@h/db")],
            Err("FFLOW_HUB_ACCESS_TOKEN_KEY is not set"),
        );
        check_serve(
            &[
                ("DATABASE_URL", " postgresql://a@h:5433/db "),
                ("FFLOW_HUB_LISTEN", "0.0.0.0:9000"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", KEY),
                ("FFLOW_HUB_LICENSE_SIGNING_KEY", KEY),
                ("FFLOW_HUB_LICENSE_KEY_ID", "2026-11"),
                ("FFLOW_HUB_LICENSE_VALIDITY_DAYS", "90"),
            ],
            Ok(("postgresql://a@h:5433/db", "0.0.0.0:9000")),
        );
        check_serve(&[], Err("DATABASE_URL is not set"));
        check_serve(
            &[("DATABASE_URL", "mysql://a@h/db")],
            Err("DATABASE_URL is malformed"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_LISTEN", "localhost"),
            ],
            Err("FFLOW_HUB_LISTEN is malformed"),
        );
        check_serve(
            &[
                ("DATABASE_URL", "postgres://a@h/db"),
                ("FFLOW_HUB_ACCESS_TOKEN_KEY", "c2hvcnQ="),
            ],
            Err("FFLOW_HUB_ACCESS_TOKEN_KEY is malformed: it holds 5 bytes"),
        );
    }

    #[test]
    fn migrate_needs_only_the_database() {
        let config = MigrateConfig::from_lookup(lookup_in(&[("DATABASE_URL", "postgres://x/y")]))
            .expect("a URL is enough");
        assert_eq!(config.database_url, "postgres://x/y");
        assert!(matches!(
            MigrateConfig::from_lookup(lookup_in(&[])),
            Err(ConfigError::Missing {
                name: "DATABASE_URL",
                ..
            })
        ));
    }
}
