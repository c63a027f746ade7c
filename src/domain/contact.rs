//! Mobile numbers, e-mail addresses and PIN codes.
use super::Invalid;
use serde::{Deserialize, Serialize};

/// An Indian mobile number, kept as its ten digits (first digit 6–9). People write it with
/// `+91`, `91` or `0` in front and with spaces or hyphens; all are accepted.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Phone(String);

impl Phone {
    pub fn parse(input: &str) -> Result<Phone, Invalid> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(Invalid::Empty);
        }
        if !trimmed
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+' | '(' | ')'))
        {
            return Err(Invalid::Format);
        }
        let plus = trimmed.starts_with('+');
        let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
        let national = match digits.len() {
            10 if !plus => digits.as_str(),
            11 if !plus && digits.starts_with('0') => &digits[1..],
            12 if digits.starts_with("91") => &digits[2..],
            _ => return Err(Invalid::Format),
        };
        if matches!(national.as_bytes()[0], b'6'..=b'9') {
            Ok(Phone(national.to_string()))
        } else {
            Err(Invalid::Format)
        }
    }

    /// The ten digits.
    pub fn national(&self) -> &str {
        &self.0
    }

    /// `+91XXXXXXXXXX`, the form SMS gateways take.
    pub fn e164(&self) -> String {
        format!("+91{}", self.0)
    }
}

/// An e-mail address, trimmed and with its domain in lower case. Only the shape is checked
/// (one `@`, a dotted domain); whether it exists is for a confirmation mail to find out.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, Invalid> {
        let s = input.trim();
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let Some((local, domain)) = s.split_once('@') else {
            return Err(Invalid::Format);
        };
        let ok = !local.is_empty()
            && local.len() <= 64
            && s.len() <= 254
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !s.chars().any(|c| c.is_whitespace() || c.is_control())
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if ok {
            Ok(Email(format!("{local}@{}", domain.to_lowercase())))
        } else {
            Err(Invalid::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An Indian postal PIN code: six digits, the first 1–9.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pin(String);

impl Pin {
    pub fn parse(input: &str) -> Result<Pin, Invalid> {
        let s: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let b = s.as_bytes();
        if b.len() == 6 && (b'1'..=b'9').contains(&b[0]) && b.iter().all(u8::is_ascii_digit) {
            Ok(Pin(s))
        } else {
            Err(Invalid::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the PIN can be in Uttar Pradesh (zones 20–28 less Uttarakhand's areas; see
    /// [`crate::domain::state`]).
    pub fn maybe_in_up(&self) -> bool {
        crate::domain::state::pin_fits_state(self, crate::domain::state::UP)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mobile_numbers_as_people_write_them() {
        for input in [
            "9876543210",
            "+91 98765 43210",
            "+91-9876543210",
            "09876543210",
            "919876543210",
            "98765-43210",
        ] {
            assert_eq!(
                Phone::parse(input).unwrap().national(),
                "9876543210",
                "{input}"
            );
        }
        assert_eq!(Phone::parse("6000000000").unwrap().e164(), "+916000000000");
    }

    #[test]
    fn refuses_what_is_not_an_indian_mobile() {
        assert_eq!(Phone::parse(" "), Err(Invalid::Empty));
        for input in [
            "5876543210",
            "987654321",
            "98765432101",
            "+1 9876543210",
            "+9876543210",
            "98765abc10",
            "0522 2612345",
        ] {
            assert_eq!(Phone::parse(input), Err(Invalid::Format), "{input}");
        }
    }

    #[test]
    fn email_addresses() {
        assert_eq!(
            Email::parse(" Asha.Devi@Example.IN ").unwrap().as_str(),
            "Asha.Devi@example.in"
        );
        assert!(Email::parse("seller+odop@mail.co.in").is_ok());
        assert_eq!(Email::parse(""), Err(Invalid::Empty));
        for input in [
            "asha",
            "asha@",
            "@example.in",
            "asha@example",
            "asha@@example.in",
            "asha@exa mple.in",
            "asha@.example.in",
            "asha@example..in",
        ] {
            assert_eq!(Email::parse(input), Err(Invalid::Format), "{input}");
        }
    }

    #[test]
    fn pin_codes() {
        assert_eq!(Pin::parse("221 001").unwrap().as_str(), "221001");
        assert_eq!(Pin::parse(""), Err(Invalid::Empty));
        for input in ["021001", "22100", "2210011", "22100A", "-22100"] {
            assert_eq!(Pin::parse(input), Err(Invalid::Format), "{input}");
        }
    }

    #[test]
    fn pins_of_uttar_pradesh() {
        for up in ["221001", "226001", "244001", "247001", "282001", "201301"] {
            assert!(Pin::parse(up).unwrap().maybe_in_up(), "{up}");
        }
        for elsewhere in ["248001", "263001", "247667", "110001", "400001", "302001"] {
            assert!(!Pin::parse(elsewhere).unwrap().maybe_in_up(), "{elsewhere}");
        }
    }
}
