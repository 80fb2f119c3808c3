//! Passwords: Argon2id hashes in PHC strings, and a type that keeps the plain text out of
//! logs and debug output.

use std::fmt;

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Short passwords fall to guessing whatever the hash costs.
pub const MINIMUM_PASSWORD_CHARACTERS: usize = 10;

/// A password in plain text, on its way to being hashed or checked. Its `Debug` hides it so
/// that a logged struct never carries a secret.
#[derive(Clone)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("Password(<hidden>)")
    }
}

impl Password {
    pub fn new(plain: impl Into<String>) -> Self {
        Password(plain.into())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("a password needs at least {minimum} characters")]
    TooShort { minimum: usize },
    #[error("the password could not be hashed: {0}")]
    Hashing(String),
    #[error("the stored password hash is not a valid PHC string")]
    CorruptStoredHash,
}

/// Hashes a new password with Argon2id, its default (OWASP-recommended) cost and a fresh
/// random salt.
pub fn hash_password(password: &Password) -> Result<String, PasswordError> {
    if password.0.chars().count() < MINIMUM_PASSWORD_CHARACTERS {
        return Err(PasswordError::TooShort {
            minimum: MINIMUM_PASSWORD_CHARACTERS,
        });
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.0.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|error| PasswordError::Hashing(error.to_string()))
}

/// Whether `password` is the one `stored_hash` was made from. The parameters come from the
/// stored string, so raising the cost later keeps old hashes checkable.
pub fn password_matches(password: &Password, stored_hash: &str) -> Result<bool, PasswordError> {
    let parsed = PasswordHash::new(stored_hash).map_err(|_| PasswordError::CorruptStoredHash)?;
    Ok(Argon2::default()
        .verify_password(password.0.as_bytes(), &parsed)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_accepts_its_password_and_nothing_else() {
        let hash = hash_password(&Password::new("correct horse battery")).expect("hashes");
        assert!(
            hash.starts_with("$argon2id$"),
            "the database only accepts Argon2id PHC strings: {hash}"
        );
        let cases = [
            ("correct horse battery", true),
            ("correct horse batterY", false),
            ("", false),
        ];
        for (attempt, expected) in cases {
            assert_eq!(
                password_matches(&Password::new(attempt), &hash),
                Ok(expected),
                "signing in with {attempt:?} must succeed only with the real password"
            );
        }
    }

    #[test]
    fn the_same_password_hashes_differently_each_time() {
        let password = Password::new("correct horse battery");
        assert_ne!(
            hash_password(&password),
            hash_password(&password),
            "a fresh salt per hash keeps equal passwords from showing as equal hashes"
        );
    }

    #[test]
    fn short_passwords_are_refused_and_never_shown() {
        assert_eq!(
            hash_password(&Password::new("short")),
            Err(PasswordError::TooShort { minimum: 10 }),
            "a short password is refused before any hashing"
        );
        assert_eq!(
            format!("{:?}", Password::new("hunter2hunter2")),
            "Password(<hidden>)",
            "debug output (and so logs) must never carry a password"
        );
    }

    #[test]
    fn a_corrupt_stored_hash_is_an_error_not_a_mismatch() {
        assert_eq!(
            password_matches(&Password::new("anything at all"), "not-a-phc-string"),
            Err(PasswordError::CorruptStoredHash),
            "a damaged row must be noticed, not reported as a wrong password"
        );
    }
}
