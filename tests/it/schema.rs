//! The two schemas stay one: after migrating, SQLite and PostgreSQL report the same tables, the
//! same columns (with the same NOT NULL), and the same indexes over the same columns — as each
//! database itself describes them, not as the migration files read.
use crate::common;

use common::TestDb;
use sqlx::Row;
use std::collections::{BTreeMap, BTreeSet};

/// Tables that exist on one backend only, by design.
const ONLY_SQLITE: &[&str] = &[
    // The page cache's version counter, bumped by triggers; PostgreSQL sends NOTIFY instead.
    "page_version",
];

#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// table → column → NOT NULL
    columns: BTreeMap<String, BTreeMap<String, bool>>,
    /// index name → (table, columns in order, unique)
    indexes: BTreeMap<String, (String, Vec<String>, bool)>,
}

async fn sqlite_schema(db: &odop_mart::db::Db) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         AND name <> '_sqlx_migrations' ORDER BY name",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| r.get::<String, _>("name"))
    .collect();
    for table in tables {
        if ONLY_SQLITE.contains(&table.as_str()) {
            continue;
        }
        let cols = sqlx::query(&format!(
            "SELECT name, \"notnull\" AS nn, pk FROM pragma_table_info('{table}')"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        let columns = cols
            .iter()
            .map(|r| {
                // A primary key is never NULL (SQLite reports `INTEGER PRIMARY KEY` as nullable).
                let not_null = r.get::<i64, _>("nn") == 1 || r.get::<i64, _>("pk") > 0;
                (r.get::<String, _>("name"), not_null)
            })
            .collect();
        schema.columns.insert(table.clone(), columns);
        // Indexes made by CREATE INDEX ("c"); UNIQUE constraints' automatic ones are compared
        // through their columns below, as PostgreSQL names them differently.
        let list = sqlx::query(&format!(
            "SELECT name, \"unique\" AS u, origin FROM pragma_index_list('{table}')"
        ))
        .fetch_all(&db.pool)
        .await
        .unwrap();
        for idx in list {
            let name: String = idx.get("name");
            let origin: String = idx.get("origin");
            let cols: Vec<String> = sqlx::query(&format!(
                "SELECT name FROM pragma_index_info('{name}') ORDER BY seqno"
            ))
            .fetch_all(&db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.get::<String, _>("name"))
            .collect();
            let unique = idx.get::<i64, _>("u") == 1;
            let key = match origin.as_str() {
                "c" => name,
                "pk" => continue,
                _ => format!("{table}({}) unique constraint", cols.join(",")),
            };
            schema.indexes.insert(key, (table.clone(), cols, unique));
        }
    }
    schema
}

async fn postgres_schema(db: &odop_mart::db::Db) -> Schema {
    let mut schema = Schema::default();
    let cols = sqlx::query(
        "SELECT c.table_name::text AS t, c.column_name::text AS c, (c.is_nullable = 'NO') AS nn \
         FROM information_schema.columns c JOIN information_schema.tables t \
         ON t.table_name = c.table_name AND t.table_schema = c.table_schema \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' \
         AND c.table_name <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for r in cols {
        schema
            .columns
            .entry(r.get::<String, _>("t"))
            .or_default()
            .insert(r.get::<String, _>("c"), r.get::<bool, _>("nn"));
    }
    // Every index with its columns in order; primary keys left out, UNIQUE constraints named
    // by their columns (as for SQLite).
    let idx = sqlx::query(
        "SELECT i.relname::text AS name, t.relname::text AS t, x.indisunique AS u, \
         x.indisprimary AS pk, (con.oid IS NOT NULL) AS constraint_made, \
         array_to_string(ARRAY(SELECT a.attname::text FROM unnest(x.indkey) WITH ORDINALITY k(n, o) \
           JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',') AS cols \
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         LEFT JOIN pg_constraint con ON con.conindid = x.indexrelid AND con.contype = 'u' \
         WHERE ns.nspname = 'public' AND t.relname <> '_sqlx_migrations'",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    for r in idx {
        if r.get::<bool, _>("pk") {
            continue;
        }
        let table: String = r.get("t");
        let cols: Vec<String> = r
            .get::<String, _>("cols")
            .split(',')
            .map(str::to_string)
            .collect();
        let key = if r.get::<bool, _>("constraint_made") {
            format!("{table}({}) unique constraint", cols.join(","))
        } else {
            r.get("name")
        };
        schema
            .indexes
            .insert(key, (table, cols, r.get::<bool, _>("u")));
    }
    schema
}

/// What differs, in words (empty when the schemas agree).
fn differences(a: &Schema, b: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    let tables: BTreeSet<&String> = a.columns.keys().chain(b.columns.keys()).collect();
    for t in tables {
        match (a.columns.get(t), b.columns.get(t)) {
            (Some(x), Some(y)) if x != y => {
                let names: BTreeSet<&String> = x.keys().chain(y.keys()).collect();
                for c in names {
                    if x.get(c) != y.get(c) {
                        out.push(format!(
                            "{t}.{c}: SQLite {:?}, PostgreSQL {:?} (Some(NOT NULL))",
                            x.get(c),
                            y.get(c)
                        ));
                    }
                }
            }
            (Some(_), None) => out.push(format!("table {t} only on SQLite")),
            (None, Some(_)) => out.push(format!("table {t} only on PostgreSQL")),
            _ => {}
        }
    }
    let names: BTreeSet<&String> = a.indexes.keys().chain(b.indexes.keys()).collect();
    for n in names {
        if a.indexes.get(n) != b.indexes.get(n) {
            out.push(format!(
                "index {n}: SQLite {:?}, PostgreSQL {:?}",
                a.indexes.get(n),
                b.indexes.get(n)
            ));
        }
    }
    out
}

#[tokio::test]
async fn sqlite_and_postgres_migrate_to_the_same_tables_columns_and_indexes() {
    let Some(pg) = TestDb::postgres().await else {
        eprintln!("not compared: TEST_POSTGRES_URL is not set (make test sets it in CI)");
        return;
    };
    let lite = TestDb::sqlite().await;
    let (a, b) = (sqlite_schema(&lite.db).await, postgres_schema(&pg.db).await);
    assert!(
        a.columns.len() > 20,
        "SQLite reported {} tables",
        a.columns.len()
    );
    assert!(!a.indexes.is_empty() && !b.indexes.is_empty());
    eprintln!(
        "compared {} tables, {} / {} indexes",
        a.columns.len(),
        a.indexes.len(),
        b.indexes.len()
    );
    let diff = differences(&a, &b);
    assert!(diff.is_empty(), "the schemas differ:\n{}", diff.join("\n"));
    lite.close().await;
    pg.close().await;
}

#[test]
fn a_missing_column_or_index_is_a_difference() {
    let mut a = Schema::default();
    a.columns
        .entry("products".into())
        .or_default()
        .insert("price_paise".into(), true);
    a.indexes.insert(
        "products_by_price".into(),
        (
            "products".into(),
            vec!["status".into(), "price_paise".into()],
            false,
        ),
    );
    let mut b = Schema::default();
    b.columns
        .entry("products".into())
        .or_default()
        .insert("price_paise".into(), false);
    assert_eq!(
        differences(&a, &b).len(),
        2,
        "nullability and a missing index: {:?}",
        differences(&a, &b)
    );
    assert!(differences(&a, &a).is_empty());
}
