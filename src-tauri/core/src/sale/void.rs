//! Voiding an unfinished cart. Nothing was sold, so nothing but the audit log changes;
//! but a cashier clearing a full cart is how money walks out of a store, so it needs a
//! manager and leaves a trace.

use serde_json::json;

use super::complete::CartLine;
use crate::people::ManagerApproval;
use crate::records::{AuditEntry, append_to_audit_log, now_millis};
use crate::{CoreError, StoreDatabase};

/// Records that `cashier_id` voided a cart of `lines`, approved by a manager.
pub fn record_cart_void(
    database: &StoreDatabase,
    cashier_id: &str,
    approval: &ManagerApproval,
    lines: &[CartLine],
    reason: &str,
) -> Result<(), CoreError> {
    if lines.is_empty() {
        return Err(CoreError::EmptyCart);
    }
    database.write(|transaction| {
        append_to_audit_log(
            transaction,
            &AuditEntry {
                actor_id: Some(cashier_id),
                approved_by: Some(&approval.manager().id),
                action: "cart.voided",
                entity: "cart",
                entity_id: cashier_id,
                before: Some(json!({ "lines": lines })),
                after: Some(json!({ "reason": reason.trim() })),
                occurred_at: now_millis(),
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::people::{Role, create_till_user, manager_approval};

    #[test]
    fn a_void_is_audited_with_its_approver() {
        let folder = tempfile::tempdir().expect("temp dir");
        let database = StoreDatabase::open_in(folder.path()).expect("open");
        let cashier = create_till_user(&database, "Ana", Role::Cashier, "1111").expect("cashier");
        let owner = create_till_user(&database, "Dona", Role::Owner, "2222").expect("owner");
        let approval =
            manager_approval(&database, &owner.id, "2222", "void").expect("owner approves");
        let lines = [CartLine {
            product_id: "p".to_owned(),
            quantity_milli: 1000,
            discount: None,
            unit_price_override_cents: None,
        }];
        assert_eq!(
            record_cart_void(&database, &cashier.id, &approval, &[], "x").map_err(|e| e.code()),
            Err("empty_cart")
        );
        record_cart_void(
            &database,
            &cashier.id,
            &approval,
            &lines,
            "cliente desistiu",
        )
        .expect("voids");
        let approved_by: String = database
            .read(|c| {
                Ok(c.query_row(
                    "SELECT approved_by FROM audit_log WHERE action = 'cart.voided'",
                    [],
                    |r| r.get(0),
                )?)
            })
            .expect("audited");
        assert_eq!(approved_by, owner.id);
    }
}
