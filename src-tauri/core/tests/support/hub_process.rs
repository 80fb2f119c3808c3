//! The real hub for the store's end-to-end tests: the `fflow-hub` binary (built by cargo
//! on first use, or named by `FFLOW_HUB_BINARY`), a fresh PostgreSQL database of its own
//! on the cluster of `DATABASE_URL`, its operator CLI, and `serve` on a loopback port.
//!
//! The hub signs licenses with the store's test key (see `licensing::test_support`), which
//! test-support builds of the store trust: no environment of the test process changes.

#![allow(dead_code)] // Each test binary uses its own part of it.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use fflow_core::licensing::test_support::TEST_LICENSE_KID;

/// The store's test signing seed (`licensing::test_support`), base64, as `serve` takes it.
const TEST_SIGNING_SEED: &[u8; 32] = b"fflow-test-license-signing-key!!";
/// Base64 of 32 bytes; any key of that size will do for a test hub.
const ACCESS_TOKEN_KEY: &str = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

/// A hub database with a tenant on a plan, and the binary to run against it.
pub struct TestHub {
    database_name: String,
    pub database_url: String,
    pub tenant_id: String,
    server: Option<Child>,
    /// `127.0.0.1:<port>`, kept across restarts so the store's address stays the same.
    pub listen: String,
    /// `FFLOW_HUB_LICENSE_VALIDITY_DAYS` for `serve`; the hub's default when `None`.
    pub license_validity_days: Option<u32>,
    /// `FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE` for `serve`: a store restarted hundreds of
    /// times a minute asks for a token each time.
    pub token_challenges_per_minute: Option<u32>,
}

fn hub_binary() -> &'static PathBuf {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        if let Ok(path) = std::env::var("FFLOW_HUB_BINARY") {
            return PathBuf::from(path);
        }
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let built = Command::new(cargo)
            .args(["build", "--quiet", "-p", "fflow-hub", "--bin", "fflow-hub"])
            .status()
            .expect("cargo runs");
        assert!(built.success(), "building fflow-hub failed");
        let target = std::env::var("CARGO_TARGET_DIR").map_or_else(
            |_| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"),
            PathBuf::from,
        );
        target.join("debug").join("fflow-hub")
    })
}

fn cluster_url() -> String {
    std::env::var("DATABASE_URL")
        .expect("DATABASE_URL names the PostgreSQL cluster the end-to-end tests use")
}

/// `DATABASE_URL` with its database swapped for `database`.
fn url_for_database(database: &str) -> String {
    let base = cluster_url();
    let authority_start = base.find("://").map_or(0, |index| index + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |index| authority_start + index);
    let query = base[path_start..]
        .find('?')
        .map_or("", |index| &base[path_start + index..]);
    format!("{}/{database}{query}", &base[..path_start])
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

impl TestHub {
    /// A migrated hub database with one tenant on a plan of `seats` devices.
    pub fn with_seats(seats: u32) -> TestHub {
        let name = format!("fflow_store_e2e_{}", uuid::Uuid::now_v7().simple());
        psql(&cluster_url(), &format!("CREATE DATABASE {name}"));
        // Dropped with the `TestHub`, so a long test run does not fill the cluster.
        let database_url = url_for_database(&name);
        let mut hub = TestHub {
            database_name: name,
            database_url,
            tenant_id: String::new(),
            server: None,
            listen: String::new(),
            license_validity_days: None,
            token_challenges_per_minute: None,
        };
        hub.operator(&["migrate"], None);
        hub.tenant_id = hub.operator(
            &[
                "tenant",
                "create",
                "--name",
                "Pet Shop Alfa",
                "--cnpj",
                "11.222.333/0001-81",
                "--owner-email",
                "dona@alfa.example",
                "--owner-password-stdin",
                "--test",
            ],
            Some("a long owner password"),
        );
        let seats = seats.to_string();
        hub.operator(
            &[
                "plan",
                "create",
                "--code",
                "pro",
                "--name",
                "Pro",
                "--price-cents",
                "14990",
                "--cycle",
                "monthly",
                "--max-devices",
                &seats,
                "--max-users",
                "10",
                "--max-products",
                "1000",
            ],
            None,
        );
        let tenant_id = hub.tenant_id.clone();
        hub.operator(
            &[
                "tenant", "set-plan", "--tenant", &tenant_id, "--plan", "pro",
            ],
            None,
        );
        hub
    }

    /// Runs `fflow-hub <arguments>` against this database; answers its stdout.
    pub fn operator(&self, arguments: &[&str], stdin: Option<&str>) -> String {
        let mut child = Command::new(hub_binary())
            .args(arguments)
            .env("DATABASE_URL", &self.database_url)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("fflow-hub runs");
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .expect("piped")
                .write_all(text.as_bytes())
                .expect("write stdin");
        }
        drop(child.stdin.take());
        let output = child.wait_with_output().expect("fflow-hub exits");
        assert!(
            output.status.success(),
            "fflow-hub {arguments:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_owned()
    }

    /// A new single-use activation code of the tenant.
    pub fn activation_code(&self) -> String {
        self.operator(
            &["activation-code", "create", "--tenant", &self.tenant_id],
            None,
        )
    }

    /// Support resets `device` (CLI `device reset`), giving `reason`.
    pub fn reset_device(&self, device: &str, reason: &str) {
        self.operator(
            &[
                "device",
                "reset",
                "--tenant",
                &self.tenant_id,
                "--device",
                device,
                "--reason",
                reason,
            ],
            None,
        );
    }

    /// Starts `serve` (on the same port as before, after a [`TestHub::stop`]) and answers
    /// its base URL once it listens.
    pub fn start(&mut self) -> String {
        let listen = if self.listen.is_empty() {
            "127.0.0.1:0".to_owned()
        } else {
            self.listen.clone()
        };
        let seed = STANDARD.encode(TEST_SIGNING_SEED);
        let mut serve = Command::new(hub_binary());
        if let Some(days) = self.license_validity_days {
            serve.env("FFLOW_HUB_LICENSE_VALIDITY_DAYS", days.to_string());
        }
        if let Some(limit) = self.token_challenges_per_minute {
            serve.env("FFLOW_HUB_TOKEN_CHALLENGES_PER_MINUTE", limit.to_string());
        }
        let mut child = serve
            .arg("serve")
            .env("DATABASE_URL", &self.database_url)
            .env("FFLOW_HUB_ACCESS_TOKEN_KEY", ACCESS_TOKEN_KEY)
            .env("FFLOW_HUB_LICENSE_SIGNING_KEY", seed)
            .env("FFLOW_HUB_LICENSE_KEY_ID", TEST_LICENSE_KID)
            .env("FFLOW_HUB_LISTEN", &listen)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts");
        let mut first_line = String::new();
        BufReader::new(child.stdout.take().expect("piped"))
            .read_line(&mut first_line)
            .expect("read the listening line");
        self.server = Some(child);
        let base = first_line
            .trim()
            .strip_prefix("fflow-hub listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first_line:?}"))
            .to_owned();
        self.listen = base.trim_start_matches("http://").to_owned();
        base
    }

    /// Stops `serve` (the store then finds nobody at the address).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for TestHub {
    fn drop(&mut self) {
        self.stop();
        let _ = Command::new("psql")
            .arg(cluster_url())
            .args([
                "-qc",
                &format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.database_name
                ),
            ])
            .output();
    }
}
