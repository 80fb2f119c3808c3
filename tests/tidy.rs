//! Tidy checks of the workspace: the dependency directions of DESIGN.md and the `//!`
//! header every Rust file opens with. They fail the build of a change that breaks them.

use std::path::{Path, PathBuf};

use cargo_metadata::{Metadata, MetadataCommand};

fn workspace() -> Metadata {
    MetadataCommand::new()
        .manifest_path(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
        .no_deps()
        .exec()
        .expect("cargo metadata describes the workspace")
}

/// Which workspace packages declare a dependency (of any kind) on `crate_name`.
fn dependents_of(metadata: &Metadata, crate_name: &str) -> Vec<String> {
    let mut names: Vec<String> = metadata
        .workspace_packages()
        .into_iter()
        .filter(|package| {
            package
                .dependencies
                .iter()
                .any(|dep| dep.name == crate_name)
        })
        .map(|package| package.name.to_string())
        .collect();
    names.sort();
    names
}

fn check_only(metadata: &Metadata, crate_name: &str, allowed: &[&str], why: &str) {
    let offenders: Vec<String> = dependents_of(metadata, crate_name)
        .into_iter()
        .filter(|name| !allowed.contains(&name.as_str()))
        .collect();
    assert!(
        offenders.is_empty(),
        "{offenders:?} depend on {crate_name}, which only {allowed:?} may: {why}"
    );
}

#[test]
fn dependency_directions_hold() {
    let metadata = workspace();
    assert_eq!(
        metadata.workspace_packages().len(),
        5,
        "the workspace is fflow, fflow-core, fflow-devices, fflow-protocol and fflow-hub"
    );
    for tauri_crate in ["tauri", "tauri-build", "tauri-specta"] {
        check_only(
            &metadata,
            tauri_crate,
            &["fflow"],
            "core and devices must build and test without a display",
        );
    }
    for server_crate in ["axum", "sqlx"] {
        check_only(
            &metadata,
            server_crate,
            &["fflow-hub"],
            "the desktop app must never link the server stack",
        );
    }
    check_only(
        &metadata,
        "rusqlite",
        &["fflow-core"],
        "the store database has one owner",
    );
    for io_crate in ["tokio", "reqwest", "rusqlite", "sqlx"] {
        assert!(
            !dependents_of(&metadata, io_crate).contains(&"fflow-protocol".to_owned()),
            "fflow-protocol depends on {io_crate}, but it must do no IO"
        );
    }
    let core_dependents = dependents_of(&metadata, "fflow-core");
    assert!(
        !core_dependents.contains(&"fflow-protocol".to_owned())
            && !core_dependents.contains(&"fflow-devices".to_owned())
            && !core_dependents.contains(&"fflow-hub".to_owned()),
        "dependencies point one way: shell -> core -> {{devices, protocol}} <- hub; {core_dependents:?} depend on core"
    );
}

fn rust_files(folder: &Path, found: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(folder)
        .unwrap_or_else(|error| panic!("read {}: {error}", folder.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let skipped = [".git", "target", "node_modules", "gen", ".data", "dist"];
        if path.is_dir() {
            if !skipped.iter().any(|skip| name == *skip) {
                rust_files(&path, found);
            }
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            found.push(path);
        }
    }
}

#[test]
fn every_rust_file_opens_with_a_module_header() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    rust_files(root, &mut files);
    assert!(
        files.len() > 10,
        "the walk must find the workspace's sources"
    );
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let first_line = text.lines().find(|line| !line.trim().is_empty());
            !first_line.is_some_and(|line| line.starts_with("//!"))
        })
        .map(|path| {
            path.strip_prefix(root)
                .unwrap_or(path)
                .display()
                .to_string()
        })
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` line saying what they are for: {missing:?}"
    );
}
