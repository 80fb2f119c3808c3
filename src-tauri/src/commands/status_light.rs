//! Commands of the counter's status light on a Raspberry Pi GPIO pin: where it is wired
//! (a manager's setting core checks and audits) and whether it is being lit, with the
//! reason as a code when it is not.

use fflow_core::status_light::driver::StatusLightDriver;
use fflow_core::status_light::{self as light, status_light_wiring};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// The light's driver, when the store database opened.
#[derive(Debug)]
pub struct StatusLightService(pub Option<StatusLightDriver>);

#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusLightInput {
    /// BCM number, 0 to 27.
    pub pin: u8,
    /// The pin goes high (true) or low to light it.
    pub active_high: bool,
}

#[derive(Debug, Clone, Serialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StatusLightView {
    /// `None` when the counter has no light.
    pub light: Option<StatusLightInput>,
    /// Why the wired light is not lit (`gpio_not_in_this_build`, `gpio_permission_denied`,
    /// ...), for the screen to word.
    pub problem: Option<String>,
}

#[tauri::command]
#[specta::specta]
pub fn status_light(
    context: State<'_, StoreContext>,
    service: State<'_, StatusLightService>,
) -> Result<StatusLightView, CommandError> {
    let wired = light::status_light(database(&context)?)?;
    Ok(StatusLightView {
        light: wired.map(|wired| StatusLightInput {
            pin: wired.pin(),
            active_high: wired.lights_when_high(),
        }),
        problem: service
            .0
            .as_ref()
            .and_then(StatusLightDriver::problem)
            .map(str::to_owned),
    })
}

#[tauri::command]
#[specta::specta]
pub fn save_status_light(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    light: Option<StatusLightInput>,
) -> Result<(), CommandError> {
    let light = light
        .map(|input| status_light_wiring(input.pin, input.active_high))
        .transpose()?;
    light::save_status_light(database(&context)?, &signed_in.current()?.id, light)?;
    Ok(())
}
