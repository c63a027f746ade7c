//! Accounts, the feature: register, sign in and out with a mobile number or e-mail and a
//! password, verify the phone, change the password, the admin's second factor — the pages and
//! their endpoints. Who is calling, sessions and passwords are `crate::identity`.
pub mod api;
pub mod pages;
