//! Paying online through a Razorpay-compatible gateway, and paying money back.
//!
//! The gateway contract (Razorpay's): the server creates a gateway order for the amount, the
//! buyer pays on the gateway's page, the gateway sends the buyer back with
//! `razorpay_order_id`, `razorpay_payment_id` and `razorpay_signature` = HMAC-SHA256 of
//! `order_id|payment_id` with the key secret, and posts webhook events signed in
//! `X-Razorpay-Signature` (HMAC-SHA256 of the raw body with the webhook secret) and numbered in
//! `X-Razorpay-Event-Id`. Either way the payment is captured once. Development and tests use
//! the *sandbox*, a local stand-in that speaks the same contract and moves no money; it is
//! named as a sandbox on every page that shows it.
//!
//! Refunds are recorded when a paid part is cancelled, a return is approved or a payment
//! arrives after its order expired; the ODOP cell pays them back and records the bank's
//! reference.
pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod store;

use crate::domain::money::Paise;
use serde::{Deserialize, Serialize};

/// A refund waiting to be paid, as the ODOP cell's payments page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingRefund {
    pub id: i64,
    pub reference: String,
    pub amount: Paise,
    pub reason: crate::domain::order::RefundReason,
    pub payment_method: crate::domain::order::PaymentMethod,
    /// The gateway payment to refund, when the money came through the gateway.
    pub payment: Option<String>,
    pub created_at: i64,
}
