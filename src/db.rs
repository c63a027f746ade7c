//! The database: SQLite by default, PostgreSQL when the URL says so — one code path.
//!
//! Queries are written once with `$1`-style placeholders, which both SQLite and PostgreSQL
//! accept, and run through sqlx's `Any` driver. Types are kept to what both read the same way:
//! BIGINT/INTEGER as `i64`, TEXT as `String`, flags as 0/1 integers.
use crate::domain::product::Image;
use crate::i18n_util::Bilingual;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The connection pool, handed to server functions through Leptos context.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Adds `mode=rwc` to a SQLite URL so a missing database file is created.
fn normalise_sqlite_url(url: &str) -> String {
    if url.contains("mode=") || url.contains(":memory:") {
        url.to_string()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    }
}

/// Reading the shapes this schema repeats, from any row (`row.bilingual("title")?`).
pub trait RowExt {
    /// Columns `{stem}_hi` and `{stem}_en` as one text in both languages.
    fn bilingual(&self, stem: &str) -> Result<Bilingual, sqlx::Error>;
    /// A photo from the `img_url`, `img_srcset`, `img_width`, `img_height`, `img_alt_hi` and
    /// `img_alt_en` columns; `None` when `img_url` is NULL (no photo joined).
    fn image(&self) -> Result<Option<Image>, sqlx::Error>;
}

impl RowExt for AnyRow {
    fn bilingual(&self, stem: &str) -> Result<Bilingual, sqlx::Error> {
        use sqlx::Row;
        Ok(Bilingual::new(
            self.try_get::<String, _>(format!("{stem}_hi").as_str())?,
            self.try_get::<String, _>(format!("{stem}_en").as_str())?,
        ))
    }

    fn image(&self) -> Result<Option<Image>, sqlx::Error> {
        use sqlx::Row;
        let Some(url) = self.try_get::<Option<String>, _>("img_url")? else {
            return Ok(None);
        };
        Ok(Some(Image {
            url,
            srcset: self.try_get("img_srcset")?,
            width: self.try_get("img_width")?,
            height: self.try_get("img_height")?,
            alt: self.bilingual("img_alt")?,
        }))
    }
}

/// A text column holding one of a closed set of values (`PartStatus::parse`, …): a text the
/// code does not know is an error, never a silent default.
pub fn parsed<T>(
    row: &sqlx::any::AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<T, sqlx::Error> {
    use sqlx::Row;
    let text: String = row.try_get(column)?;
    parse(&text).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unknown value {text:?}").into(),
    })
}

/// A transaction on either database: multi-row writes take one and pass it down.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

impl Db {
    /// Starts a transaction that will write. SQLite's default (deferred) transaction takes the
    /// write lock only at its first write, and fails at once with "database is locked" when
    /// another connection wrote since it read; `BEGIN IMMEDIATE` takes the lock first, so
    /// concurrent writers wait their turn (busy timeout) instead of failing. Seen under load in
    /// the browser tests: a seller's first save failed while another account registered.
    pub async fn begin_write(&self) -> Result<Tx, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// Connects and runs the migrations of the backend `url` names.
    pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
        sqlx::any::install_default_drivers();
        let backend = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Backend::Postgres
        } else if url.starts_with("sqlite:") {
            Backend::Sqlite
        } else {
            return Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite: or postgres://".into(),
            ));
        };
        let url = match backend {
            Backend::Sqlite => normalise_sqlite_url(url),
            Backend::Postgres => url.to_string(),
        };
        let options = AnyPoolOptions::new()
            .max_connections(match backend {
                // Each connection to `:memory:` would be a separate, empty database.
                Backend::Sqlite if url.contains(":memory:") => 1,
                // SQLite allows one writer at a time; a few readers suffice in WAL mode.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10));
        let options = if backend == Backend::Sqlite {
            options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    // WAL lets readers proceed during a write; the busy timeout makes a second
                    // writer wait instead of failing at once.
                    conn.execute("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON;")
                        .await?;
                    Ok(())
                })
            })
        } else {
            options
        };
        let pool = options.connect(&url).await?;
        let db = Db { pool, backend };
        db.migrate().await?;
        Ok(db)
    }

    pub async fn migrate(&self) -> Result<(), sqlx::Error> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .map_err(|e| sqlx::Error::Migrate(Box::new(e)))
    }
}

/// A query built piece by piece, numbering its `$n` placeholders as values are added.
/// (sqlx's `QueryBuilder` would write `?` for the `Any` driver, which PostgreSQL refuses.)
#[derive(Default, Debug)]
pub struct Sql {
    pub text: String,
    binds: Vec<Value>,
}

#[derive(Debug, Clone)]
enum Value {
    Int(i64),
    Text(String),
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            binds: Vec::new(),
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    pub fn bind_int(&mut self, v: i64) -> &mut Self {
        self.binds.push(Value::Int(v));
        self.text.push_str(&format!("${}", self.binds.len()));
        self
    }

    pub fn bind_text(&mut self, v: impl Into<String>) -> &mut Self {
        self.binds.push(Value::Text(v.into()));
        self.text.push_str(&format!("${}", self.binds.len()));
        self
    }

    /// `(…, …)` with one placeholder per item, for `IN` lists.
    pub fn bind_text_list(&mut self, items: &[String]) -> &mut Self {
        self.text.push('(');
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.bind_text(item.clone());
        }
        self.text.push(')');
        self
    }

    pub async fn fetch_all<'e, E>(&self, executor: E) -> Result<Vec<AnyRow>, sqlx::Error>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let mut q = sqlx::query(&self.text);
        for b in &self.binds {
            q = match b {
                Value::Int(v) => q.bind(*v),
                Value::Text(v) => q.bind(v.clone()),
            };
        }
        q.fetch_all(executor).await
    }
}

/// Reads a 0/1 flag column.
pub fn flag(row: &AnyRow, col: &str) -> Result<bool, sqlx::Error> {
    use sqlx::Row;
    Ok(row.try_get::<i64, _>(col)? != 0)
}

/// Seconds since the Unix epoch, as stored in `created_at` columns.
pub fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
