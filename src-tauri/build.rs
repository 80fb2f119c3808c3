//! Build script of the desktop shell: lets Tauri read `tauri.conf.json`, the capabilities
//! and the icons, and embed the UI from `ui/dist`.
//!
//! The app manifest lists our commands so that each gets an `allow-<command>` permission;
//! the window may then call only the ones its capability grants.

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(&["store_info", "hub_status"]);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
