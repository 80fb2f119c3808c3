//! Facts about this installation that the counter shows: app version, device name and
//! where the data lives.

use std::path::Path;

use crate::{CoreError, StoreDatabase};

/// What the "about this counter" panel shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreInfo {
    pub app_version: String,
    pub device_name: String,
    pub database_path: String,
    pub schema_version: u32,
}

/// Describes the installation whose database is `database`.
pub fn describe_store(app_version: &str, database: &StoreDatabase) -> Result<StoreInfo, CoreError> {
    Ok(StoreInfo {
        app_version: app_version.to_owned(),
        device_name: device_name(),
        database_path: display_path(database.path()),
        schema_version: database.schema_version()?,
    })
}

/// The machine's host name, which is what store owners see in their router and on the hub.
pub fn device_name() -> String {
    let name = gethostname::gethostname()
        .to_string_lossy()
        .trim()
        .to_owned();
    if name.is_empty() {
        // Some minimal systems have no host name; say so rather than show a blank.
        "unnamed-device".to_owned()
    } else {
        name
    }
}

fn display_path(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_the_open_database_and_this_machine() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("opens");
        let info = describe_store("9.8.7", &database).expect("describes");
        assert_eq!(info.app_version, "9.8.7");
        assert_eq!(
            info.database_path,
            database.path().to_string_lossy(),
            "the path shown must be the file actually opened"
        );
        assert_eq!(
            info.schema_version,
            crate::database::latest_schema_version()
        );
        assert!(
            !info.device_name.is_empty(),
            "a device always has a name to show"
        );
    }
}
