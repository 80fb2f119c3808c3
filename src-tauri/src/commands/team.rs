//! Commands of the settings screen: till users (adding, the team list, roles, PINs,
//! deactivation) and the lock delay.

use fflow_core::people::Role;
use fflow_core::team;
use fflow_core::team_changes::{self, TeamMember};
use serde::{Deserialize, Serialize};
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

impl From<RoleInput> for Role {
    fn from(role: RoleInput) -> Self {
        match role {
            RoleInput::Cashier => Role::Cashier,
            RoleInput::Manager => Role::Manager,
            RoleInput::Owner => Role::Owner,
        }
    }
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
    let actor = signed_in.current()?;
    let added = team::add_till_user(
        database(&context)?,
        &actor,
        &user.name,
        user.role.into(),
        &user.pin,
    )?;
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

/// A till user on the team screen, active or not.
#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct TeamMemberView {
    pub id: String,
    pub name: String,
    /// `cashier`, `manager` or `owner`.
    pub role: String,
    pub active: bool,
}

impl From<TeamMember> for TeamMemberView {
    fn from(member: TeamMember) -> Self {
        TeamMemberView {
            id: member.user.id,
            name: member.user.name,
            role: member.user.role.as_str().to_owned(),
            active: member.active,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn team_members(context: State<'_, StoreContext>) -> Result<Vec<TeamMemberView>, CommandError> {
    let members = team_changes::list_team(database(&context)?)?;
    Ok(members.into_iter().map(Into::into).collect())
}

#[tauri::command]
#[specta::specta]
pub fn change_till_user_role(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    user_id: String,
    role: RoleInput,
) -> Result<TeamMemberView, CommandError> {
    let actor = signed_in.current()?;
    let changed = team_changes::change_role(database(&context)?, &actor, &user_id, role.into())?;
    Ok(changed.into())
}

/// Sets a new PIN, typed twice (core checks that both agree).
#[tauri::command]
#[specta::specta]
pub fn reset_till_user_pin(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    user_id: String,
    pin: String,
    pin_again: String,
) -> Result<(), CommandError> {
    let actor = signed_in.current()?;
    Ok(team_changes::reset_pin(
        database(&context)?,
        &actor,
        &user_id,
        &pin,
        &pin_again,
    )?)
}

#[tauri::command]
#[specta::specta]
pub fn set_till_user_active(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    user_id: String,
    active: bool,
) -> Result<TeamMemberView, CommandError> {
    let actor = signed_in.current()?;
    let changed = team_changes::set_active(database(&context)?, &actor, &user_id, active)?;
    Ok(changed.into())
}
