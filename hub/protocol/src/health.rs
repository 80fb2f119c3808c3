//! Liveness and readiness reports of the hub (`/health`, `/ready`).

use serde::{Deserialize, Serialize};

/// Whether a hub process can do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ServiceState {
    /// The process answers and, for `/ready`, its database answers too.
    Ok,
    /// The process answers but a dependency (the database) does not.
    Unavailable,
}

/// Body of `/health` and `/ready`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthReport {
    pub status: ServiceState,
    /// Version of the hub binary that answered, so a store can log whom it talked to.
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn health_report_uses_snake_case_status_on_the_wire() {
        let report = HealthReport {
            status: ServiceState::Unavailable,
            version: "1.2.3".into(),
        };
        let json = serde_json::to_string(&report).expect("a plain struct serializes");
        assert_eq!(
            json, r#"{"status":"unavailable","version":"1.2.3"}"#,
            "the store and monitoring scripts read these exact field names and values"
        );
        let back: HealthReport = serde_json::from_str(&json).expect("round trip");
        assert_eq!(
            back, report,
            "decoding what we encoded gives the same report"
        );
    }
}
