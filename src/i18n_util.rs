//! Helpers around the generated `i18n` module: bilingual database text and the locale cookie.
use crate::i18n::Locale;
use serde::{Deserialize, Serialize};

/// The cookie that remembers the chosen language (the name leptos_i18n reads).
pub const LOCALE_COOKIE: &str = "i18n_pref_locale";

/// Text stored in both languages (district names, product titles …).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Bilingual {
    pub hi: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(hi: impl Into<String>, en: impl Into<String>) -> Self {
        Bilingual {
            hi: hi.into(),
            en: en.into(),
        }
    }

    /// The text in `locale`, falling back to the other language when that one is empty.
    pub fn get(&self, locale: Locale) -> &str {
        let (first, second) = match locale {
            Locale::hi => (&self.hi, &self.en),
            Locale::en => (&self.en, &self.hi),
        };
        if first.is_empty() {
            second
        } else {
            first
        }
    }
}

/// The language code written in `<html lang>` and in the cookie.
pub fn lang_code(locale: Locale) -> &'static str {
    match locale {
        Locale::hi => "hi",
        Locale::en => "en",
    }
}

/// The `Set-Cookie` value that remembers a language for a year.
pub fn language_cookie(locale: Locale) -> String {
    format!(
        "{LOCALE_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        lang_code(locale)
    )
}

pub fn parse_lang(code: &str) -> Option<Locale> {
    match code {
        "hi" => Some(Locale::hi),
        "en" => Some(Locale::en),
        _ => None,
    }
}
