//! Counter preferences kept in the store's settings.

use crate::settings::{read_setting, write_setting};
use crate::{CoreError, StoreDatabase};

/// Settings key: seconds without input before the counter locks and asks for a PIN.
pub const LOCK_AFTER_SECONDS: &str = "lock_after_seconds";
/// Five minutes: long enough not to interrupt a slow customer, short enough that an
/// unattended counter does not stay open for the next person.
const DEFAULT_LOCK_AFTER_SECONDS: u32 = 300;
/// Locking sooner than this would lock a cashier between two scans.
const SHORTEST_LOCK_AFTER_SECONDS: u32 = 15;
/// A counter left open for more than a working shift is a counter nobody watches.
const LONGEST_LOCK_AFTER_SECONDS: u32 = 8 * 3600;

/// How long the counter waits without input before it locks.
pub fn lock_after_seconds(database: &StoreDatabase) -> Result<u32, CoreError> {
    let stored = database.read(|connection| read_setting(connection, LOCK_AFTER_SECONDS))?;
    Ok(stored
        .and_then(|value| value.trim().parse::<u32>().ok())
        .map_or(DEFAULT_LOCK_AFTER_SECONDS, |seconds| {
            seconds.max(SHORTEST_LOCK_AFTER_SECONDS)
        }))
}

/// Sets how long the counter waits without input before it locks.
pub fn save_lock_after_seconds(database: &StoreDatabase, seconds: u32) -> Result<(), CoreError> {
    if !(SHORTEST_LOCK_AFTER_SECONDS..=LONGEST_LOCK_AFTER_SECONDS).contains(&seconds) {
        return Err(CoreError::InvalidInput {
            field: "lock_after_seconds",
            reason: format!(
                "lock after {SHORTEST_LOCK_AFTER_SECONDS} to {LONGEST_LOCK_AFTER_SECONDS} seconds"
            ),
        });
    }
    write_setting(database, LOCK_AFTER_SECONDS, &seconds.to_string())
}

/// Settings key of the counter screen's language (`pt-BR` or `en`).
pub const DISPLAY_LANGUAGE: &str = "display_language";
/// Settings key of the counter screen's theme (`system`, `light` or `dark`).
pub const DISPLAY_THEME: &str = "display_theme";
const LANGUAGES: [&str; 2] = ["pt-BR", "en"];
const THEMES: [&str; 3] = ["system", "light", "dark"];

/// How this counter's screen looks. They are the counter's own settings, kept with its
/// data, so each counter (and each test's data folder) keeps its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisplayPreferences {
    /// `None` until someone picks one: the screen follows the system's language.
    pub language: Option<String>,
    pub theme: String,
}

pub fn display_preferences(database: &StoreDatabase) -> Result<DisplayPreferences, CoreError> {
    let (language, theme) = database.read(|connection| {
        Ok((
            read_setting(connection, DISPLAY_LANGUAGE)?,
            read_setting(connection, DISPLAY_THEME)?,
        ))
    })?;
    Ok(DisplayPreferences {
        language: language.filter(|language| LANGUAGES.contains(&language.as_str())),
        theme: theme
            .filter(|theme| THEMES.contains(&theme.as_str()))
            .unwrap_or_else(|| "system".to_owned()),
    })
}

/// Saves the screen's language and theme; refuses values the screen does not know.
pub fn save_display_preferences(
    database: &StoreDatabase,
    language: &str,
    theme: &str,
) -> Result<(), CoreError> {
    if !LANGUAGES.contains(&language) {
        return Err(CoreError::InvalidInput {
            field: "language",
            reason: format!("the counter speaks {LANGUAGES:?}, not {language:?}"),
        });
    }
    if !THEMES.contains(&theme) {
        return Err(CoreError::InvalidInput {
            field: "theme",
            reason: format!("a theme is one of {THEMES:?}, not {theme:?}"),
        });
    }
    write_setting(database, DISPLAY_LANGUAGE, language)?;
    write_setting(database, DISPLAY_THEME, theme)
}
