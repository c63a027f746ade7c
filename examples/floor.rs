//! The floor: the fastest a Leptos 0.8 page can be served on this machine, to compare ODOP Mart's
//! pages with (`make bench` prints every page as a ratio to it). One route, a small layout, one
//! `Resource` reading one SQLite row, TCP_NODELAY — the same crate versions and release profile
//! as the app, nothing else (no sessions, no compression, no security headers).
//!
//! `cargo run --release --example floor --features ssr -- 127.0.0.1:3201`
#[cfg(feature = "ssr")]
mod floor {
    use leptos::prelude::*;
    use leptos_axum::{generate_route_list, LeptosRoutes};
    use leptos_meta::{provide_meta_context, MetaTags, Title};
    use leptos_router::components::{Route, Router, Routes};
    use leptos_router::path;
    use sqlx::SqlitePool;

    #[derive(Clone, serde::Serialize, serde::Deserialize)]
    struct Row {
        name: String,
        price_paise: i64,
    }

    fn shell(options: LeptosOptions) -> impl IntoView {
        view! {
            <!DOCTYPE html>
            <html lang="hi">
                <head>
                    <meta charset="utf-8"/>
                    <meta name="viewport" content="width=device-width, initial-scale=1"/>
                    <HydrationScripts options islands=true/>
                    <MetaTags/>
                </head>
                <body>
                    <App/>
                </body>
            </html>
        }
    }

    #[component]
    fn App() -> impl IntoView {
        provide_meta_context();
        view! {
            <Router>
                <header><a href="/">"ODOP"</a><nav><a href="/districts">"Districts"</a></nav></header>
                <main>
                    <Routes fallback=|| "not found">
                        <Route path=path!("/floor") view=Page/>
                    </Routes>
                </main>
                <footer>"Uttar Pradesh"</footer>
            </Router>
        }
    }

    #[component]
    fn Page() -> impl IntoView {
        let row = Resource::new(
            || (),
            |_| async {
                let pool = use_context::<SqlitePool>().expect("pool");
                sqlx::query_as::<_, (String, i64)>(
                    "SELECT name, price_paise FROM item WHERE id = 1",
                )
                .fetch_one(&pool)
                .await
                .map(|(name, price_paise)| Row { name, price_paise })
                .map_err(|e| e.to_string())
            },
        );
        view! {
            <Title text="Floor"/>
            <Suspense fallback=|| "…">
                {move || Suspend::new(async move {
                    match row.await {
                        Ok(r) => view! {
                            <article>
                                <h1>{r.name}</h1>
                                <p>"₹" {r.price_paise / 100}</p>
                            </article>
                        }
                        .into_any(),
                        Err(e) => view! { <p>{e}</p> }.into_any(),
                    }
                })}
            </Suspense>
        }
    }

    pub async fn main() {
        let addr: std::net::SocketAddr = std::env::args()
            .nth(1)
            .unwrap_or_else(|| "127.0.0.1:3201".into())
            .parse()
            .expect("address");
        let pool = sqlx::sqlite::SqlitePoolOptions::new()
            .connect("sqlite::memory:")
            .await
            .expect("sqlite");
        sqlx::query("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT, price_paise INTEGER)")
            .execute(&pool)
            .await
            .expect("table");
        sqlx::query("INSERT INTO item VALUES (1, 'बनारसी साड़ी', 1250000)")
            .execute(&pool)
            .await
            .expect("row");
        let conf = get_configuration(None).expect("leptos options");
        let options = conf.leptos_options;
        let routes = generate_route_list(App);
        let app = axum::Router::new()
            .leptos_routes_with_context(
                &options,
                routes,
                {
                    let pool = pool.clone();
                    move || provide_context(pool.clone())
                },
                {
                    let options = options.clone();
                    move || shell(options.clone())
                },
            )
            .with_state(options);
        use axum::serve::ListenerExt;
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .expect("bind")
            .tap_io(|tcp| {
                let _ = tcp.set_nodelay(true);
            });
        axum::serve(listener, app.into_make_service())
            .await
            .expect("serve");
    }
}

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() {
    floor::main().await
}

#[cfg(not(feature = "ssr"))]
fn main() {}
