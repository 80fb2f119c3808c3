//! The real app window under Xvfb, driven through `tauri-driver` and WebKitWebDriver:
//! the page must show what the Rust core produced, and a screenshot of it is kept under
//! `target/e2e/`.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use support::processes::OwnedChild;
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
    let database_url = std::env::var("DATABASE_URL").expect(
        "DATABASE_URL must point at a PostgreSQL the tests may use (scripts/test starts one)",
    );
    let (_hub, hub_url) = start_hub(&database_url);
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

/// Migrates the database at `database_url`, then runs the real `fflow-hub serve` on a
/// free port and returns it with its base URL.
fn start_hub(database_url: &str) -> (OwnedChild, String) {
    let binary = hub_binary();
    let migrated = Command::new(&binary)
        .arg("migrate")
        .env("DATABASE_URL", database_url)
        .output()
        .unwrap_or_else(|error| panic!("could not run {}: {error}", binary.display()));
    assert!(
        migrated.status.success(),
        "the hub could not migrate {database_url}: {}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let mut child = Command::new(&binary)
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("FFLOW_HUB_LISTEN", "127.0.0.1:0")
        // Base64 of 32 bytes; any key of that size will do for a test hub.
        .env(
            "FFLOW_HUB_ACCESS_TOKEN_KEY",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        )
        // serve also requires a license key: an Ed25519 seed (base64 of 32 bytes) and its kid.
        .env(
            "FFLOW_HUB_LICENSE_SIGNING_KEY",
            "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
        )
        .env("FFLOW_HUB_LICENSE_KEY_ID", "window-test")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("could not start {}: {error}", binary.display()));
    let stdout = child.stdout.take().expect("piped stdout");
    let hub = OwnedChild::new("fflow-hub", child);
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("read the hub's first line");
    let url = line
        .trim()
        .strip_prefix("fflow-hub listening on ")
        .unwrap_or_else(|| panic!("the hub did not start; it said {line:?}"))
        .to_owned();
    (hub, url)
}

/// The hub binary beside this test's own build output (`target/<profile>/fflow-hub`).
fn hub_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path");
    let profile_folder = test_binary
        .parent()
        .and_then(Path::parent)
        .expect("tests run from target/<profile>/deps");
    let binary = profile_folder.join("fflow-hub");
    assert!(
        binary.is_file(),
        "{} is missing: build the workspace (cargo build --workspace) before this test",
        binary.display()
    );
    binary
}
