//! The F-Flow Store shell: Tauri setup, the typed command surface the UI calls, and the
//! wiring of core into the window. Logic lives in `fflow-core`; commands here are
//! one-liners that call it and convert the result.

pub mod commands;
pub mod error;
pub mod hub_connection;
pub mod launch;
pub mod print_service;
pub mod scanner_service;
pub mod signed_in;

use std::sync::Arc;

use fflow_core::status_light::driver::StatusLightDriver;
use tauri::Manager;

/// The typed command surface: the same list drives the IPC handler and the generated
/// TypeScript bindings (`ui/src/bindings.ts`), so the two cannot drift apart.
pub fn command_surface() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        commands::store::store_info,
        commands::hub::hub_status,
        commands::hub::sync_backlog,
        commands::license::license_status,
        commands::activation::activate_counter,
        commands::activation::check_license_now,
        commands::activation::sync_status,
        commands::activation::license_checks,
        commands::session::sign_in_screen,
        commands::session::create_first_owner,
        commands::session::sign_in,
        commands::session::sign_out,
        commands::display::display_preferences,
        commands::display::save_display_preferences,
        commands::sales::find_product,
        commands::sales::search_products,
        commands::sales::quote_cart,
        commands::sales::payment_methods,
        commands::sales::pix_payload,
        commands::sales::complete_sale,
        commands::sales::sale_receipt,
        commands::receipt_image::receipt_image,
        commands::sales::queue_receipt,
        commands::sales::void_cart,
        commands::drawer_wiring::drawer_wiring,
        commands::drawer_wiring::save_drawer_wiring,
        commands::status_light::status_light,
        commands::scanner::serial_scanner,
        commands::scanner::keyboard_scanner_timing,
        commands::scanner::save_serial_scanner,
        commands::status_light::save_status_light,
        commands::scale_labels::scale_label_formats,
        commands::scale_labels::save_scale_label_formats,
        commands::customers::find_customers,
        commands::customers::add_customer,
        commands::held_carts::park_cart,
        commands::held_carts::held_carts,
        commands::held_carts::resume_held_cart,
        commands::held_carts::discard_held_cart,
        commands::cash::session_report,
        commands::cash::open_session,
        commands::cash::cash_movement,
        commands::cash::close_session,
        commands::returns::returnable_sale,
        commands::returns::refund_due,
        commands::returns::return_sale,
        commands::stock::low_stock_products,
        commands::stock::adjust_stock,
        commands::products::product_details,
        commands::products::edit_product,
        commands::catalog_files::import_products_csv,
        commands::catalog_files::export_products_csv,
        commands::team::add_till_user,
        commands::team::save_lock_after_seconds,
        commands::printing::printer_status,
        commands::printing::save_printer_settings,
        commands::printing::reprint_receipt,
        commands::printing::open_cash_drawer,
        commands::store_profile::store_profile,
        commands::store_profile::save_store_profile,
        commands::team::team_members,
        commands::team::change_till_user_role,
        commands::team::reset_till_user_pin,
        commands::team::set_till_user_active,
    ])
}

