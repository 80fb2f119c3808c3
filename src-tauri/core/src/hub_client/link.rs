//! The store's link to its hub as activation left it (migration 0007): tenant, the
//! hub-minted device id, the event-stream epoch and where that epoch's stream starts in
//! the outbox.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use uuid::Uuid;

use crate::CoreError;
use crate::records::now_millis;

/// What the device endpoints and the sync push need to know about this activation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HubLink {
    pub tenant_id: Uuid,
    pub device_id: Uuid,
    pub hub_epoch: i64,
    /// The last outbox `seq` of earlier epochs; the wire number is `seq - seq_base`.
    pub seq_base: i64,
}

/// The link, `None` before the first activation.
pub fn read_hub_link(connection: &Connection) -> Result<Option<HubLink>, CoreError> {
    let row: Option<(String, String, i64, i64)> = connection
        .prepare_cached(
            "SELECT tenant_id, device_id, hub_epoch, seq_base FROM hub_link WHERE id = 1",
        )?
        .query_row([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .optional()?;
    let Some((tenant_id, device_id, hub_epoch, seq_base)) = row else {
        return Ok(None);
    };
    let parse = |text: &str| {
        Uuid::parse_str(text).map_err(|_| CoreError::InvalidInput {
            field: "hub_link",
            reason: format!("{text:?} is not a UUID; activate this counter again"),
        })
    };
    Ok(Some(HubLink {
        tenant_id: parse(&tenant_id)?,
        device_id: parse(&device_id)?,
        hub_epoch,
        seq_base,
    }))
}

/// Records a new activation's link. The new epoch's stream starts after the last event
/// the hub acknowledged, so events still pending from an earlier epoch are sent again,
/// numbered in the new one.
pub(crate) fn store_hub_link(
    transaction: &Transaction<'_>,
    tenant_id: Uuid,
    device_id: Uuid,
    hub_epoch: i64,
) -> Result<HubLink, CoreError> {
    let seq_base: i64 = transaction.query_row(
        "SELECT coalesce(max(seq), 0) FROM outbox WHERE acked_at IS NOT NULL",
        [],
        |row| row.get(0),
    )?;
    transaction.execute(
        "INSERT INTO hub_link (id, tenant_id, device_id, hub_epoch, seq_base, activated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (id) DO UPDATE SET tenant_id = excluded.tenant_id,
             device_id = excluded.device_id, hub_epoch = excluded.hub_epoch,
             seq_base = excluded.seq_base, activated_at = excluded.activated_at",
        params![
            tenant_id.to_string(),
            device_id.to_string(),
            hub_epoch,
            seq_base,
            now_millis()
        ],
    )?;
    Ok(HubLink {
        tenant_id,
        device_id,
        hub_epoch,
        seq_base,
    })
}
