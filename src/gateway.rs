//! The gateway's keys, its signatures and its webhook events.
use hmac::{Hmac, Mac};
use serde::Deserialize;
use sha2::Sha256;
use std::sync::Arc;

/// The keys of a gateway account. Never logged.
#[derive(Clone)]
pub struct Keys {
    pub key_id: String,
    pub key_secret: String,
    pub webhook_secret: String,
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys")
            .field("key_id", &self.key_id)
            .finish_non_exhaustive()
    }
}

/// The gateway of the running server. Only the sandbox exists so far: a live gateway needs an
/// HTTPS client for its order API and the account's keys (see the README).
#[derive(Clone, Debug)]
pub struct Gateway {
    pub keys: Arc<Keys>,
    /// The local stand-in (named so on every page that offers it).
    sandbox: bool,
}

impl Gateway {
    /// The local sandbox with fresh random secrets (development: nothing to configure, and no
    /// secret with a default value anywhere).
    pub fn sandbox() -> Gateway {
        let secret = || {
            format!(
                "{}{}",
                crate::helpers::random_hex(8),
                crate::helpers::random_hex(8)
            )
        };
        Gateway::sandbox_with(Keys {
            key_id: format!("rzp_sandbox_{}", crate::helpers::random_hex(8)),
            key_secret: secret(),
            webhook_secret: secret(),
        })
    }

    pub fn sandbox_with(keys: Keys) -> Gateway {
        Gateway {
            keys: Arc::new(keys),
            sandbox: true,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.sandbox
    }

    /// `gateway_payments.provider`.
    pub fn name(&self) -> &'static str {
        if self.sandbox {
            "sandbox"
        } else {
            "razorpay"
        }
    }

    /// A new gateway order id (Razorpay: `POST /v1/orders` answers one; the sandbox makes it).
    pub fn create_order_id(&self) -> String {
        format!("order_SBX{}", crate::helpers::random_hex(8).to_uppercase())
    }

    /// Where the buyer pays a gateway order.
    pub fn checkout_url(&self, gateway_order_id: &str) -> String {
        format!("/sandbox/pay/{gateway_order_id}")
    }

    /// The checkout callback's signature is the gateway's.
    pub fn callback_is_genuine(&self, order_id: &str, payment_id: &str, signature: &str) -> bool {
        verify(
            &self.keys.key_secret,
            callback_message(order_id, payment_id).as_bytes(),
            signature,
        )
    }

    /// The webhook body was signed by the gateway (and not changed since).
    pub fn webhook_is_genuine(&self, raw_body: &[u8], signature: &str) -> bool {
        verify(&self.keys.webhook_secret, raw_body, signature)
    }
}

/// What the checkout callback's signature covers.
pub fn callback_message(order_id: &str, payment_id: &str) -> String {
    format!("{order_id}|{payment_id}")
}

/// HMAC-SHA256 of `message` with `secret`, in lower-case hex (how the gateway writes it).
pub fn sign(secret: &str, message: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(message);
    hex::encode(mac.finalize().into_bytes())
}

/// Whether `signature_hex` is the HMAC of `message`; compared in constant time, so the time
/// taken tells an attacker nothing about how much of a forged signature was right.
pub fn verify(secret: &str, message: &[u8], signature_hex: &str) -> bool {
    let Ok(signature) = hex::decode(signature_hex.trim()) else {
        return false;
    };
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("HMAC takes any key");
    mac.update(message);
    mac.verify_slice(&signature).is_ok()
}

/// A webhook event: only the fields used are read.
#[derive(Debug, Deserialize)]
pub struct Event {
    pub event: String,
    pub payload: EventPayload,
}

#[derive(Debug, Deserialize)]
pub struct EventPayload {
    pub payment: Option<Wrapped>,
}

#[derive(Debug, Deserialize)]
pub struct Wrapped {
    pub entity: Payment,
}

#[derive(Debug, Deserialize)]
pub struct Payment {
    pub id: String,
    pub order_id: String,
    /// In paise.
    pub amount: i64,
    pub currency: String,
}

/// A webhook body as the gateway writes it (the sandbox sends these).
pub fn event_body(event: &str, payment_id: &str, order_id: &str, amount: i64) -> String {
    serde_json::json!({
        "entity": "event",
        "event": event,
        "contains": ["payment"],
        "payload": {"payment": {"entity": {
            "id": payment_id,
            "entity": "payment",
            "order_id": order_id,
            "amount": amount,
            "currency": "INR",
            "status": if event == "payment.captured" { "captured" } else { "failed" },
        }}},
        "created_at": crate::db::now_unix(),
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_match_the_gateways_and_refuse_any_change() {
        // RFC 4231 test case 2: HMAC-SHA256 of "what do ya want for nothing?" with key "Jefe".
        let known = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assert_eq!(sign("Jefe", b"what do ya want for nothing?"), known);
        assert!(verify("Jefe", b"what do ya want for nothing?", known));
        assert!(verify(
            "Jefe",
            b"what do ya want for nothing?",
            &known.to_uppercase()
        ));
        assert!(!verify("Jefe", b"what do ya want for nothing!", known));
        assert!(!verify("jefe", b"what do ya want for nothing?", known));
        assert!(!verify(
            "Jefe",
            b"what do ya want for nothing?",
            &known[..62]
        ));
        assert!(!verify("Jefe", b"what do ya want for nothing?", "not hex"));
        let g = Gateway::sandbox();
        let sig = sign(&g.keys.key_secret, b"order_A|pay_B");
        assert!(g.callback_is_genuine("order_A", "pay_B", &sig));
        assert!(!g.callback_is_genuine("order_A", "pay_C", &sig));
        // The webhook secret is not the key secret.
        assert!(!g.webhook_is_genuine(b"order_A|pay_B", &sig));
        assert!(!format!("{:?}", g.keys).contains(&g.keys.key_secret));
    }

    #[test]
    fn events_read_back_what_the_sandbox_writes() {
        let body = event_body("payment.captured", "pay_1", "order_1", 12_345);
        let e: Event = serde_json::from_str(&body).unwrap();
        let p = e.payload.payment.unwrap().entity;
        assert_eq!(
            (
                e.event.as_str(),
                p.id.as_str(),
                p.order_id.as_str(),
                p.amount,
                p.currency.as_str()
            ),
            ("payment.captured", "pay_1", "order_1", 12_345, "INR")
        );
    }
}
