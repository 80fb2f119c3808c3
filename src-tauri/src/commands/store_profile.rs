//! Commands of the store's data for receipts and PIX (name, CNPJ, address, footer, PIX
//! key and city, time zone). Core checks every field and who may change them.

use fflow_core::store_profile::{self, StoreProfile};
use serde::{Deserialize, Serialize};
use tauri::State;

use super::database;
use crate::error::CommandError;
use crate::launch::StoreContext;
use crate::signed_in::SignedIn;

/// The store's data as the form edits it; empty text is "not set".
#[derive(Debug, Clone, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct StoreProfileInput {
    pub name: String,
    pub cnpj: String,
    pub address: String,
    pub receipt_footer: String,
    pub pix_key: String,
    pub pix_city: String,
    pub utc_offset_minutes: i32,
}

impl From<StoreProfile> for StoreProfileInput {
    fn from(profile: StoreProfile) -> Self {
        StoreProfileInput {
            name: profile.name,
            cnpj: profile.cnpj,
            address: profile.address,
            receipt_footer: profile.receipt_footer,
            pix_key: profile.pix_key,
            pix_city: profile.pix_city,
            utc_offset_minutes: profile.utc_offset_minutes,
        }
    }
}

impl From<StoreProfileInput> for StoreProfile {
    fn from(input: StoreProfileInput) -> Self {
        StoreProfile {
            name: input.name,
            cnpj: input.cnpj,
            address: input.address,
            receipt_footer: input.receipt_footer,
            pix_key: input.pix_key,
            pix_city: input.pix_city,
            utc_offset_minutes: input.utc_offset_minutes,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub fn store_profile(context: State<'_, StoreContext>) -> Result<StoreProfileInput, CommandError> {
    Ok(store_profile::store_profile(database(&context)?)?.into())
}

/// Saves the store's data for the signed-in owner or manager; answers it as stored.
#[tauri::command]
#[specta::specta]
pub fn save_store_profile(
    context: State<'_, StoreContext>,
    signed_in: State<'_, SignedIn>,
    profile: StoreProfileInput,
) -> Result<StoreProfileInput, CommandError> {
    let saved = store_profile::save_store_profile(
        database(&context)?,
        &signed_in.current()?.id,
        &profile.into(),
    )?;
    Ok(saved.into())
}
