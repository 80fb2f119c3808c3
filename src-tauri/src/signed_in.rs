//! Who is signed in at this counter. Commands that record a cashier take them from here,
//! never from the UI's arguments, so a page cannot act as someone who did not type a PIN.

use std::sync::Mutex;

use fflow_core::people::TillUser;

use crate::error::CommandError;

/// The till user whose PIN was checked last; `None` when the counter is signed out.
#[derive(Debug, Default)]
pub struct SignedIn(Mutex<Option<TillUser>>);

impl SignedIn {
    /// The signed-in till user, or `not_signed_in`.
    pub fn current(&self) -> Result<TillUser, CommandError> {
        self.0
            .lock()
            .ok()
            .and_then(|user| user.clone())
            .ok_or_else(|| CommandError {
                code: "not_signed_in".to_owned(),
                message: "sign in with your PIN first".to_owned(),
            })
    }

    /// Makes `user` the signed-in till user (`None`: signed out).
    pub fn set(&self, user: Option<TillUser>) {
        // A poisoned lock only means a thread panicked while holding a plain value;
        // the value itself is still whole, so it is taken over rather than lost.
        let mut slot = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = user;
    }
}
