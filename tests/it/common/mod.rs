//! A fresh database per test: a SQLite file in a temporary folder, and — when
//! `TEST_POSTGRES_URL` is set — a new PostgreSQL database, dropped afterwards.
#![allow(dead_code)]
pub mod http;
pub mod shop;

use odop_mart::db::Db;
use sqlx::Connection;

/// The whole application on `db`, as `main` builds it (plain-HTTP cookie settings).
pub fn router_for(db: &Db) -> axum::Router {
    router_with(
        db,
        odop_mart::config::Settings {
            dev_outbox: true,
            ..Default::default()
        },
    )
}

/// The whole application on `db` with the given settings.
pub fn router_with(db: &Db, settings: odop_mart::config::Settings) -> axum::Router {
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("odop-mart")
        .site_root("target/site")
        .build();
    odop_mart::server::router(odop_mart::request::AppState {
        leptos_options: options,
        db: db.clone(),
        settings,
        notify: Default::default(),
        media_dir: std::env::temp_dir().join("odop_test_media"),
        gateway: Some(gateway()),
    })
}

/// The sandbox gateway with known secrets, so tests can sign (and forge) what it sends.
pub const KEY_SECRET: &str = "test-key-secret";
pub const WEBHOOK_SECRET: &str = "test-webhook-secret";

pub fn gateway() -> odop_mart::gateway::Gateway {
    odop_mart::gateway::Gateway::sandbox_with(odop_mart::gateway::Keys {
        key_id: "rzp_sandbox_test".into(),
        key_secret: KEY_SECRET.into(),
        webhook_secret: WEBHOOK_SECRET.into(),
    })
}

pub struct TestDb {
    pub db: Db,
    pub name: String,
    /// Taken by `close`; still here on drop means the test panicked before closing.
    cleanup: Option<Cleanup>,
}

enum Cleanup {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, database: String },
}

