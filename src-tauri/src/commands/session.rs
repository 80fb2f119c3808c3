//! Commands about who works the counter: first-run owner, sign-in, lock and sign-out.

use fflow_core::{checkout, first_run, people};
use serde::Serialize;
use tauri::State;

use super::database;
use super::views::TillUserView;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// What the sign-in screen needs.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct SignInScreenView {
    /// No till user exists yet: show the first-run setup instead of sign-in.
    pub needs_first_owner: bool,
    pub users: Vec<TillUserView>,
    /// Seconds without input before the counter locks.
    pub lock_after_seconds: u32,
}

#[tauri::command]
#[specta::specta]
pub fn sign_in_screen(context: State<'_, StoreContext>) -> Result<SignInScreenView, CommandError> {
    let database = database(&context)?;
    Ok(SignInScreenView {
        needs_first_owner: first_run::needs_first_owner(database)?,
        users: people::list_till_users(database)?
            .into_iter()
            .map(Into::into)
            .collect(),
        lock_after_seconds: checkout::lock_after_seconds(database)?,
    })
}

#[tauri::command]
#[specta::specta]
pub fn create_first_owner(
    context: State<'_, StoreContext>,
    name: String,
    pin: String,
) -> Result<TillUserView, CommandError> {
    Ok(first_run::create_first_owner(database(&context)?, &name, &pin)?.into())
}

/// Checks `pin` for `user_id` and makes them the counter's cashier (also unlocks).
#[tauri::command]
#[specta::specta]
pub fn sign_in(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    user_id: String,
    pin: String,
) -> Result<TillUserView, CommandError> {
    let user = people::sign_in(database(&context)?, &user_id, &pin)?;
    signed_in.set(Some(user.clone()));
    Ok(user.into())
}

#[tauri::command]
#[specta::specta]
pub fn sign_out(signed_in: State<'_, SignedIn>) {
    signed_in.set(None);
}
