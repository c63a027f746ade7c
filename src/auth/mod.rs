//! Accounts and sign-in. So far: the password policy and argon2id hashing (issue 3 builds the rest).
pub mod password;
