//! Who is calling (layer 1, every feature may use it): accounts and their roles, passwords
//! (argon2id), server-side sessions rotated at sign-in, on role change and at the second factor,
//! phone codes, rate limits, the admin's TOTP, and the seller behind an account (`guard`).
#[cfg(feature = "ssr")]
pub mod admin;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod password;
#[cfg(feature = "ssr")]
pub mod phone;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod totp;

use serde::{Deserialize, Serialize};

/// What the account page shows of the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub display_name: String,
    /// "+91 98765 43210" or the e-mail address.
    pub login: String,
    pub roles: Vec<String>,
    /// `None` for an account without a mobile number.
    pub phone_verified: Option<bool>,
    /// This session passed the admin's second factor.
    pub second_factor: bool,
    /// "draft", "pending", "verified" or "rejected" once the person started selling.
    pub seller_status: Option<String>,
}

impl Me {
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r == role)
    }
}
