//! The error type of the store core.
//!
//! Each variant keeps its meaning up to the UI: the shell turns it into `{code, message}`
//! with [`CoreError::code`]. Messages are written for the person at the counter; the UI
//! may translate them by code.

use std::path::PathBuf;

use fflow_protocol::license::LicenseError;

use crate::licensing::{LicenseState, LimitedResource};
use crate::sale::payment::PaymentError;
use crate::sale::pricing::PricingError;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("could not create the data folder {path}: {source}")]
    DataFolder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("could not open the store database at {path}: {source}")]
    DatabaseOpen {
        path: PathBuf,
        source: rusqlite::Error,
    },
    #[error("the store database at {path} could not be brought up to date: {source}")]
    DatabaseMigration {
        path: PathBuf,
        source: rusqlite_migration::Error,
    },
    #[error("the store database answered with an error: {0}")]
    Database(#[from] rusqlite::Error),
    #[error("the store database is busy with another program; try again in a moment")]
    DatabaseBusy,
    #[error("the store database is unavailable after an earlier failure; restart the app")]
    DatabasePoisoned,
    #[error("no connection to the store database is free: {0}")]
    DatabaseUnavailable(String),
    #[error("the hub at {url} could not be reached: {reason}")]
    HubUnreachable { url: String, reason: String },
    #[error("the hub at {url} answered something F-Flow does not understand: {reason}")]
    HubAnswer { url: String, reason: String },
    #[error("the hub refused: {message}")]
    HubRefused { code: &'static str, message: String },
    #[error("this counter is not activated with a hub yet")]
    HubNotLinked,
    #[error("this machine gives no id to fingerprint: {reason}")]
    DeviceFingerprint { reason: String },
    #[error(
        "the device key in the {store} store is damaged ({reason}); ask F-Flow support to reset this counter"
    )]
    DeviceKeyCorrupt { store: &'static str, reason: String },
    #[error("the device key store ({store}) cannot be reached: {reason}")]
    DeviceKeyUnavailable { store: &'static str, reason: String },
    #[error("this counter has no device identity yet; open it before installing a license")]
    DeviceIdentityMissing,
    #[error("the license was refused: {0}")]
    LicenseRejected(LicenseError),
    #[error("the license is older than the one already installed")]
    LicenseOlderThanInstalled,
    #[error("{action} is not allowed: {}", state.message())]
    LicenseRefused {
        action: &'static str,
        state: LicenseState,
    },
    #[error("the license allows at most {limit} {}", resource.noun())]
    LimitReached {
        resource: LimitedResource,
        limit: u32,
    },
    #[error("{0}")]
    Pricing(#[from] PricingError),
    #[error("{0}")]
    Payment(#[from] PaymentError),
    #[error("{field}: {reason}")]
    InvalidInput { field: &'static str, reason: String },
    #[error("the SKU {0} is already used by another product")]
    DuplicateSku(String),
    #[error("the barcode {0} is already used by another product")]
    DuplicateBarcode(String),
    #[error("no product has the barcode {0}")]
    UnknownBarcode(String),
    #[error("no product matches {0}")]
    UnknownProduct(String),
    #[error("the product {0} is inactive and cannot be sold")]
    InactiveProduct(String),
    #[error("the payment method {0} does not exist or is turned off")]
    UnknownPaymentMethod(String),
    #[error("no till user matches {0}")]
    UnknownUser(String),
    #[error("wrong PIN")]
    WrongPin,
    #[error("too many wrong PINs: try again in {minutes_left} min or ask a manager")]
    PinLocked { minutes_left: i64 },
    #[error("{action} needs a manager's approval")]
    ManagerApprovalRequired { action: &'static str },
    #[error("{action} is for the owner only")]
    OwnerRequired { action: &'static str },
    #[error("you cannot deactivate yourself; ask another manager or the owner")]
    CannotDeactivateSelf,
    #[error("{name} is the last active owner: make another owner first")]
    LastActiveOwner { name: String },
    #[error("the cart is empty")]
    EmptyCart,
    #[error("no cash session is open: open one before selling")]
    NoOpenSession,
    #[error("a cash session is already open on this counter")]
    SessionAlreadyOpen,
    #[error("the cash session {0} is not open")]
    SessionNotOpen(String),
    #[error("no sale has the code or id {0}")]
    UnknownSale(String),
    #[error("line {line} of the sale has only {returnable_milli} thousandths left to return")]
    ReturnAboveSold { line: i64, returnable_milli: i64 },
    #[error("the refunds ({refunds}) must add up to the amount returned ({due})")]
    RefundMismatch {
        due: crate::money::Cents,
        refunds: crate::money::Cents,
    },
    #[error("no stock location (bin) matches {0}")]
    UnknownLocation(String),
    #[error("the location code {0} is already used by another location")]
    DuplicateLocation(String),
    #[error("stock must move between two different locations")]
    SameLocation,
    #[error("the quantity must be more than zero")]
    QuantityNotPositive,
    #[error("{product} is counted in whole units; the quantity cannot have a fraction")]
    FractionalQuantity { product: String },
    #[error(
        "only {available_milli} thousandths are in that location, {requested_milli} were asked for"
    )]
    InsufficientStock {
        available_milli: i64,
        requested_milli: i64,
    },
    #[error("the customer's document is not valid: {0}")]
    InvalidDocument(#[from] fflow_protocol::tax_id::TaxIdError),
    #[error("another customer already has the document {0}")]
    DuplicateDocument(String),
    #[error("no customer matches {0}")]
    UnknownCustomer(String),
    #[error("the customer {0} is deactivated")]
    InactiveCustomer(String),
    #[error("no parked cart matches {0}; another till may have resumed or discarded it")]
    UnknownHeldCart(String),
    /// A scan that is damaged or cannot be sold as read (a bad check digit, a scale
    /// label for a product sold by unit); the text says what to do.
    #[error("{0}")]
    UnreadableScan(String),
    #[error("the cash drawer was not opened: {0}")]
    DrawerNotOpened(String),
    #[error("the cash drawer may or may not have opened: {0}")]
    DrawerStateUnknown(String),
}

impl CoreError {
    /// A stable code for programs (the UI) to branch on; never parse the message instead.
    pub fn code(&self) -> &'static str {
        match self {
            CoreError::DataFolder { .. } => "data_folder",
            CoreError::DatabaseOpen { .. } => "database_open",
            CoreError::DatabaseMigration { .. } => "database_migration",
            CoreError::Database(_) => "database",
            CoreError::DatabaseBusy => "database_busy",
            CoreError::DatabasePoisoned => "database_poisoned",
            CoreError::DatabaseUnavailable(_) => "database_unavailable",
            CoreError::HubUnreachable { .. } => "hub_unreachable",
            CoreError::HubAnswer { .. } => "hub_answer",
            CoreError::HubRefused { code, .. } => code,
            CoreError::HubNotLinked => "hub_not_linked",
            CoreError::DeviceFingerprint { .. } => "device_fingerprint",
            CoreError::DeviceKeyCorrupt { .. } => "device_key_corrupt",
            CoreError::DeviceKeyUnavailable { .. } => "device_key_unavailable",
            CoreError::DeviceIdentityMissing => "device_identity_missing",
            CoreError::LicenseRejected(error) => error.code(),
            CoreError::LicenseOlderThanInstalled => "license_older_than_installed",
            CoreError::LicenseRefused { state, .. } => match state {
                LicenseState::NotActivated => "license_not_activated",
                LicenseState::Restricted { .. } => "license_restricted",
                LicenseState::Suspended => "license_suspended",
                LicenseState::Deactivated => "license_deactivated",
                LicenseState::Invalid { .. } => "license_invalid",
                // Never refused in these states; kept distinct all the same.
                LicenseState::Active { .. }
                | LicenseState::PendingPayment { .. }
                | LicenseState::Grace { .. } => "license_refused",
            },
            CoreError::LimitReached { resource, .. } => match resource {
                LimitedResource::TillUsers => "user_limit_reached",
                LimitedResource::Products => "product_limit_reached",
            },
            CoreError::Pricing(error) => match error {
                PricingError::QuantityNotPositive { .. } => "quantity_not_positive",
                PricingError::NegativePrice { .. } => "negative_price",
                PricingError::LineDiscountAbovePrice { .. }
                | PricingError::OrderDiscountAboveTotal { .. } => "discount_above_price",
                PricingError::DiscountOutOfRange => "discount_out_of_range",
                PricingError::AmountTooLarge => "amount_too_large",
            },
            CoreError::Payment(error) => match error {
                PaymentError::NotPositive => "payment_not_positive",
                PaymentError::Short { .. } => "payment_short",
                PaymentError::ChangeFromNonCash { .. } => "change_from_non_cash",
                PaymentError::TooLarge => "amount_too_large",
            },
            CoreError::InvalidInput { .. } => "invalid_input",
            CoreError::DuplicateSku(_) => "duplicate_sku",
            CoreError::DuplicateBarcode(_) => "duplicate_barcode",
            CoreError::UnknownBarcode(_) => "unknown_barcode",
            CoreError::UnknownProduct(_) => "unknown_product",
            CoreError::InactiveProduct(_) => "inactive_product",
            CoreError::UnknownPaymentMethod(_) => "unknown_payment_method",
            CoreError::UnknownUser(_) => "unknown_user",
            CoreError::WrongPin => "wrong_pin",
            CoreError::PinLocked { .. } => "pin_locked",
            CoreError::ManagerApprovalRequired { .. } => "manager_approval_required",
            CoreError::OwnerRequired { .. } => "owner_required",
            CoreError::CannotDeactivateSelf => "cannot_deactivate_self",
            CoreError::LastActiveOwner { .. } => "last_active_owner",
            CoreError::EmptyCart => "empty_cart",
            CoreError::NoOpenSession => "no_open_session",
            CoreError::SessionAlreadyOpen => "session_already_open",
            CoreError::SessionNotOpen(_) => "session_not_open",
            CoreError::UnknownSale(_) => "unknown_sale",
            CoreError::ReturnAboveSold { .. } => "return_above_sold",
            CoreError::RefundMismatch { .. } => "refund_mismatch",
            CoreError::UnknownLocation(_) => "unknown_location",
            CoreError::DuplicateLocation(_) => "duplicate_location",
            CoreError::SameLocation => "same_location",
            CoreError::QuantityNotPositive => "quantity_not_positive",
            CoreError::FractionalQuantity { .. } => "fractional_quantity",
            CoreError::InsufficientStock { .. } => "insufficient_stock",
            CoreError::InvalidDocument(_) => "invalid_document",
            CoreError::DuplicateDocument(_) => "duplicate_document",
            CoreError::UnknownCustomer(_) => "unknown_customer",
            CoreError::InactiveCustomer(_) => "inactive_customer",
            CoreError::UnknownHeldCart(_) => "unknown_held_cart",
            CoreError::UnreadableScan(_) => "unreadable_scan",
            CoreError::DrawerNotOpened(_) => "drawer_not_opened",
            CoreError::DrawerStateUnknown(_) => "drawer_state_unknown",
        }
    }

    /// Whether trying the same thing again later may succeed.
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            CoreError::DatabaseBusy
                | CoreError::DatabaseUnavailable(_)
                | CoreError::HubUnreachable { .. }
                | CoreError::DeviceKeyUnavailable { .. }
        )
    }
}
