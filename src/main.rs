//! `odop-mart` — serve the marketplace, or run a maintenance command:
//!
//! ```text
//! odop-mart             serve (DATABASE_URL, ODOP_SEED_DEMO=1 to load the demo on an empty database)
//! odop-mart seed-demo   load the demo catalogue into an empty database, then exit
//! odop-mart create-admin <mobile-or-email> [name] [--promote]
//!                       make an admin (asks for a password for a new account; an existing
//!                       account needs --promote; prints the TOTP secret for the authenticator app)
//! ```
#[cfg(feature = "ssr")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[cfg(feature = "ssr")]
#[tokio::main]
async fn main() -> std::process::ExitCode {
    use odop_mart::config::Config;
    use odop_mart::db::Db;
    use odop_mart::request::AppState;
    use odop_mart::server::serve;
    use std::process::ExitCode;

    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,tower_http=warn".into()),
        )
        .init();

    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("configuration: {e}");
            return ExitCode::FAILURE;
        }
    };
    let db = match Db::connect(&config.database_url).await {
        Ok(db) => db,
        Err(e) => {
            tracing::error!("database {}: {e}", redact(&config.database_url));
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = odop_mart::seed::reference_data(&db).await {
        tracing::error!("loading the districts failed: {e}");
        return ExitCode::FAILURE;
    }

    let command = std::env::args().nth(1);
    match command.as_deref() {
        None | Some("serve") => {}
        Some("seed-demo") => {
            return match odop_mart::seed::demo_catalogue(&db).await {
                Ok(n) => {
                    println!("demo catalogue: {n} products added");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("seed-demo failed: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Some("create-admin") => return create_admin(&db).await,
        Some(other) => {
            eprintln!("unknown command {other:?}; commands: serve, seed-demo, create-admin");
            return ExitCode::from(2);
        }
    }

    if config.seed_demo {
        match odop_mart::seed::demo_catalogue(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(products = n, "demo catalogue loaded"),
            Err(e) => {
                tracing::error!("demo catalogue failed: {e}");
                return ExitCode::FAILURE;
            }
        }
    }

    let conf = match leptos::prelude::get_configuration(None) {
        Ok(c) => c,
        Err(e) => {
            tracing::error!("leptos configuration: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = config.addr.unwrap_or(conf.leptos_options.site_addr);
    let settings = config.settings();
    let state = AppState {
        settings,
        media_dir: config.media_dir.clone(),
        notify: Default::default(),
        // The sandbox gateway with fresh secrets, never in production (a live gateway needs
        // its account's keys and an HTTPS client: see the README).
        gateway: (!config.production).then(odop_mart::gateway::Gateway::sandbox),
        leptos_options: conf.leptos_options,
        db,
    };
    match serve(state, addr).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `create-admin <login> [name]`: the password comes from the terminal without echo, or from
/// the first line of standard input when it is not a terminal (scripts, tests).
#[cfg(feature = "ssr")]
async fn create_admin(db: &odop_mart::db::Db) -> std::process::ExitCode {
    use std::io::{BufRead, IsTerminal};
    use std::process::ExitCode;
    let args: Vec<String> = std::env::args().skip(2).collect();
    let promote = args.iter().any(|a| a == "--promote");
    let mut args = args.into_iter().filter(|a| a != "--promote");
    let Some(login) = args.next() else {
        eprintln!("usage: odop-mart create-admin <mobile-or-email> [name] [--promote]");
        return ExitCode::from(2);
    };
    let name = args.next().unwrap_or_else(|| "ODOP cell".to_string());
    let exists = match odop_mart::identity::store::Login::parse(&login) {
        Some(l) => matches!(odop_mart::identity::store::find(db, &l).await, Ok(Some(_))),
        None => false,
    };
    let password = if exists {
        None
    } else if std::io::stdin().is_terminal() {
        match rpassword::prompt_password("password for the new admin account: ") {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("reading the password failed: {e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        let mut line = String::new();
        if let Err(e) = std::io::stdin().lock().read_line(&mut line) {
            eprintln!("reading the password failed: {e}");
            return ExitCode::FAILURE;
        }
        Some(line.trim_end_matches(['\r', '\n']).to_string())
    };
    match odop_mart::identity::admin::create_admin(db, &login, &name, password, promote).await {
        Ok(admin) => {
            println!(
                "admin user {} ready; add this to an authenticator app:",
                admin.user_id
            );
            println!("totp-secret: {}", admin.secret);
            println!("otpauth-url: {}", admin.otpauth_url);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("create-admin failed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Hides a password in a database URL before it is logged.
#[cfg(feature = "ssr")]
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => format!("{}://***{}", &url[..s], &url[at..]),
        _ => url.to_string(),
    }
}

#[cfg(not(feature = "ssr"))]
pub fn main() {
    // The client is the `hydrate` entry of the library; this binary exists only with `ssr`.
}
