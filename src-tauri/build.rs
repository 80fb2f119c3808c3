//! Build script of the desktop shell: lets Tauri read `tauri.conf.json`, the capabilities
//! and the icons, and embed the UI from `ui/dist`.
//!
//! The app manifest lists our commands so that each gets an `allow-<command>` permission;
//! the window may then call only the ones its capability grants.

/// Every command of `command_surface()` in `src/lib.rs`.
const COMMANDS: &[&str] = &[
    "store_info",
    "hub_status",
    "sync_backlog",
    "license_status",
    "activate_counter",
    "check_license_now",
    "sync_status",
    "license_checks",
    "sign_in_screen",
    "create_first_owner",
    "sign_in",
    "sign_out",
    "display_preferences",
    "save_display_preferences",
    "find_product",
    "search_products",
    "quote_cart",
    "payment_methods",
    "pix_payload",
    "complete_sale",
    "sale_receipt",
    "receipt_image",
    "queue_receipt",
    "void_cart",
    "drawer_wiring",
    "save_drawer_wiring",
    "status_light",
    "serial_scanner",
    "keyboard_scanner_timing",
    "save_serial_scanner",
    "save_status_light",
    "scale_label_formats",
    "save_scale_label_formats",
    "find_customers",
    "add_customer",
    "park_cart",
    "held_carts",
    "resume_held_cart",
    "discard_held_cart",
    "session_report",
    "open_session",
    "cash_movement",
    "close_session",
    "returnable_sale",
    "refund_due",
    "return_sale",
    "low_stock_products",
    "adjust_stock",
    "product_details",
    "edit_product",
    "import_products_csv",
    "export_products_csv",
    "add_till_user",
    "save_lock_after_seconds",
    "printer_status",
    "save_printer_settings",
    "reprint_receipt",
    "open_cash_drawer",
    "store_profile",
    "save_store_profile",
    "team_members",
    "change_till_user_role",
    "reset_till_user_pin",
    "set_till_user_active",
];

fn main() {
    let manifest = tauri_build::AppManifest::new().commands(COMMANDS);
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/**/*")
        .app_manifest(manifest);
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri build step failed: {error:#}");
    }
}
