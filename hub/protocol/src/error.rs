//! The error body every hub endpoint answers with on failure.

use serde::{Deserialize, Serialize};

/// `{code, message}`: `code` is stable and meant for programs to branch on; `message` is
/// for people and may change wording at any time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}
