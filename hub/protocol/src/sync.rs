//! Sync v1 wire types (see DESIGN.md, "Sync protocol"): the store pushes its outbox events
//! and pulls the hub's commands. Delivery is at-least-once on the wire; both sides make it
//! exactly-once in effect (the hub by the event key, the store by its inbox).

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The error code of the 409 that refuses a push with a gap in its sequence numbers.
pub const SEQUENCE_GAP_CODE: &str = "sequence_gap";

/// One outbox event. The hub keys it by (tenant, device, epoch, `seq`); the tenant, the
/// device and the epoch come from the device token, never from the body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SyncEvent {
    /// The outbox sequence number: gap-free and increasing within one epoch.
    pub seq: i64,
    /// The event's own id (UUIDv7).
    pub id: Uuid,
    /// What the event is about, for example `sale`.
    pub aggregate: String,
    /// What happened, for example `sale.completed`.
    pub kind: String,
    /// Unix milliseconds on the store's clock.
    pub occurred_at: i64,
    pub payload: Value,
}

/// `POST /v1/sync/push`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub events: Vec<SyncEvent>,
}

/// The answer to a push: every event up to and including `acked_through` is stored, so
/// the store may mark them acknowledged (re-sending them is harmless).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PushResponse {
    pub acked_through: i64,
}

/// The 409 body when a push skips sequence numbers: the store resends from
/// `expected_seq`. `code` is [`SEQUENCE_GAP_CODE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SequenceGap {
    pub code: String,
    pub message: String,
    pub expected_seq: i64,
}

/// One command for the store (a license renewal, a feature flag, master data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SyncCommand {
    /// Ordered per tenant; the store's cursor is the last one it applied.
    pub cursor: i64,
    pub id: Uuid,
    pub kind: String,
    pub payload: Value,
}

/// `GET /v1/sync/pull?after=<cursor>&limit=<n>`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PullResponse {
    pub commands: Vec<SyncCommand>,
    pub next_cursor: i64,
    /// Whether more commands wait after `next_cursor`.
    pub more: bool,
}

/// `POST /v1/sync/ack`: the store applied every command up to `through`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AckRequest {
    pub through: i64,
}

/// The code of the 410 that refuses a pull whose cursor is older than the commands the
/// hub still keeps: the store takes `GET /v1/sync/snapshot` and continues from its cursor.
pub const TOO_FAR_BEHIND_CODE: &str = "too_far_behind";

/// `GET /v1/sync/snapshot`: the master data as it is now, and the cursor to pull after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Snapshot {
    pub cursor: i64,
    pub payment_methods: Vec<crate::master_data::PaymentMethod>,
    pub prices: Vec<crate::master_data::ProductPrice>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_push_reads_as_design_md_writes_it() {
        let body = serde_json::json!({"events": [{
            "seq": 1,
            "id": "0193a000-0000-7000-8000-000000000001",
            "aggregate": "sale",
            "kind": "sale.completed",
            "occurred_at": 1_790_000_000_000_i64,
            "payload": {"total_cents": 1990}
        }]});
        let push: PushRequest = serde_json::from_value(body.clone()).expect("decode");
        assert_eq!(push.events[0].seq, 1);
        assert_eq!(
            serde_json::to_value(&push).expect("encode"),
            body,
            "a push must survive a round trip unchanged"
        );
        let with_tenant = serde_json::json!({"events": [], "tenant": "x"});
        assert!(
            serde_json::from_value::<PushRequest>(with_tenant).is_err(),
            "the tenant comes from the device token; a body naming one is refused"
        );
    }
}
