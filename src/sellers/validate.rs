//! Checks of the wizard's forms. Every field is checked and every problem reported at once, each
//! with a message key the page translates; nothing is saved unless all are right.
use crate::domain::{BankAccount, GstEnrolment, Gstin, Ifsc, Invalid, Pan, Pin, Udyam, UpiVpa};
use crate::error::FieldError;

#[derive(Default)]
struct Problems(Vec<FieldError>);

impl Problems {
    fn add(&mut self, field: &str, code: &str) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
        });
    }

    /// `text` trimmed, when its length in characters is within `range`; else a problem.
    fn text(
        &mut self,
        field: &str,
        text: &str,
        range: std::ops::RangeInclusive<usize>,
        code: &str,
    ) -> String {
        let t = text.trim().to_string();
        if !range.contains(&t.chars().count()) {
            self.add(field, code);
        }
        t
    }

    fn done<T>(self, value: T) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self.0)
        }
    }
}

/// Step 2: the craft. District and category are checked against the database by the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Craft {
    pub shop_name: String,
    pub district: String,
    pub category: String,
    pub story: String,
}

pub fn craft(
    shop_name: &str,
    district: &str,
    category: &str,
    story: &str,
) -> Result<Craft, Vec<FieldError>> {
    let mut p = Problems::default();
    let shop_name = p.text("shop_name", shop_name, 2..=80, "shop_name_invalid");
    if district.is_empty() {
        p.add("district", "district_invalid");
    }
    if category.is_empty() {
        p.add("category", "category_invalid");
    }
    let story = story.trim().to_string();
    match story.chars().count() {
        0..=9 => p.add("story", "story_short"),
        1001.. => p.add("story", "story_long"),
        _ => {}
    }
    p.done(Craft {
        shop_name,
        district: district.to_string(),
        category: category.to_string(),
        story,
    })
}

/// How the seller is known to the tax department.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tax {
    Registered {
        gstin: Gstin,
        legal_name: String,
    },
    /// Sells within Uttar Pradesh only; checkout enforces it.
    Unregistered {
        pan: Pan,
        enrolment: GstEnrolment,
    },
}

/// Step 3: the business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Business {
    pub tax: Tax,
    pub udyam: Option<Udyam>,
    pub line1: String,
    pub line2: String,
    pub city: String,
    pub pin: Pin,
}

/// The raw fields of step 3, as typed.
#[derive(Debug, Clone, Default)]
pub struct BusinessForm<'a> {
    pub kind: Option<&'a str>,
    pub gstin: &'a str,
    pub legal_name: &'a str,
    pub pan: &'a str,
    pub gst_enrolment: &'a str,
    pub udyam: &'a str,
    pub line1: &'a str,
    pub line2: &'a str,
    pub city: &'a str,
    pub pin: &'a str,
}

pub fn business(f: &BusinessForm) -> Result<Business, Vec<FieldError>> {
    let mut p = Problems::default();
    let tax = match f.kind {
        Some("gst") => {
            let gstin = Gstin::parse_up(f.gstin).map_err(|e| match e {
                Invalid::Empty => "gstin_empty",
                Invalid::CheckCharacter => "gstin_check",
                Invalid::WrongState => "gstin_state",
                Invalid::Format => "gstin_format",
            });
            let legal_name = p.text("legal_name", f.legal_name, 2..=120, "legal_name_invalid");
            match gstin {
                Ok(gstin) => Some(Tax::Registered { gstin, legal_name }),
                Err(code) => {
                    p.add("gstin", code);
                    None
                }
            }
        }
        Some("unregistered") => {
            let pan = Pan::parse(f.pan);
            if pan.is_err() {
                p.add("pan", "pan_invalid");
            }
            let enrolment = GstEnrolment::parse_up(f.gst_enrolment);
            if let Err(e) = &enrolment {
                p.add(
                    "gst_enrolment",
                    if *e == Invalid::WrongState {
                        "enrolment_state"
                    } else {
                        "enrolment_invalid"
                    },
                );
            }
            match (pan, enrolment) {
                (Ok(pan), Ok(enrolment)) => Some(Tax::Unregistered { pan, enrolment }),
                _ => None,
            }
        }
        _ => {
            p.add("business_kind", "business_kind_missing");
            None
        }
    };
    let udyam = match Udyam::parse(f.udyam) {
        Ok(u) => Some(u),
        Err(Invalid::Empty) => None,
        Err(_) => {
            p.add("udyam", "udyam_invalid");
            None
        }
    };
    let line1 = p.text("pickup_line1", f.line1, 3..=120, "address_invalid");
    let line2 = p.text("pickup_line2", f.line2, 0..=120, "address_invalid");
    let city = p.text("pickup_city", f.city, 2..=60, "city_invalid");
    let pin = match Pin::parse(f.pin) {
        Ok(pin) if pin.maybe_in_up() => Some(pin),
        Ok(_) => {
            p.add("pickup_pin", "pin_not_up");
            None
        }
        Err(_) => {
            p.add("pickup_pin", "pin_invalid");
            None
        }
    };
    match (tax, pin) {
        (Some(tax), Some(pin)) => p.done(Business {
            tax,
            udyam,
            line1,
            line2,
            city,
            pin,
        }),
        _ => Err(p.0),
    }
}

/// Where the money goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payout {
    Upi {
        vpa: UpiVpa,
        holder: String,
    },
    Bank {
        account: BankAccount,
        ifsc: Ifsc,
        holder: String,
    },
}

