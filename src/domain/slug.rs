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
}
