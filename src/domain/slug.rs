//! `Slug`: the URL name of a district, product, seller or category.
use serde::{Deserialize, Serialize};

/// Lower-case ASCII letters, digits and single hyphens, 1–64 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub fn parse(s: &str) -> Option<Slug> {
        Self::is_valid(s).then(|| Slug(s.to_string()))
    }

    pub fn is_valid(s: &str) -> bool {
        !s.is_empty()
            && s.len() <= 64
            && !s.starts_with('-')
            && !s.ends_with('-')
            && !s.contains("--")
            && s.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The start of a URL name made from a name or title: its ASCII letters and digits in lower
/// case, other runs as one hyphen, at most 40 characters ("Kashi Looms" → `kashi-looms`;
/// Devanagari alone gives an empty string, and the caller adds its own fallback and suffix).
pub fn ascii_base(text: &str) -> String {
    let mut base = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            base.push(c.to_ascii_lowercase());
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
        if base.len() >= 40 {
            break;
        }
    }
    base.trim_end_matches('-').to_string()
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::Slug;

    #[test]
    fn accepts_the_slugs_we_make() {
        for s in [
            "varanasi",
            "gautam-buddha-nagar",
            "natural-fibre",
            "katan-silk-saree-2",
        ] {
            assert!(Slug::parse(s).is_some(), "{s}");
        }
    }

    #[test]
    fn refuses_anything_else() {
        let too_long = "a".repeat(65);
        for s in [
            "",
            "Varanasi",
            "a b",
            "../etc",
            "-a",
            "a-",
            "a--b",
            "वाराणसी",
            "a_b",
            too_long.as_str(),
        ] {
            assert!(Slug::parse(s).is_none(), "{s}");
        }
    }

    #[test]
    fn ascii_bases_of_names() {
        assert_eq!(super::ascii_base("Kashi Looms & Sons!"), "kashi-looms-sons");
        assert_eq!(super::ascii_base("काशी करघे"), "");
        assert!(super::ascii_base(&"a".repeat(100)).len() <= 40);
    }
}
