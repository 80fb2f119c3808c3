//! Shared pieces of the end-to-end tests: the real app window driven over WebDriver, the
//! real hub on a database of its own, child processes that are always stopped, even when
//! a test fails half-way, and the store the window tests start from.

#![allow(dead_code)] // Each test binary uses its own subset of these helpers.

pub mod counter;
pub mod hub;
pub mod processes;
pub mod seed;
pub mod webdriver;
