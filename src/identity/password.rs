//! Passwords: the policy (length, common passwords) and argon2id hashing.
//!
//! Hashing costs ≈ 19 MiB and tens of milliseconds by design, so it runs on the blocking pool,
//! never on the async runtime's threads.
#[cfg(feature = "ssr")]
use argon2::password_hash::rand_core::OsRng;
#[cfg(feature = "ssr")]
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
#[cfg(feature = "ssr")]
use argon2::{Algorithm, Argon2, Params, Version};

pub const MIN_LEN: usize = 8;
/// Long passphrases are welcome; the cap only stops megabyte "passwords" from costing CPU.
pub const MAX_LEN: usize = 128;

/// Why a new password was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Weak {
    TooShort,
    TooLong,
    Common,
    /// Contains the account's own phone number or e-mail name.
    Personal,
}

/// Passwords people in India pick most often (from published breach lists), lower-cased.
const COMMON: &str = include_str!("common-passwords.txt");

fn is_common(password: &str) -> bool {
    let p = password.to_lowercase();
    COMMON.lines().any(|line| line == p)
}

/// Checks a new password. Length counts characters (a Hindi passphrase is as good as any),
/// and `personal` holds what the account is known by (mobile number, e-mail name).
pub fn check_policy(password: &str, personal: &[&str]) -> Result<(), Weak> {
    let len = password.chars().count();
    if len < MIN_LEN {
        return Err(Weak::TooShort);
    }
    if len > MAX_LEN {
        return Err(Weak::TooLong);
    }
    if is_common(password) {
        return Err(Weak::Common);
    }
    let lower = password.to_lowercase();
    if personal
        .iter()
        .any(|p| p.len() >= 4 && lower.contains(&p.to_lowercase()))
    {
        return Err(Weak::Personal);
    }
    Ok(())
}

#[cfg(feature = "ssr")]
/// argon2id with OWASP's parameters: 19 MiB of memory, 2 passes, 1 lane.
fn hasher() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

#[cfg(feature = "ssr")]
/// Hashes a password into a PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`), off the runtime.
pub async fn hash(password: String) -> Result<String, argon2::password_hash::Error> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
    })
    .await
    .unwrap_or(Err(argon2::password_hash::Error::Crypto))
}

#[cfg(feature = "ssr")]
/// Whether `password` matches the stored PHC string, off the runtime. A malformed hash is "no".
pub async fn verify(password: String, phc: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&phc).is_ok_and(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
    })
    .await
    .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_refuses_short_long_common_and_personal_passwords() {
        assert_eq!(check_policy("kashi12", &[]), Err(Weak::TooShort));
        assert_eq!(
            check_policy(&"a".repeat(MAX_LEN + 1), &[]),
            Err(Weak::TooLong)
        );
        assert_eq!(check_policy("password", &[]), Err(Weak::Common));
        assert_eq!(check_policy("Password@123", &[]), Err(Weak::Common));
        assert_eq!(check_policy("India@123", &[]), Err(Weak::Common));
        assert_eq!(
            check_policy("my9876543210", &["9876543210"]),
            Err(Weak::Personal)
        );
        assert_eq!(check_policy("bunkar-ghat-saree", &[]), Ok(()));
        // Eight Devanagari characters are eight characters.
        assert_eq!(check_policy("बनारसीसाड़ीघर", &[]), Ok(()));
        assert_eq!(check_policy(&"x".repeat(64), &[]), Ok(()));
    }

    #[cfg(feature = "ssr")]
    #[tokio::test]
    async fn a_hash_verifies_its_password_and_nothing_else() {
        let phc = hash("ganga-ghat-loom".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(verify("ganga-ghat-loom".into(), phc.clone()).await);
        assert!(!verify("ganga-ghat-loon".into(), phc.clone()).await);
        assert!(!verify("ganga-ghat-loom".into(), "not a hash".into()).await);
        // Salted: the same password never gives the same hash twice.
        assert_ne!(hash("ganga-ghat-loom".into()).await.unwrap(), phc);
    }
}
