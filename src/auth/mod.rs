//! Accounts and sign-in: register, sign in and out with a mobile number or e-mail and a password
//! (argon2id), server-side sessions rotated at sign-in. Phone verification, rate limits, the
//! admin's second factor and seller registration come next (issue 3).
pub mod api;
#[cfg(feature = "ssr")]
pub mod limits;
pub mod pages;
pub mod password;
#[cfg(feature = "ssr")]
pub mod phone;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;

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
}
