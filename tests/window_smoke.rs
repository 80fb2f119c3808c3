//! The real app window under Xvfb, driven through `tauri-driver` and WebKitWebDriver:
//! the page must show what the Rust core produced, and a screenshot of it is kept under
//! `target/e2e/`.

mod support;

use std::path::Path;

use support::hub::HubDatabase;
use support::webdriver::AppWindow;

fn app_binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_fflow"))
}

#[test]
fn window_shows_the_database_the_core_opened() {
    let data_folder = tempfile::tempdir().expect("temp dir");
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let window = AppWindow::launch(
        app_binary(),
        &[("FFLOW_DATA_DIR", data_path), ("FFLOW_HUB_URL", "")],
    );

    let shown_path = window.text_of("[data-testid=database-path]");
    let expected_path = data_folder.path().join("fflow-store.sqlite3");
    assert_eq!(
        shown_path,
        expected_path.to_string_lossy(),
        "the page must show the file the core opened in FFLOW_DATA_DIR"
    );
    assert!(
        expected_path.is_file(),
        "the core must have created the database on disk, not only reported a path"
    );
    assert_eq!(
        window.text_of("[data-testid=app-version]"),
        env!("CARGO_PKG_VERSION"),
        "the version comes from the Rust build"
    );
    assert_eq!(
        window
            .settled_attribute("[data-testid=hub-status]", "data-state", "checking")
            .as_deref(),
        Some("not_configured"),
        "with no hub address the window says so instead of showing an error"
    );
    let screenshot = window.screenshot("window_smoke");
    assert!(screenshot.is_file());
}

#[test]
fn window_shows_the_hub_online_when_one_is_configured() {
    let hub = HubDatabase::create();
    let (_server, hub_url) = hub.serve();
    let data_folder = tempfile::tempdir().expect("temp dir");
    let data_path = data_folder.path().to_str().expect("temp paths are UTF-8");
    let window = AppWindow::launch(
        app_binary(),
        &[("FFLOW_DATA_DIR", data_path), ("FFLOW_HUB_URL", &hub_url)],
    );

    let state = window.settled_attribute("[data-testid=hub-status]", "data-state", "checking");
    let status = window.text_of("[data-testid=hub-status]");
    assert_eq!(
        state.as_deref(),
        Some("online"),
        "the app must reach the real hub at {hub_url}; it showed {status:?}"
    );
    assert!(
        status.contains(&hub_url),
        "the status names the hub it talks to: {status:?}"
    );
    window.screenshot("window_hub_online");
}
