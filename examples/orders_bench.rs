//! `make bench`: sustained orders per second through the checkout's own `place` (cart read,
//! amounts computed, stock taken, order written, cart emptied — one transaction each), on a
//! fresh SQLite file and, when `BENCH_POSTGRES_URL` is set, a fresh PostgreSQL database.
use odop_mart::db::Db;
use sqlx::Connection;
use std::time::Instant;

const BUYERS: usize = 2_000;
const CONCURRENCY: usize = 16;

/// A seller with one product in plenty, and `BUYERS` buyers each with an address and one line
/// in the cart (one transaction).
async fn prepare(db: &Db) -> Vec<(i64, i64)> {
    odop_mart::seed::reference_data(db).await.unwrap();
    let mut tx = db.pool.begin().await.unwrap();
    let seller: i64 = sqlx::query_scalar(
        "INSERT INTO sellers (slug, display_name_en, display_name_hi, district_slug, created_at) \
         VALUES ('bench', 'Bench', 'Bench', 'varanasi', 0) RETURNING id",
    )
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let product: i64 = sqlx::query_scalar(
        "INSERT INTO products (slug, seller_id, district_slug, category_slug, title_en, title_hi, price_paise, \
         mrp_paise, stock, hsn, gst_rate_bp, status, created_at) \
         VALUES ('bench-stole', $1, 'varanasi', 'textile', 'Stole', 'स्टोल', 80000, 80000, 1000000, '5007', 500, 'live', 0) \
         RETURNING id",
    )
    .bind(seller)
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    let mut buyers = Vec::with_capacity(BUYERS);
    for i in 0..BUYERS {
        let user: i64 = sqlx::query_scalar(
            "INSERT INTO users (phone, password_hash, created_at) VALUES ($1, 'x', 0) RETURNING id",
        )
        .bind(format!("9{:09}", i))
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let address: i64 = sqlx::query_scalar(
            "INSERT INTO addresses (user_id, name, phone, line1, city, state_code, pin, created_at) \
             VALUES ($1, 'Buyer', '9876543210', '1 Hazratganj', 'Lucknow', '09', '226001', 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        let cart: i64 = sqlx::query_scalar(
            "INSERT INTO carts (user_id, updated_at) VALUES ($1, 0) RETURNING id",
        )
        .bind(user)
        .fetch_one(&mut *tx)
        .await
        .unwrap();
        sqlx::query(
            "INSERT INTO cart_lines (cart_id, product_id, variant_id, quantity, added_price_paise, added_at) \
             VALUES ($1, $2, 0, 1, 80000, 0)",
        )
        .bind(cart)
        .bind(product)
        .execute(&mut *tx)
        .await
        .unwrap();
        buyers.push((user, address));
    }
    tx.commit().await.unwrap();
    buyers
}

async fn run(name: &str, db: Db) {
    let buyers = prepare(&db).await;
    let started = Instant::now();
    let mut workers = Vec::new();
    for chunk in buyers.chunks(BUYERS.div_ceil(CONCURRENCY)) {
        let (db, chunk) = (db.clone(), chunk.to_vec());
        workers.push(tokio::spawn(async move {
            let mut placed = 0;
            for (user, address) in chunk {
                let key = format!("bench-attempt-{user:016}");
                let method = odop_mart::domain::order::PaymentMethod::Cod;
                let result = odop_mart::orders::store::place(&db, user, address, method, &key);
                if result.await.is_ok() {
                    placed += 1;
                }
            }
            placed
        }));
    }
    let mut placed = 0;
    for w in workers {
        placed += w.await.unwrap();
    }
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "  {name}: {placed} orders in {seconds:.2} s = {:.0} orders/s ({CONCURRENCY} buyers at a time)",
        placed as f64 / seconds
    );
    db.pool.close().await;
}

#[tokio::main]
async fn main() {
    println!("## Orders (checkout's place(), one line each)");
    let dir = std::env::temp_dir().join(format!("odop_orders_bench_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = Db::connect(&format!("sqlite://{}", dir.join("bench.db").display()))
        .await
        .unwrap();
    run("SQLite", db).await;
    std::fs::remove_dir_all(&dir).ok();
    if let Some(admin_url) = std::env::var("BENCH_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        let database = format!("odop_orders_bench_{}", std::process::id());
        let mut admin = sqlx::postgres::PgConnection::connect(&admin_url)
            .await
            .unwrap();
        sqlx::query(&format!("CREATE DATABASE {database}"))
            .execute(&mut admin)
            .await
            .unwrap();
        let (base, _) = admin_url.rsplit_once('/').unwrap();
        let db = Db::connect(&format!("{base}/{database}")).await.unwrap();
        run("PostgreSQL", db).await;
        sqlx::query(&format!("DROP DATABASE {database} WITH (FORCE)"))
            .execute(&mut admin)
            .await
            .unwrap();
    }
}
