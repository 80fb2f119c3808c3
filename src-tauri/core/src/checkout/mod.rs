//! What the counter screen asks core before anything is committed: what a scan is (with
//! the store's scale label formats), the price of the cart as it is being built, the payment methods to offer, the PIX code for an amount, the
//! lines of an earlier sale that can still be returned, and the counter's preferences.
//!
//! Nothing here writes money or stock; the sale, the return and the cash session are
//! written by `sale::complete`, `sale::returns` and `cash`.

mod counter_scan;
mod open_session;
mod preferences;
mod quote;
mod scale_labels;
mod sold_lines;

pub use counter_scan::{ScannedItem, read_counter_scan};
pub use open_session::open_session_report;
pub use preferences::{
    DisplayPreferences, LOCK_AFTER_SECONDS, display_preferences, lock_after_seconds,
    save_display_preferences, save_lock_after_seconds,
};
pub use quote::{PaymentMethod, active_payment_methods, pix_payload_for_amount, quote_cart};
pub use scale_labels::{
    SCALE_LABELS, ScaleLabelFormat, save_scale_label_formats, scale_label_formats,
};
pub use sold_lines::{ReturnableLine, ReturnableSale, returnable_sale};
