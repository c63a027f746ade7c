//! Small helpers for every layer (layer 0, compiled for the browser too): text escaped for
//! HTML, encoded for URLs, and (server only) random identifiers. Well-kept crates do the work;
//! these names say which encoding a caller wants.
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Text made safe inside HTML, in element content and in quoted attributes (`& < > " '`).
pub fn escape_html(text: &str) -> String {
    html_escape::encode_safe(text).into_owned()
}

/// A query value as a browser's GET form sends it (`application/x-www-form-urlencoded`:
/// spaces as `+`), so links the server builds match the addresses forms produce.
pub fn form_value(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// RFC 3986's unreserved characters stay as they are; everything else is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// A URI component with spaces as `%20`: for links read by other apps (WhatsApp, UPI apps),
/// which do not all read `+` as a space.
pub fn uri_component(text: &str) -> String {
    utf8_percent_encode(text, COMPONENT).to_string()
}

/// `bytes` random bytes from the operating system, as lower-case hex: session tokens, nonces,
/// file names, references.
#[cfg(feature = "ssr")]
pub fn random_hex(bytes: usize) -> String {
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    let mut buf = vec![0u8; bytes];
    OsRng.fill_bytes(&mut buf);
    hex::encode(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_special_characters_are_escaped() {
        assert_eq!(
            escape_html(r#"<b class="x">Tom & 'Jerry'</b>"#),
            "&lt;b class=&quot;x&quot;&gt;Tom &amp; &#x27;Jerry&#x27;&lt;&#x2F;b&gt;"
        );
        assert_eq!(escape_html("बनारसी साड़ी"), "बनारसी साड़ी");
    }

    #[test]
    fn form_values_encode_like_a_browser_form() {
        assert_eq!(form_value("banarasi saree & co"), "banarasi+saree+%26+co");
        assert_eq!(
            form_value("साड़ी"),
            "%E0%A4%B8%E0%A4%BE%E0%A4%A1%E0%A4%BC%E0%A5%80"
        );
    }

    #[test]
    fn uri_components_keep_unreserved_characters_and_encode_spaces_as_percent_20() {
        assert_eq!(
            uri_component("बनारसी https://x.in/p?a=1&b"),
            "%E0%A4%AC%E0%A4%A8%E0%A4%BE%E0%A4%B0%E0%A4%B8%E0%A5%80%20https%3A%2F%2Fx.in%2Fp%3Fa%3D1%26b"
        );
        assert_eq!(uri_component("kashi.looms@oksbi"), "kashi.looms%40oksbi");
    }

    #[test]
    #[cfg(feature = "ssr")]
    fn random_hex_is_fresh_and_of_the_asked_length() {
        let (a, b) = (random_hex(16), random_hex(16));
        assert_eq!(a.len(), 32);
        assert!(a
            .bytes()
            .all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()));
        assert_ne!(a, b);
    }
}
