//! Accounts and sign-in. So far: the password policy, argon2id hashing, accounts in the database
//! and server-side sessions; the pages and endpoints come with issue 3.
pub mod password;
#[cfg(feature = "ssr")]
pub mod session;
#[cfg(feature = "ssr")]
pub mod store;