pub fn payout(
    method: Option<&str>,
    upi: &str,
    account: &str,
    ifsc: &str,
    holder: &str,
) -> Result<Payout, Vec<FieldError>> {
    let mut p = Problems::default();
    let holder = p.text("account_holder", holder, 2..=80, "holder_invalid");
    let payout = match method {
        Some("upi") => match UpiVpa::parse(upi) {
            Ok(vpa) => Some(Payout::Upi {
                vpa,
                holder: holder.clone(),
            }),
            Err(_) => {
                p.add("upi_vpa", "upi_invalid");
                None
            }
        },
        Some("bank") => {
            let account = BankAccount::parse(account);
            if account.is_err() {
                p.add("bank_account", "bank_account_invalid");
            }
            let ifsc = Ifsc::parse(ifsc);
            if ifsc.is_err() {
                p.add("ifsc", "ifsc_invalid");
            }
            match (account, ifsc) {
                (Ok(account), Ok(ifsc)) => Some(Payout::Bank {
                    account,
                    ifsc,
                    holder: holder.clone(),
                }),
                _ => None,
            }
        }
        _ => {
            p.add("payout_method", "payout_method_missing");
            None
        }
    };
    match payout {
        Some(payout) => p.done(payout),
        None => Err(p.0),
    }
}

/// A rejection reason the seller can act on: 10 to 500 characters.
pub fn reason(text: &str) -> Result<String, Vec<FieldError>> {
    let mut p = Problems::default();
    let t = p.text("reason", text, 10..=500, "reason_invalid");
    p.done(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(r: Result<impl std::fmt::Debug, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|f| f.code)
            .collect()
    }

    fn form<'a>() -> BusinessForm<'a> {
        BusinessForm {
            kind: Some("gst"),
            gstin: "09AAACH7409R1ZZ",
            legal_name: "Kashi Handloom",
            line1: "D-12 Bunkar Colony",
            city: "Varanasi",
            pin: "221001",
            ..Default::default()
        }
    }

    #[test]
    fn a_registered_business_needs_an_up_gstin_with_the_right_check_character() {
        let mut f = form();
        // 09AAACH7409R1Z? — compute the right check character from the domain type.
        let first14 = b"09AAACH7409R1Z";
        let check = crate::domain::gst::check_character(first14).unwrap() as char;
        let good = format!("09AAACH7409R1Z{check}");
        f.gstin = &good;
        assert!(business(&f).is_ok());
        let wrong_check = format!("09AAACH7409R1Z{}", if check == 'A' { 'B' } else { 'A' });
        f.gstin = &wrong_check;
        assert_eq!(codes(business(&f)), ["gstin_check"]);
        // A valid GSTIN, but registered in Maharashtra.
        f.gstin = "27AAPFU0939F1ZV";
        assert_eq!(codes(business(&f)), ["gstin_state"]);
        f.gstin = "";
        f.legal_name = "";
        assert_eq!(codes(business(&f)), ["legal_name_invalid", "gstin_empty"]);
    }

    #[test]
    fn an_unregistered_artisan_gives_pan_and_enrolment_and_a_up_pin() {
        let f = BusinessForm {
            kind: Some("unregistered"),
            pan: "ABCPK1234M",
            gst_enrolment: "09ABCPK1234M1ZQ",
            udyam: "UDYAM-UP-67-0012345",
            line1: "Lallapura",
            city: "Varanasi",
            pin: "221 001",
            ..Default::default()
        };
        let b = business(&f).unwrap();
        assert!(matches!(b.tax, Tax::Unregistered { .. }));
        assert_eq!(b.pin.as_str(), "221001");
        let bad = BusinessForm {
            pan: "ABC1234",
            gst_enrolment: "27ABCPK1234M1ZQ",
            udyam: "UDYAM-1",
            pin: "248001",
            ..f
        };
        assert_eq!(
            codes(business(&bad)),
            [
                "pan_invalid",
                "enrolment_state",
                "udyam_invalid",
                "pin_not_up"
            ]
        );
        let none = BusinessForm::default();
        assert_eq!(
            codes(business(&none)),
            [
                "business_kind_missing",
                "address_invalid",
                "city_invalid",
                "pin_invalid"
            ]
        );
    }

    #[test]
    fn payouts_by_upi_or_bank() {
        assert!(matches!(
            payout(Some("upi"), "asha.weaves@oksbi", "", "", "Asha Devi"),
            Ok(Payout::Upi { .. })
        ));
        assert!(matches!(
            payout(
                Some("bank"),
                "",
                "3012 4567 8901",
                "sbin0001234",
                "Asha Devi"
            ),
            Ok(Payout::Bank { .. })
        ));
        assert_eq!(
            codes(payout(Some("bank"), "", "12", "SBIN1234", "A")),
            ["holder_invalid", "bank_account_invalid", "ifsc_invalid"]
        );
        assert_eq!(
            codes(payout(Some("upi"), "not-an-id", "", "", "Asha")),
            ["upi_invalid"]
        );
        assert_eq!(
            codes(payout(None, "", "", "", "Asha")),
            ["payout_method_missing"]
        );
    }

    #[test]
    fn craft_and_reason_lengths() {
        assert!(craft(
            "Kashi Looms",
            "varanasi",
            "textile",
            "We weave katan silk since 1950."
        )
        .is_ok());
        assert_eq!(
            codes(craft("K", "", "", "short")),
            [
                "shop_name_invalid",
                "district_invalid",
                "category_invalid",
                "story_short"
            ]
        );
        assert_eq!(codes(reason("too short")), ["reason_invalid"]);
        assert!(reason("The GSTIN belongs to another business.").is_ok());
    }
}
