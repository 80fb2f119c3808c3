//! Commands about how this counter's screen looks: language and theme.

use fflow_core::checkout;
use serde::Serialize;
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct DisplayPreferencesView {
    /// `pt-BR` or `en`; none until someone picks one (the system's language applies).
    pub language: Option<String>,
    /// `system`, `light` or `dark`.
    pub theme: String,
}

#[tauri::command]
#[specta::specta]
pub fn display_preferences(
    context: State<'_, StoreContext>,
) -> Result<DisplayPreferencesView, CommandError> {
    let preferences = checkout::display_preferences(database(&context)?)?;
    Ok(DisplayPreferencesView {
        language: preferences.language,
        theme: preferences.theme,
    })
}

#[tauri::command]
#[specta::specta]
pub fn save_display_preferences(
    context: State<'_, StoreContext>,
    language: String,
    theme: String,
) -> Result<(), CommandError> {
    Ok(checkout::save_display_preferences(
        database(&context)?,
        &language,
        &theme,
    )?)
}
