//! Typed configuration, read once at start-up from the environment.
use std::net::SocketAddr;

#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://…` (default `sqlite://odop-mart.db`) or `postgres://…`.
    pub database_url: String,
    /// Load the demo catalogue at start-up when the database has no products (`ODOP_SEED_DEMO=1`).
    pub seed_demo: bool,
    /// `ODOP_ENV=production`: refuse development defaults.
    pub production: bool,
    /// Session cookies get `Secure` and the `__Host-` prefix: on in production (served over
    /// HTTPS), off on a laptop over plain HTTP; `ODOP_SECURE_COOKIES=0/1` overrides.
    pub secure_cookies: bool,
    /// `ODOP_TRUST_PROXY=1`: take the client's address from `X-Forwarded-For` (only behind a
    /// proxy that sets it; otherwise anyone could pick their own address).
    pub trust_proxy: bool,
    /// Overrides Leptos's `site-addr` when set (`ODOP_ADDR=127.0.0.1:3100`).
    pub addr: Option<SocketAddr>,
    /// Where uploaded photos are written (`ODOP_MEDIA_DIR`, default `media`).
    pub media_dir: std::path::PathBuf,
    /// Keep public pages for anonymous visitors in memory (`ODOP_PAGE_CACHE=on|off`, default on;
    /// `make bench` turns it off to measure rendering).
    pub page_cache: bool,
}

/// The part of the configuration that pages and server functions read while answering a
/// request (`request::settings()`), provided through Leptos context: small and `Copy`.
/// [`Config`] holds everything read at start-up; [`Config::settings`] makes these from it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Settings {
    pub secure_cookies: bool,
    /// Behind a reverse proxy, the client's address is the first of `X-Forwarded-For`.
    pub trust_proxy: bool,
    /// Serve `/dev/outbox` (every message "sent"): development only, never in production.
    pub dev_outbox: bool,
    /// Served over HTTPS only: browsers are told so (`Strict-Transport-Security`).
    pub hsts: bool,
    /// Keep public pages for anonymous visitors (src/page_cache.rs).
    pub page_cache: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{0} must be set in production")]
    Missing(&'static str),
    #[error("{0} is not valid: {1}")]
    Invalid(&'static str, String),
}

impl Config {
    /// What answering a request needs: development conveniences only outside production.
    pub fn settings(&self) -> Settings {
        Settings {
            secure_cookies: self.secure_cookies,
            trust_proxy: self.trust_proxy,
            dev_outbox: !self.production,
            hsts: self.production,
            page_cache: self.page_cache,
        }
    }

    pub fn from_env() -> Result<Config, ConfigError> {
        Self::from_lookup(|k| std::env::var(k).ok())
    }

    /// Reads from any lookup function, so tests need not touch the process environment.
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let production = get("ODOP_ENV").as_deref() == Some("production");
        let database_url = match get("DATABASE_URL").filter(|s| !s.is_empty()) {
            Some(url) => url,
            // A laptop needs nothing installed; a production server must say where its data is.
            None if production => return Err(ConfigError::Missing("DATABASE_URL")),
            None => "sqlite://odop-mart.db".to_string(),
        };
        let seed_demo = matches!(get("ODOP_SEED_DEMO").as_deref(), Some("1" | "true" | "yes"));
        let addr = match get("ODOP_ADDR").filter(|s| !s.is_empty()) {
            Some(a) => Some(a.parse().map_err(|e: std::net::AddrParseError| {
                ConfigError::Invalid("ODOP_ADDR", e.to_string())
            })?),
            None => None,
        };
        let page_cache = match get("ODOP_PAGE_CACHE").as_deref() {
            None | Some("" | "on" | "1" | "true") => true,
            Some("off" | "0" | "false") => false,
            Some(other) => {
                return Err(ConfigError::Invalid(
                    "ODOP_PAGE_CACHE",
                    format!("{other:?} (on or off)"),
                ))
            }
        };
        Ok(Config {
            database_url,
            page_cache,
            seed_demo,
            production,
            secure_cookies: match get("ODOP_SECURE_COOKIES").as_deref() {
                Some("1" | "true") => true,
                Some("0" | "false") => false,
                _ => production,
            },
            trust_proxy: matches!(get("ODOP_TRUST_PROXY").as_deref(), Some("1" | "true")),
            addr,
            media_dir: get("ODOP_MEDIA_DIR")
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| "media".to_string())
                .into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn development_defaults_to_a_local_sqlite_file() {
        let c = cfg(&[]).unwrap();
        assert_eq!(c.database_url, "sqlite://odop-mart.db");
        assert!(!c.production && !c.seed_demo);
    }

    #[test]
    fn production_without_a_database_url_fails_loudly() {
        assert!(matches!(
            cfg(&[("ODOP_ENV", "production")]),
            Err(ConfigError::Missing("DATABASE_URL"))
        ));
    }

    #[test]
    fn the_page_cache_is_on_unless_turned_off_and_typos_are_refused() {
        assert!(cfg(&[]).unwrap().page_cache);
        assert!(!cfg(&[("ODOP_PAGE_CACHE", "off")]).unwrap().page_cache);
        assert!(cfg(&[("ODOP_PAGE_CACHE", "of")]).is_err());
    }

    #[test]
    fn a_bad_address_is_refused() {
        assert!(cfg(&[("ODOP_ADDR", "nowhere")]).is_err());
        assert_eq!(
            cfg(&[("ODOP_ADDR", "127.0.0.1:3100")])
                .unwrap()
                .addr
                .unwrap()
                .port(),
            3100
        );
    }
}
