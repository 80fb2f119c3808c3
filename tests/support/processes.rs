//! Child processes owned by a test: killed and reaped on drop, so a failed assertion
//! never leaves a driver or an app window running behind it.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command};

#[derive(Debug)]
pub struct OwnedChild {
    pub name: &'static str,
    pub child: Child,
    leads_group: bool,
}

impl OwnedChild {
    pub fn new(name: &'static str, child: Child) -> Self {
        Self {
            name,
            child,
            leads_group: false,
        }
    }

    /// Panics with the child's name if it has already exited, which turns "connection
    /// refused" puzzles into a clear message.
    pub fn assert_running(&mut self) {
        if let Ok(Some(status)) = self.child.try_wait() {
            panic!("{} exited early with {status}", self.name);
        }
    }
}

/// Spawns `command` as the leader of a new process group, so that dropping the returned
/// [`OwnedChild`] also stops whatever it started (tauri-driver starts WebKitWebDriver,
/// which starts the app; killing only the first would orphan the others).
pub fn spawn_group(name: &'static str, command: &mut Command) -> OwnedChild {
    let child = command
        .process_group(0)
        .spawn()
        .unwrap_or_else(|error| panic!("could not start {name}: {error}"));
    OwnedChild {
        name,
        child,
        leads_group: true,
    }
}

impl Drop for OwnedChild {
    fn drop(&mut self) {
        if self.leads_group {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port on loopback that nothing listens on right now.
pub fn free_loopback_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("the OS hands out a free loopback port")
        .port()
}

/// Finds `program` on PATH or in cargo's bin folder (where `cargo install` puts it).
pub fn find_program(program: &str) -> Option<std::path::PathBuf> {
    let mut folders: Vec<std::path::PathBuf> = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect())
        .unwrap_or_default();
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        folders.push(std::path::PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        folders.push(std::path::PathBuf::from(home).join(".cargo/bin"));
    }
    folders
        .into_iter()
        .map(|folder| folder.join(program))
        .find(|candidate| candidate.is_file())
}
