//! GSTIN and PAN.
use super::{compact_upper, Invalid};
use serde::{Deserialize, Serialize};

const CHARSET: &[u8; 36] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

/// The GST state code of Uttar Pradesh.
pub const UP_STATE_CODE: &str = "09";

/// A Permanent Account Number: five letters, four digits, one letter; the fourth letter says
/// what kind of holder it is (P person, C company, F firm, H HUF, A AOP, T trust, B BOI, L local
/// authority, J artificial juridical person, G government).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Pan(String);

impl Pan {
    pub fn parse(input: &str) -> Result<Pan, Invalid> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        if is_pan(s.as_bytes()) {
            Ok(Pan(s))
        } else {
            Err(Invalid::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn is_pan(b: &[u8]) -> bool {
    b.len() == 10
        && b[..5].iter().all(u8::is_ascii_uppercase)
        && b"PCFHATBLJG".contains(&b[3])
        && b[5..9].iter().all(u8::is_ascii_digit)
        && b[9].is_ascii_uppercase()
}

/// A GST identification number: state code (2 digits), the holder's PAN, an entity number,
/// `Z`, and a mod-36 check character over the first fourteen.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Gstin(String);

impl Gstin {
    pub fn parse(input: &str) -> Result<Gstin, Invalid> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let b = s.as_bytes();
        let shape = b.len() == 15
            && b[..2].iter().all(u8::is_ascii_digit)
            && matches!(s[..2].parse::<u8>().unwrap_or(0), 1..=38 | 97 | 99)
            && is_pan(&b[2..12])
            && (b[12].is_ascii_digit() || b[12].is_ascii_uppercase())
            && b[12] != b'0'
            && b[13] == b'Z'
            && (b[14].is_ascii_digit() || b[14].is_ascii_uppercase());
        if !shape {
            return Err(Invalid::Format);
        }
        if check_character(&b[..14]) != Some(b[14]) {
            return Err(Invalid::CheckCharacter);
        }
        Ok(Gstin(s))
    }

    /// A GSTIN registered in Uttar Pradesh, as sellers on this marketplace must be.
    pub fn parse_up(input: &str) -> Result<Gstin, Invalid> {
        let g = Self::parse(input)?;
        if g.state_code() == UP_STATE_CODE {
            Ok(g)
        } else {
            Err(Invalid::WrongState)
        }
    }

    pub fn state_code(&self) -> &str {
        &self.0[..2]
    }

    /// The PAN inside the GSTIN.
    pub fn pan(&self) -> Pan {
        Pan(self.0[2..12].to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The enrolment number an unregistered supplier gets on the GST portal to sell through an
/// e-commerce operator (within their state only): 15 letters and digits, starting with the
/// state code — Uttar Pradesh's here.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct GstEnrolment(String);

impl GstEnrolment {
    pub fn parse_up(input: &str) -> Result<GstEnrolment, Invalid> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let b = s.as_bytes();
        if !(b.len() == 15
            && b.iter()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()))
        {
            return Err(Invalid::Format);
        }
        if &s[..2] != UP_STATE_CODE {
            return Err(Invalid::WrongState);
        }
        Ok(GstEnrolment(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A Udyam (MSME) registration number: `UDYAM-UP-00-0000000` (state, district, serial).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Udyam(String);

impl Udyam {
    pub fn parse(input: &str) -> Result<Udyam, Invalid> {
        let s = compact_upper(input);
        if s.is_empty() {
            return Err(Invalid::Empty);
        }
        let parts: Vec<&str> = s.split('-').collect();
        let ok = parts.len() == 4
            && parts[0] == "UDYAM"
            && parts[1].len() == 2
            && parts[1].bytes().all(|c| c.is_ascii_uppercase())
            && parts[2].len() == 2
            && parts[3].len() == 7
            && parts[2..]
                .iter()
                .all(|p| p.bytes().all(|c| c.is_ascii_digit()));
        if ok {
            Ok(Udyam(s))
        } else {
            Err(Invalid::Format)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The GSTIN check character: each character's value (0–9, A–Z = 10–35) times an alternating
/// factor 1, 2, 1, 2 …; each product contributes its base-36 digits; the check character brings
/// the sum to a multiple of 36.
pub fn check_character(first14: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in first14.iter().enumerate() {
        let value = CHARSET.iter().position(|x| x == c)? as u32;
        let product = value * if i % 2 == 0 { 1 } else { 2 };
        sum += product / 36 + product % 36;
    }
    Some(CHARSET[((36 - sum % 36) % 36) as usize])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Published GSTINs (they appear in GST portal and tax-guide examples) and their check characters.
    #[test]
    fn accepts_real_gstins() {
        for g in ["27AAPFU0939F1ZV", "29AAGCB7383J1Z4"] {
            assert_eq!(
                Gstin::parse(g).map(|g| g.as_str().to_string()),
                Ok(g.to_string())
            );
        }
        assert_eq!(
            Gstin::parse(" 27aapfu0939f1zv ").unwrap().as_str(),
            "27AAPFU0939F1ZV"
        );
        assert_eq!(
            Gstin::parse("27AAPFU0939F1ZV").unwrap().pan().as_str(),
            "AAPFU0939F"
        );
    }

    #[test]
    fn a_changed_character_breaks_the_check() {
        assert_eq!(
            Gstin::parse("27AAPFU0939F1ZW"),
            Err(Invalid::CheckCharacter)
        );
        assert_eq!(
            Gstin::parse("27AAPFU0939F2ZV"),
            Err(Invalid::CheckCharacter)
        );
        assert_eq!(
            Gstin::parse("29AAGCB7383J1Z5"),
            Err(Invalid::CheckCharacter)
        );
        // Two neighbours swapped.
        assert_eq!(
            Gstin::parse("27AAPFU9039F1ZV"),
            Err(Invalid::CheckCharacter)
        );
    }

    #[test]
    fn refuses_malformed_gstins() {
        assert_eq!(Gstin::parse(""), Err(Invalid::Empty));
        for g in [
            "27AAPFU0939F1Z",
            "27AAPFU0939F1ZVX",
            "2AAAPFU0939F1ZV",
            "27AAPFU0939F1YV",
            "00AAPFU0939F1ZV",
            "27AAPXU0939F1ZV",
            "27AAPFU0939F0ZV",
            "27AAPFU09X9F1ZV",
        ] {
            assert_eq!(Gstin::parse(g), Err(Invalid::Format), "{g}");
        }
    }

    #[test]
    fn an_up_seller_needs_state_code_09() {
        assert_eq!(Gstin::parse_up("27AAPFU0939F1ZV"), Err(Invalid::WrongState));
        // The same business registered in UP: state code 09 and its own check character.
        let first14 = b"09AAPFU0939F1Z";
        let check = check_character(first14).unwrap() as char;
        let up = format!("09AAPFU0939F1Z{check}");
        assert_eq!(Gstin::parse_up(&up).unwrap().state_code(), "09");
    }

    #[test]
    fn pans() {
        assert_eq!(Pan::parse("aapfu0939f").unwrap().as_str(), "AAPFU0939F");
        assert!(Pan::parse("ABCPE1234F").is_ok());
        assert_eq!(Pan::parse(""), Err(Invalid::Empty));
        for p in [
            "AAPFU0939",
            "AAPFU09391",
            "AAPXU0939F",
            "1APFU0939F",
            "AAPFU0939FF",
        ] {
            assert_eq!(Pan::parse(p), Err(Invalid::Format), "{p}");
        }
    }

    #[test]
    fn gst_enrolment_numbers_are_15_characters_from_uttar_pradesh() {
        assert_eq!(
            GstEnrolment::parse_up("09abcpk1234m1zq").unwrap().as_str(),
            "09ABCPK1234M1ZQ"
        );
        assert_eq!(
            GstEnrolment::parse_up("27ABCPK1234M1ZQ"),
            Err(Invalid::WrongState)
        );
        assert_eq!(
            GstEnrolment::parse_up("09ABCPK1234M1Z"),
            Err(Invalid::Format)
        );
        assert_eq!(
            GstEnrolment::parse_up("09ABCPK1234M1Z-"),
            Err(Invalid::Format)
        );
        assert_eq!(GstEnrolment::parse_up(" "), Err(Invalid::Empty));
    }

    #[test]
    fn udyam_numbers() {
        assert_eq!(
            Udyam::parse("udyam-up-67-0012345").unwrap().as_str(),
            "UDYAM-UP-67-0012345"
        );
        assert_eq!(Udyam::parse("UDYAM-UP-67-001234"), Err(Invalid::Format));
        assert_eq!(Udyam::parse("UAM-UP-67-0012345"), Err(Invalid::Format));
        assert_eq!(Udyam::parse("UDYAM-U1-67-0012345"), Err(Invalid::Format));
    }
}
