//! Commands of the settings screen: till users and the lock delay.

use fflow_core::people::Role;
use fflow_core::team;
use serde::Deserialize;
use tauri::State;

use super::database;
use super::views::TillUserView;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

#[derive(Debug, Clone, Copy, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum RoleInput {
    Cashier,
    Manager,
    Owner,
}

#[derive(Debug, Clone, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct NewTillUserInput {
    pub name: String,
    pub role: RoleInput,
    pub pin: String,
}

/// Adds a till user on behalf of the signed-in manager or owner.
#[tauri::command]
#[specta::specta]
pub fn add_till_user(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    user: NewTillUserInput,
) -> Result<TillUserView, CommandError> {
    let role = match user.role {
        RoleInput::Cashier => Role::Cashier,
        RoleInput::Manager => Role::Manager,
        RoleInput::Owner => Role::Owner,
    };
    let actor = signed_in.current()?;
    let added = team::add_till_user(database(&context)?, &actor, &user.name, role, &user.pin)?;
    Ok(added.into())
}

#[tauri::command]
#[specta::specta]
pub fn save_lock_after_seconds(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    seconds: u32,
) -> Result<(), CommandError> {
    let actor = signed_in.current()?;
    Ok(team::set_lock_delay(database(&context)?, &actor, seconds)?)
}
