//! The permission matrix: which role may do which action. A pure function, so the whole
//! matrix is one table test and every handler asks the same question the same way.

use crate::accounts::UserRole;

/// Things a signed-in user may ask the hub to do. Handlers name one of these and check it
/// with [`is_allowed`] before touching data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// Read one's own user and tenant (`GET /v1/me`).
    ReadOwnAccount,
    ReadCatalog,
    EditCatalog,
    ReadReports,
    /// Create activation codes, revoke devices.
    ManageDevices,
    /// Free a device's seat so it can be activated again (limited per month).
    ResetDevice,
    /// Add or remove staff users.
    ManageStaff,
    /// Add or remove admins, and hand over ownership.
    ManageAdmins,
    /// Change the plan, pay, see invoices.
    ManageBilling,
    ReadAuditLog,
    /// Work on another tenant through the audited support path.
    AccessOtherTenants,
}

impl Action {
    /// Every action, for tests and documentation that must cover all of them.
    pub const ALL: [Action; 11] = [
        Action::ReadOwnAccount,
        Action::ReadCatalog,
        Action::EditCatalog,
        Action::ReadReports,
        Action::ManageDevices,
        Action::ResetDevice,
        Action::ManageStaff,
        Action::ManageAdmins,
        Action::ManageBilling,
        Action::ReadAuditLog,
        Action::AccessOtherTenants,
    ];

    /// What the action is, in words that finish "your role may not ...".
    pub fn describe(self) -> &'static str {
        match self {
            Action::ReadOwnAccount => "read this account",
            Action::ReadCatalog => "read the catalog",
            Action::EditCatalog => "edit the catalog",
            Action::ReadReports => "read reports",
            Action::ManageDevices => "manage devices",
            Action::ResetDevice => "reset devices",
            Action::ManageStaff => "manage staff users",
            Action::ManageAdmins => "manage admins",
            Action::ManageBilling => "manage billing and the plan",
            Action::ReadAuditLog => "read the audit log",
            Action::AccessOtherTenants => "work on other tenants",
        }
    }

    /// Whether a suspended tenant's users may still do this: look, and settle the bill
    /// (which is how a suspension ends); nothing that changes what its stores do.
    pub fn allowed_while_suspended(self) -> bool {
        match self {
            Action::ReadOwnAccount
            | Action::ReadCatalog
            | Action::ReadReports
            | Action::ManageBilling
            | Action::ReadAuditLog
            | Action::AccessOtherTenants => true,
            Action::EditCatalog
            | Action::ManageDevices
            | Action::ResetDevice
            | Action::ManageStaff
            | Action::ManageAdmins => false,
        }
    }
}

/// Whether `role` may perform `action`. Written as an exhaustive match on the role so a
/// new role cannot compile without a decision for it.
pub fn is_allowed(role: UserRole, action: Action) -> bool {
    use Action::*;
    match role {
        // The owner holds the contract; only support's cross-tenant path is not theirs.
        UserRole::Owner => action != AccessOtherTenants,
        // Admins run the stores but neither pay nor appoint other admins.
        UserRole::Admin => !matches!(action, ManageAdmins | ManageBilling | AccessOtherTenants),
        // Staff work at the counter: they read what the store needs and change nothing.
        UserRole::Staff => matches!(action, ReadOwnAccount | ReadCatalog),
        // Support diagnoses and resets devices, always through the audited path; they
        // never touch a customer's users, catalog or money.
        UserRole::Support => matches!(
            action,
            ReadOwnAccount
                | ReadCatalog
                | ReadReports
                | ResetDevice
                | ReadAuditLog
                | AccessOtherTenants
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The matrix as people review it: one row per action, columns owner, admin, staff,
    /// support; `x` allowed, `.` refused.
    const MATRIX: &[(Action, &str)] = &[
        (Action::ReadOwnAccount, "x x x x"),
        (Action::ReadCatalog, "x x x x"),
        (Action::EditCatalog, "x x . ."),
        (Action::ReadReports, "x x . x"),
        (Action::ManageDevices, "x x . ."),
        (Action::ResetDevice, "x x . x"),
        (Action::ManageStaff, "x x . ."),
        (Action::ManageAdmins, "x . . ."),
        (Action::ManageBilling, "x . . ."),
        (Action::ReadAuditLog, "x x . x"),
        (Action::AccessOtherTenants, ". . . x"),
    ];

    const ROLES: [UserRole; 4] = [
        UserRole::Owner,
        UserRole::Admin,
        UserRole::Staff,
        UserRole::Support,
    ];

    #[test]
    fn the_permission_matrix() {
        assert_eq!(
            MATRIX.len(),
            Action::ALL.len(),
            "every action needs a row in the reviewed matrix"
        );
        for action in Action::ALL {
            let (_, row) = MATRIX
                .iter()
                .find(|(listed, _)| *listed == action)
                .unwrap_or_else(|| panic!("{action:?} has no row in the matrix"));
            let expected: Vec<bool> = row.split(' ').map(|cell| cell == "x").collect();
            for (role, allowed) in ROLES.into_iter().zip(expected) {
                assert_eq!(
                    is_allowed(role, action),
                    allowed,
                    "{} {} {action:?}, as the reviewed matrix says",
                    role.as_str(),
                    if allowed { "may" } else { "may not" },
                );
            }
        }
    }
}