fn unique(prefix: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        nanos,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

impl TestDb {
    pub async fn sqlite() -> TestDb {
        let dir = std::env::temp_dir().join(unique("odop_test"));
        std::fs::create_dir_all(&dir).unwrap();
        let url = format!("sqlite://{}", dir.join("test.db").display());
        let db = Db::connect(&url).await.expect("sqlite test database");
        odop_mart::seed::reference_data(&db)
            .await
            .expect("reference data");
        TestDb {
            db,
            name: "sqlite".into(),
            cleanup: Some(Cleanup::Sqlite(dir)),
        }
    }

    /// `None` when `TEST_POSTGRES_URL` is not set.
    pub async fn postgres() -> Option<TestDb> {
        let admin_url = std::env::var("TEST_POSTGRES_URL")
            .ok()
            .filter(|s| !s.is_empty())?;
        let database = unique("odop_test");
        let mut admin = sqlx::postgres::PgConnection::connect(&admin_url)
            .await
            .expect("TEST_POSTGRES_URL reachable");
        sqlx::query(&format!("CREATE DATABASE {database}"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.ok();
        let (base, _) = admin_url
            .rsplit_once('/')
            .expect("TEST_POSTGRES_URL ends with /database");
        let db = Db::connect(&format!("{base}/{database}"))
            .await
            .expect("postgres test database");
        odop_mart::seed::reference_data(&db)
            .await
            .expect("reference data");
        Some(TestDb {
            db,
            name: "postgres".into(),
            cleanup: Some(Cleanup::Postgres {
                admin_url,
                database,
            }),
        })
    }

    /// Every backend this run can test: SQLite always, PostgreSQL when configured.
    pub async fn all() -> Vec<TestDb> {
        let mut v = vec![TestDb::sqlite().await];
        if let Some(pg) = TestDb::postgres().await {
            v.push(pg);
        }
        v
    }

    pub async fn close(mut self) {
        // `close` waits for every borrowed connection to come back. Seen once: a test process
        // waited 14 minutes here for a connection still held by a page render the test no longer
        // polled. Give up after a few seconds; the cleanup drops the database WITH (FORCE).
        if tokio::time::timeout(std::time::Duration::from_secs(10), self.db.pool.close())
            .await
            .is_err()
        {
            eprintln!(
                "{}: a connection was still borrowed at the end of the test",
                self.name
            );
        }
        if let Some(cleanup) = self.cleanup.take() {
            cleanup.run().await;
        }
    }
}

impl Cleanup {
    async fn run(self) {
        match self {
            Cleanup::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::Postgres {
                admin_url,
                database,
            } => {
                let mut admin = sqlx::postgres::PgConnection::connect(&admin_url)
                    .await
                    .unwrap();
                sqlx::query(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
                    .execute(&mut admin)
                    .await
                    .unwrap();
            }
        }
    }
}

/// A failed test never reaches `close`: drop its database anyway, on a thread of its own
/// (the test's runtime is unwinding and cannot run async work here).
impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(cleanup) = self.cleanup.take() {
            let _ = std::thread::spawn(move || {
                if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                {
                    rt.block_on(cleanup.run());
                }
            })
            .join();
        }
    }
}

/// A small, fully known catalogue for filter tests. Returns nothing; slugs are fixed:
///
/// | slug | district | category | price ₹ | stock | gi | created |
/// |---|---|---|---|---|---|---|
/// | v-saree-silk | varanasi | textile | 12000 | 5 | 1 | 10 |
/// | v-saree-cotton | varanasi | textile | 2500 | 0 | 1 | 20 |
/// | v-stole | varanasi | textile | 800 | 12 | 0 | 30 |
/// | l-kurta | lucknow | embroidery | 1800 | 7 | 1 | 40 |
/// | l-dupatta | lucknow | embroidery | 950 | 2 | 0 | 50 |
/// | m-vase | moradabad | metal | 3200 | 9 | 1 | 60 |
/// | m-diya-hidden | moradabad | metal | 300 | 9 | 0 | 70 (status hidden) |
pub async fn fixture(db: &Db) {
    let mut tx = db.pool.begin().await.unwrap();
    for (slug, district) in [
        ("s-varanasi", "varanasi"),
        ("s-lucknow", "lucknow"),
        ("s-moradabad", "moradabad"),
    ] {
        sqlx::query("INSERT INTO sellers (slug, display_name_en, display_name_hi, district_slug, created_at) VALUES ($1, $2, $3, $4, 0)")
            .bind(slug)
            .bind(format!("Seller {slug}"))
            .bind(format!("विक्रेता {slug}"))
            .bind(district)
            .execute(&mut *tx)
            .await
            .unwrap();
    }
    // slug, district, category, rupees, stock, gi, created_at, English title, Hindi title
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        i64,
        i64,
        i64,
        i64,
        &'a str,
        &'a str,
    );
    let products: &[Row] = &[
        (
            "v-saree-silk",
            "varanasi",
            "textile",
            12000,
            5,
            1,
            10,
            "Katan Silk Banarasi Saree",
            "कतान सिल्क बनारसी साड़ी",
        ),
        (
            "v-saree-cotton",
            "varanasi",
            "textile",
            2500,
            0,
            1,
            20,
            "Cotton Banarasi Saree",
            "सूती बनारसी साड़ी",
        ),
        (
            "v-stole",
            "varanasi",
            "textile",
            800,
            12,
            0,
            30,
            "Silk Stole",
            "रेशमी स्टोल",
        ),
        (
            "l-kurta",
            "lucknow",
            "embroidery",
            1800,
            7,
            1,
            40,
            "Chikankari Kurta",
            "चिकनकारी कुर्ता",
        ),
        (
            "l-dupatta",
            "lucknow",
            "embroidery",
            950,
            2,
            0,
            50,
            "Chikan Dupatta",
            "चिकन दुपट्टा",
        ),
        (
            "m-vase",
            "moradabad",
            "metal",
            3200,
            9,
            1,
            60,
            "Brass Flower Vase",
            "पीतल का फूलदान",
        ),
        (
            "m-diya-hidden",
            "moradabad",
            "metal",
            300,
            9,
            0,
            70,
            "Brass Diya",
            "पीतल का दीया",
        ),
    ];
    for (slug, district, category, rupees, stock, gi, created, en, hi) in products {
        let seller: i64 =
            sqlx::query_scalar::<_, i64>("SELECT id FROM sellers WHERE district_slug = $1")
                .bind(*district)
                .fetch_one(&mut *tx)
                .await
                .unwrap();
        let status = if slug.ends_with("hidden") {
            "hidden"
        } else {
            "live"
        };
        sqlx::query(
            "INSERT INTO products (slug, seller_id, district_slug, category_slug, title_en, title_hi, price_paise, mrp_paise, \
             stock, hsn, gst_rate_bp, gi, status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, '5007', 500, $10, $11, $12)",
        )
        .bind(*slug)
        .bind(seller)
        .bind(*district)
        .bind(*category)
        .bind(*en)
        .bind(*hi)
        .bind(rupees * 100)
        .bind(rupees * 120)
        .bind(*stock)
        .bind(*gi)
        .bind(status)
        .bind(*created)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
}
