//! A real hub for the window tests: a fresh PostgreSQL database of its own on the cluster
//! of `DATABASE_URL` (dropped after), the `fflow-hub` binary beside the test's build
//! output for its operator CLI, and `serve` on a free loopback port.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fflow_core::licensing::test_support::TEST_LICENSE_KID;

use super::processes::OwnedChild;

/// The store's test signing seed (`licensing::test_support`): the hub signs with it, and
/// the app is told to trust its public key, as a real hub's key would be built in.
const LICENSE_SIGNING_SEED: &[u8; 32] = b"fflow-test-license-signing-key!!";
/// Base64 of 32 bytes; any key of that size will do for a test hub.
const ACCESS_TOKEN_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// A fresh database for this test's hub on the cluster of `DATABASE_URL`, dropped after.
pub struct HubDatabase {
    name: String,
    cluster_url: String,
    /// The URL of this hub's own database.
    pub url: String,
}

impl HubDatabase {
    /// Creates and migrates the database.
    pub fn create() -> HubDatabase {
        let cluster_url = std::env::var("DATABASE_URL").expect(
            "DATABASE_URL must point at a PostgreSQL the tests may use (scripts/test starts one)",
        );
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_nanos());
        let name = format!("fflow_activation_e2e_{}_{stamp}", std::process::id());
        psql(&cluster_url, &format!("CREATE DATABASE {name}"));
        let url = with_database(&cluster_url, &name);
        let hub = HubDatabase {
            name,
            cluster_url,
            url,
        };
        hub.operator(&["migrate"], None);
        hub
    }

    /// Runs `fflow-hub <arguments>` against this database and answers its stdout.
    pub fn operator(&self, arguments: &[&str], stdin: Option<&str>) -> String {
        let mut child = Command::new(hub_binary())
            .args(arguments)
            .env("DATABASE_URL", &self.url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fflow-hub runs");
        let mut input = child.stdin.take().expect("piped stdin");
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).expect("write stdin");
        }
        drop(input);
        let output = child.wait_with_output().expect("fflow-hub exits");
        assert!(
            output.status.success(),
            "fflow-hub {arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// `fflow-hub serve` on a free loopback port, signing licenses with the test seed.
    pub fn serve(&self) -> (OwnedChild, String) {
        let mut child = Command::new(hub_binary())
            .arg("serve")
            .env("DATABASE_URL", &self.url)
            .env("FFLOW_HUB_LISTEN", "127.0.0.1:0")
            .env("FFLOW_HUB_ACCESS_TOKEN_KEY", ACCESS_TOKEN_KEY)
            .env(
                "FFLOW_HUB_LICENSE_SIGNING_KEY",
                STANDARD.encode(LICENSE_SIGNING_SEED),
            )
            .env("FFLOW_HUB_LICENSE_KEY_ID", TEST_LICENSE_KID)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("fflow-hub serve starts");
        let stdout = child.stdout.take().expect("piped stdout");
        let server = OwnedChild::new("fflow-hub", child);
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the hub's first line");
        let url = line
            .trim()
            .strip_prefix("fflow-hub listening on ")
            .unwrap_or_else(|| panic!("the hub did not start; it said {line:?}"))
            .to_owned();
        (server, url)
    }
}

impl Drop for HubDatabase {
    fn drop(&mut self) {
        // Best effort: a database left behind only costs disk on a throwaway cluster.
        let _ = Command::new("psql")
            .args([
                &self.cluster_url,
                "-q",
                "-c",
                &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
            ])
            .output();
    }
}

/// Runs `sql` with psql against `url` and returns its unaligned output.
pub fn psql(url: &str, sql: &str) -> String {
    let output = Command::new("psql")
        .args([url, "-v", "ON_ERROR_STOP=1", "-tAq", "-c", sql])
        .output()
        .expect("psql runs");
    assert!(
        output.status.success(),
        "{sql}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}

/// `url` with its database swapped for `database` (any query string kept).
fn with_database(url: &str, database: &str) -> String {
    let authority_start = url.find("://").map_or(0, |index| index + 3);
    let path_start = url[authority_start..]
        .find('/')
        .map_or(url.len(), |index| authority_start + index);
    let query = url[path_start..]
        .find('?')
        .map_or("", |index| &url[path_start + index..]);
    format!("{}/{database}{query}", &url[..path_start])
}

/// The hub binary beside this test's own build output (`target/<profile>/fflow-hub`).
pub fn hub_binary() -> PathBuf {
    let test_binary = std::env::current_exe().expect("test binary path");
    let binary = test_binary
        .parent()
        .and_then(Path::parent)
        .expect("tests run from target/<profile>/deps")
        .join("fflow-hub");
    assert!(
        binary.is_file(),
        "{} is missing: build the workspace (cargo build --workspace) before this test",
        binary.display()
    );
    binary
}
