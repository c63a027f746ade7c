//! Where a seller's money goes: a bank branch (IFSC) or a UPI id.
use super::{compact_upper, Invalid};
use serde::{Deserialize, Serialize};

/// An Indian Financial System Code: four letters for the bank, a `0`, six letters or digits for
/// the branch (e.g. `SBIN0001234`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ifsc(String);

impl Ifsc {
    pub fn parse(input: &str) -> Result<Ifsc, Invalid> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let b = s.as_bytes();
        let ok = b.len() == 11
            && b[..4].iter().all(u8::is_ascii_uppercase)
            && b[4] == b'0'
            && b[5..]
                .iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
        if ok {
            Ok(Ifsc(s))
        } else {
            Err(Invalid::Format)
        }
    }

    /// The bank's four-letter code.
    pub fn bank(&self) -> &str {
        &self.0[..4]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A bank account number: 9 to 18 digits (Indian banks use no letters); spaces and hyphens as
/// printed in passbooks are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct BankAccount(String);

impl BankAccount {
    pub fn parse(input: &str) -> Result<BankAccount, Invalid> {
        let s: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        if (9..=18).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
            Ok(BankAccount(s))
        } else {
            Err(Invalid::Format)
        }
    }

    /// `XXXXXX1234`: what the seller's own pages show.
    pub fn masked(number: &str) -> String {
        let keep = number.len().saturating_sub(4);
        format!("{}{}", "X".repeat(keep), &number[keep..])
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A UPI virtual payment address, `name@handle` (e.g. `asha.weaves@oksbi`), kept in lower case
/// as UPI apps treat it case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct UpiVpa(String);

impl UpiVpa {
    pub fn parse(input: &str) -> Result<UpiVpa, Invalid> {
        let s = input.trim().to_lowercase();
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let Some((name, handle)) = s.split_once('@') else {
            return Err(Invalid::Format);
        };
        let ok = (2..=256).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            && !name.starts_with('.')
            && (2..=64).contains(&handle.len())
            && handle.as_bytes()[0].is_ascii_alphabetic()
            && handle.bytes().all(|b| b.is_ascii_alphanumeric());
        if ok {
            Ok(UpiVpa(s))
        } else {
            Err(Invalid::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ifsc_codes() {
        // State Bank of India, Punjab National Bank, HDFC Bank branch codes.
        for code in ["SBIN0001234", "PUNB0123400", "HDFC0000001", "sbin0ab12cd"] {
            assert!(Ifsc::parse(code).is_ok(), "{code}");
        }
        assert_eq!(Ifsc::parse(" sbin 0001234 ").unwrap().bank(), "SBIN");
        assert_eq!(Ifsc::parse(""), Err(Invalid::Empty));
        for code in [
            "SBIN1001234",
            "SBI00001234",
            "SBIN000123",
            "SBIN00012345",
            "SB1N0001234",
            "SBIN0-01234",
        ] {
            assert_eq!(Ifsc::parse(code), Err(Invalid::Format), "{code}");
        }
    }

    #[test]
    fn upi_ids() {
        for vpa in [
            "asha.weaves@oksbi",
            "9876543210@ybl",
            "brass_works-1@paytm",
            "Ramesh@OKICICI",
        ] {
            assert!(UpiVpa::parse(vpa).is_ok(), "{vpa}");
        }
        assert_eq!(
            UpiVpa::parse(" Ramesh@OKICICI ").unwrap().as_str(),
            "ramesh@okicici"
        );
        assert_eq!(UpiVpa::parse(""), Err(Invalid::Empty));
        for vpa in [
            "asha",
            "a@oksbi",
            "asha@",
            "asha@o",
            "asha@ok sbi",
            "asha@@oksbi",
            "asha@1bank",
            "asha weaves@oksbi",
            "asha@ok.sbi",
            ".asha@oksbi",
        ] {
            assert_eq!(UpiVpa::parse(vpa), Err(Invalid::Format), "{vpa}");
        }
    }

    #[test]
    fn bank_account_numbers_are_9_to_18_digits() {
        assert_eq!(
            BankAccount::parse("3012 4567 8901").unwrap().as_str(),
            "301245678901"
        );
        assert_eq!(BankAccount::parse("12345678"), Err(Invalid::Format));
        assert_eq!(
            BankAccount::parse("1234567890123456789"),
            Err(Invalid::Format)
        );
        assert_eq!(BankAccount::parse("12345678A"), Err(Invalid::Format));
        assert_eq!(BankAccount::masked("301245678901"), "XXXXXXXX8901");
    }
}
