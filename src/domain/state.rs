//! Indian states and union territories by their GST state code, and whether a PIN can belong to
//! one: the first two digits of a PIN name a postal zone, which covers known states.

/// (GST state code, English name, Hindi name), in the order a list shows them.
pub const STATES: &[(&str, &str, &str)] = &[
    ("09", "Uttar Pradesh", "उत्तर प्रदेश"),
    (
        "35",
        "Andaman and Nicobar Islands",
        "अंडमान और निकोबार द्वीपसमूह",
    ),
    ("37", "Andhra Pradesh", "आंध्र प्रदेश"),
    ("12", "Arunachal Pradesh", "अरुणाचल प्रदेश"),
    ("18", "Assam", "असम"),
    ("10", "Bihar", "बिहार"),
    ("04", "Chandigarh", "चंडीगढ़"),
    ("22", "Chhattisgarh", "छत्तीसगढ़"),
    (
        "26",
        "Dadra and Nagar Haveli and Daman and Diu",
        "दादरा और नगर हवेली और दमन और दीव",
    ),
    ("07", "Delhi", "दिल्ली"),
    ("30", "Goa", "गोवा"),
    ("24", "Gujarat", "गुजरात"),
    ("06", "Haryana", "हरियाणा"),
    ("02", "Himachal Pradesh", "हिमाचल प्रदेश"),
    ("01", "Jammu and Kashmir", "जम्मू और कश्मीर"),
    ("20", "Jharkhand", "झारखंड"),
    ("29", "Karnataka", "कर्नाटक"),
    ("32", "Kerala", "केरल"),
    ("38", "Ladakh", "लद्दाख"),
    ("31", "Lakshadweep", "लक्षद्वीप"),
    ("23", "Madhya Pradesh", "मध्य प्रदेश"),
    ("27", "Maharashtra", "महाराष्ट्र"),
    ("14", "Manipur", "मणिपुर"),
    ("17", "Meghalaya", "मेघालय"),
    ("15", "Mizoram", "मिज़ोरम"),
    ("13", "Nagaland", "नागालैंड"),
    ("21", "Odisha", "ओडिशा"),
    ("34", "Puducherry", "पुदुचेरी"),
    ("03", "Punjab", "पंजाब"),
    ("08", "Rajasthan", "राजस्थान"),
    ("11", "Sikkim", "सिक्किम"),
    ("33", "Tamil Nadu", "तमिलनाडु"),
    ("36", "Telangana", "तेलंगाना"),
    ("16", "Tripura", "त्रिपुरा"),
    ("05", "Uttarakhand", "उत्तराखंड"),
    ("19", "West Bengal", "पश्चिम बंगाल"),
];

/// Uttar Pradesh's GST state code: every ODOP seller's.
pub const UP: &str = super::gst::UP_STATE_CODE;

/// A state's name in the reader's language (`hindi`), or the code itself if unknown.
pub fn name(code: &str, hindi: bool) -> &str {
    STATES
        .iter()
        .find(|(c, _, _)| *c == code)
        .map_or(code, |(_, en, hi)| if hindi { hi } else { en })
}

pub fn is_state(code: &str) -> bool {
    STATES.iter().any(|(c, _, _)| *c == code)
}

/// The states a PIN's postal zone (its first two digits) serves.
fn zone_states(zone: u32) -> &'static [&'static str] {
    match zone {
        11 => &["07"],
        12 | 13 => &["06", "03"],
        14 | 15 => &["03"],
        16 => &["03", "04", "06"],
        17 => &["02"],
        18 | 19 => &["01", "38"],
        20..=23 | 25 | 27 | 28 => &["09"],
        24 | 26 => &["09", "05"],
        30..=34 => &["08"],
        36..=39 => &["24", "26"],
        40..=44 => &["27", "30"],
        45..=48 => &["23"],
        49 => &["22"],
        50..=53 => &["36", "37"],
        56..=59 => &["29"],
        60..=64 => &["33", "34"],
        67..=69 => &["32", "31", "34"],
        70..=74 => &["19", "11", "35"],
        75..=77 => &["21"],
        78 => &["18"],
        79 => &["12", "13", "14", "15", "16", "17", "18"],
        80..=85 => &["10", "20"],
        _ => &[],
    }
}

/// PIN areas of the 24 and 26 zones that are Uttarakhand's, not Uttar Pradesh's (by 3 or 4
/// leading digits): Dehradun, Haridwar, Roorkee, Kashipur, Udham Singh Nagar, Kumaon.
fn uttarakhand_area(pin: &str) -> bool {
    let (three, four) = (&pin[..3], &pin[..4]);
    matches!(three, "246" | "248" | "249" | "263")
        || matches!(
            four,
            "2447" | "2476" | "2477" | "2623" | "2624" | "2625" | "2626"
        )
}

/// Whether a (well-formed) PIN can be in the state with this GST code.
pub fn pin_fits_state(pin: &crate::domain::Pin, state: &str) -> bool {
    let pin = pin.as_str();
    let zone: u32 = pin[..2].parse().unwrap_or(0);
    if !zone_states(zone).contains(&state) {
        return false;
    }
    match state {
        UP => !uttarakhand_area(pin),
        "05" => uttarakhand_area(pin),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Pin;

    fn fits(pin: &str, state: &str) -> bool {
        pin_fits_state(&Pin::parse(pin).unwrap(), state)
    }

    #[test]
    fn pins_belong_to_their_states() {
        assert!(fits("221001", UP), "Varanasi");
        assert!(fits("226001", UP), "Lucknow");
        assert!(fits("244001", UP), "Moradabad");
        assert!(fits("247001", UP), "Saharanpur");
        assert!(fits("262001", UP), "Pilibhit");
        assert!(!fits("248001", UP), "Dehradun is Uttarakhand");
        assert!(!fits("247667", UP), "Roorkee is Uttarakhand");
        assert!(!fits("244713", UP), "Kashipur is Uttarakhand");
        assert!(fits("248001", "05"));
        assert!(!fits("221001", "05"));
        assert!(fits("110001", "07"), "Delhi");
        assert!(fits("400001", "27"), "Mumbai");
        assert!(fits("403001", "30"), "Goa shares zone 40");
        assert!(!fits("110001", UP));
        assert!(!fits("560001", "07"));
        assert!(fits("560001", "29"), "Bengaluru");
        assert!(!fits("990001", "07"), "no civilian zone");
    }

    #[test]
    fn every_state_is_served_by_some_zone() {
        for (code, _, _) in STATES {
            assert!((11..=85).any(|z| zone_states(z).contains(code)), "{code}");
        }
        assert!(is_state("09") && !is_state("99"));
    }
}
