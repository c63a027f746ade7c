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

/// The language of the current request (server side): the saved choice, else Hindi — whatever
/// the browser's `Accept-Language` prefers, the site speaks Hindi until told otherwise.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::server::request_cookie(LOCALE_COOKIE)
            .and_then(|v| parse_lang(&v))
            .unwrap_or(Locale::hi)
    }
    #[cfg(not(feature = "ssr"))]
    Locale::hi
}

/// The reader's language from a request's headers, for the few plain axum pages (the sandbox's
/// payment page): the saved choice, else Hindi.
#[cfg(feature = "ssr")]
pub fn locale_of(headers: &http::HeaderMap) -> Locale {
    crate::server::cookie_in(headers, LOCALE_COOKIE)
        .and_then(|v| parse_lang(&v))
        .unwrap_or(Locale::hi)
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
