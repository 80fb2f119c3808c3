//! Selling: pricing a cart, taking payment, and completing the sale in one transaction.

pub mod complete;
pub mod payment;
pub mod pricing;
pub mod returns;
pub mod void;