/// Starts the app and blocks until its last window closes.
pub fn run() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let surface = command_surface();
    let outcome = tauri::Builder::default()
        .invoke_handler(surface.invoke_handler())
        .setup(|app| {
            let context = launch::open_store(app.handle());
            let hub = Arc::new(hub_connection::HubConnection::new(&context));
            hub.start();
            app.manage(print_service::PrintService::start(&context));
            app.manage(commands::status_light::StatusLightService(
                context
                    .database
                    .as_ref()
                    .ok()
                    .map(|database| StatusLightDriver::start(Arc::clone(database))),
            ));
            app.manage(scanner_service::ScannerService::start(
                context.database.as_ref().ok().map(Arc::clone),
                app.handle().clone(),
            ));
            app.manage(context);
            app.manage(hub);
            app.manage(signed_in::SignedIn::default());
            Ok(())
        })
        .build(tauri::generate_context!())
        .map(|app| {
            app.run(|handle, event| {
                if let tauri::RunEvent::Exit = event {
                    handle
                        .state::<Arc<hub_connection::HubConnection>>()
                        .stop_sync();
                }
            });
        });
    if let Err(error) = outcome {
        // Nothing can be shown in a window that failed to start; stderr is all there is.
        eprintln!("F-Flow Store could not start: {error}");
        std::process::exit(1);
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use specta_typescript::Typescript;

    /// The committed `ui/src/bindings.ts` must be exactly what the command surface
    /// generates; `UPDATE_BINDINGS=1 cargo test -p fflow --lib` rewrites it.
    #[test]
    fn typescript_bindings_match_the_command_surface() {
        let committed_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings.ts");
        let scratch = tempfile::tempdir().expect("temp dir");
        let generated_path = scratch.path().join("bindings.ts");
        super::command_surface()
            .export(Typescript::default(), &generated_path)
            .expect("bindings export");
        let generated = std::fs::read_to_string(&generated_path).expect("read generated");
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&committed_path, &generated).expect("write ui/src/bindings.ts");
        }
        let committed = std::fs::read_to_string(&committed_path).unwrap_or_default();
        assert!(
            committed == generated,
            "ui/src/bindings.ts is stale: run `UPDATE_BINDINGS=1 cargo test -p fflow --lib` and commit it"
        );
    }

    /// The names between double quotes on the lines of `text` that `keep` accepts.
    fn quoted_names(text: &str, keep: impl Fn(&str) -> bool) -> BTreeSet<String> {
        text.lines()
            .filter(|line| keep(line))
            .flat_map(|line| line.split('"').skip(1).step_by(2).map(str::to_owned))
            .collect()
    }

    /// The bodies of the `name: { ... }` word tables in ui/src/locales/, one per language.
    fn i18n_tables(name: &str) -> Vec<String> {
        let locales = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/locales");
        let tables: Vec<String> = ["portuguese.ts", "english.ts"]
            .iter()
            .map(|file| std::fs::read_to_string(locales.join(file)).expect("read a locale"))
            .flat_map(|words| {
                words
                    .split(&format!("  {name}: {{"))
                    .skip(1)
                    .filter_map(|rest| rest.split("\n  }").next())
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        assert_eq!(tables.len(), 2, "one {name} table per language");
        tables
    }

    /// A print problem code the UI has no words for would reach the cashier in English.
    #[test]
    fn every_print_problem_code_is_worded_in_both_languages() {
        let sections = i18n_tables("printProblems");
        let codes = fflow_devices::print_failure::PrintFailure::ALL
            .map(|failure| failure.code())
            .into_iter()
            .chain([
                fflow_core::print_queue::RECEIPT_UNPRINTABLE,
                fflow_core::print_queue::STOPPED_WHILE_PRINTING,
                crate::print_service::NO_PRINTER,
                crate::print_service::PRINT_WORKER_FAILED,
            ]);
        for code in codes {
            for section in &sections {
                assert!(
                    section.contains(&format!("\n    {code}: \"")),
                    "{code} has no words in one of the printProblems tables"
                );
            }
        }
    }

    /// A scanner problem the UI has no words for would reach the cashier in English.
    #[test]
    fn every_serial_scanner_problem_is_worded_in_both_languages() {
        use fflow_devices::serial_port::SerialOpenError;
        use fflow_devices::serial_scanner::SerialScanError;
        let sections = i18n_tables("serialScannerProblems");
        let path = || "/dev/ttyUSB0".to_owned();
        let problems = [
            SerialScanError::Open(SerialOpenError::NotFound { path: path() }),
            SerialScanError::Open(SerialOpenError::PermissionDenied { path: path() }),
            SerialScanError::Open(SerialOpenError::Busy { path: path() }),
            SerialScanError::Open(SerialOpenError::Other {
                path: path(),
                message: String::new(),
            }),
            SerialScanError::NotText { bytes: 2 },
            SerialScanError::TooLong,
            SerialScanError::Disconnected {
                path: path(),
                message: String::new(),
            },
        ];
        for problem in problems {
            for section in &sections {
                assert!(
                    section.contains(&format!("\n    {}: \"", problem.code())),
                    "{} has no words in one of the serialScannerProblems tables",
                    problem.code()
                );
            }
        }
    }

    /// A command missing from the app manifest (`build.rs`) or from the window's
    /// capability is refused at run time with "not allowed"; this catches it at test time.
    #[test]
    fn every_command_is_in_the_app_manifest_and_allowed_to_the_window() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let scratch = tempfile::tempdir().expect("temp dir");
        let generated_path = scratch.path().join("bindings.ts");
        super::command_surface()
            .export(Typescript::default(), &generated_path)
            .expect("bindings export");
        let bindings = std::fs::read_to_string(&generated_path).expect("read generated");
        // Each command is called as `__TAURI_INVOKE("name"` or `__TAURI_INVOKE<Type>("name"`.
        let surface: BTreeSet<String> = bindings
            .split("__TAURI_INVOKE")
            // The first piece comes before the import, the second is the import itself.
            .skip(2)
            .filter_map(|call| call.split('"').nth(1).map(str::to_owned))
            .collect();
        assert!(
            surface.len() > 10,
            "commands found in the bindings: {surface:?}"
        );

        let build_script =
            std::fs::read_to_string(root.join("src-tauri/build.rs")).expect("read build.rs");
        let manifest = quoted_names(&build_script, |line| {
            line.starts_with("    \"") && line.trim_end().ends_with("\",")
        });
        assert_eq!(manifest, surface, "src-tauri/build.rs COMMANDS");

        let capability = std::fs::read_to_string(root.join("src-tauri/capabilities/default.json"))
            .expect("read the capability");
        let allowed: BTreeSet<String> = quoted_names(&capability, |line| line.contains("\"allow-"))
            .into_iter()
            .filter_map(|permission| {
                permission
                    .strip_prefix("allow-")
                    .map(|name| name.replace('-', "_"))
            })
            .collect();
        assert_eq!(
            allowed, surface,
            "src-tauri/capabilities/default.json permissions"
        );
    }
}
