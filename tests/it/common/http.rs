//! Requests as a browser sends them (form posts from this site, cookies), through the router.
use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tower::ServiceExt;

pub const ORIGIN: &str = "http://127.0.0.1:3000";

pub struct Reply {
    pub status: StatusCode,
    pub location: String,
    pub set_cookie: Vec<String>,
    pub body: String,
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> Reply {
    let resp = app.clone().oneshot(req).await.unwrap();
    let status = resp.status();
    let location = resp
        .headers()
        .get(header::LOCATION)
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    let set_cookie = resp
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect();
    let body = axum::body::to_bytes(resp.into_body(), 10 << 20)
        .await
        .unwrap();
    Reply {
        status,
        location,
        set_cookie,
        body: String::from_utf8_lossy(&body).replace("<!>", ""),
    }
}

/// A plain HTML form post from this site's page `from`, with `cookie`.
pub fn form_post(path: &str, from: &str, cookie: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, ORIGIN)
        .header(header::REFERER, format!("{ORIGIN}{from}"))
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    req.body(Body::from(body.to_string())).unwrap()
}

pub fn get(path: &str, session: Option<&str>) -> Request<Body> {
    let cookie = match session {
        Some(token) => format!("i18n_pref_locale=en; odop_session={token}"),
        None => "i18n_pref_locale=en".to_string(),
    };
    Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .unwrap()
}

/// The session token set by a reply, if any.
pub fn session_token(reply: &Reply) -> Option<String> {
    reply.set_cookie.iter().find_map(|c| {
        let value = c.strip_prefix("odop_session=")?.split(';').next()?;
        (!value.is_empty()).then(|| value.to_string())
    })
}

/// The code in the newest SMS to `phone` in the outbox.
pub async fn last_code(db: &odop_mart::db::Db, phone: &str) -> String {
    let body: String =
        sqlx::query_scalar("SELECT body FROM outbox WHERE recipient = $1 ORDER BY id DESC LIMIT 1")
            .bind(format!("+91{phone}"))
            .fetch_one(&db.pool)
            .await
            .unwrap();
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .unwrap()
        .to_string()
}

/// A POST as the hydrated app's `fetch` sends it: from this site, answered with a status code
/// and the error as JSON (no redirect).
pub fn api_post(path: &str, session: Option<&str>, body: &str) -> Request<Body> {
    let mut req = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(token) = session {
        req = req.header(header::COOKIE, format!("odop_session={token}"));
    }
    req.body(Body::from(body.to_string())).unwrap()
}

/// Percent-encodes a form value (the app's own encoder).
pub use odop_mart::helpers::form_value as enc;

/// Signs in with a form post, as the sign-in page does; returns the reply (its cookie).
pub async fn sign_in(app: &axum::Router, login: &str, password: &str) -> Reply {
    send(
        app,
        form_post(
            "/api/sign_in",
            "/sign-in",
            None,
            &format!("login={}&password={}", enc(login), enc(password)),
        ),
    )
    .await
}

/// A multipart form post as a browser sends it (`enctype="multipart/form-data"`), from this
/// site, answered with a status code. `file` is the `photo` part: (file name, bytes).
pub fn multipart_post(
    path: &str,
    session: Option<&str>,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> Request<Body> {
    let (name, bytes) = file.unwrap_or(("", &[]));
    multipart_files(path, session, fields, &[("photo", name, bytes)])
}

/// A multipart form post with any file parts: (field, file name, bytes).
pub fn multipart_files(
    path: &str,
    session: Option<&str>,
    fields: &[(&str, &str)],
    files: &[(&str, &str, &[u8])],
) -> Request<Body> {
    let boundary = "----odop-test-boundary-7MA4YWxkTrZu0gW";
    let mut body: Vec<u8> = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .as_bytes(),
        );
    }
    for (field, file_name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let mut req = Request::post(path)
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCEPT, "application/json")
        .header(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(token) = session {
        req = req.header(header::COOKIE, format!("odop_session={token}"));
    }
    req.body(Body::from(body)).unwrap()
}

/// The password test admins get.
pub const ADMIN_PASSWORD: &str = "ganga-ghat-loom";

/// A new admin (`login`), signed in and past the second factor; returns the session.
pub async fn admin_session(app: &axum::Router, db: &odop_mart::db::Db, login: &str) -> String {
    let admin = odop_mart::identity::admin::create_admin(
        db,
        login,
        "ODOP cell",
        Some(ADMIN_PASSWORD.into()),
        false,
    )
    .await
    .unwrap();
    let signed_in = send(
        app,
        form_post(
            "/api/sign_in",
            "/sign-in",
            None,
            &format!("login={}&password={ADMIN_PASSWORD}", enc(login)),
        ),
    )
    .await;
    assert_eq!(
        signed_in.location, "/admin",
        "an admin goes to the second factor next"
    );
    let first = session_token(&signed_in).unwrap();
    // Signed in, but without the second factor admin work is refused.
    assert_eq!(
        send(
            app,
            api_post("/api/approve_seller", Some(&first), "seller_id=1")
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let code = odop_mart::identity::totp::code_at(&admin.secret, now).unwrap();
    let passed = send(
        app,
        api_post(
            "/api/verify_second_factor",
            Some(&first),
            &format!("code={code}"),
        ),
    )
    .await;
    let second = session_token(&passed).expect("the second factor replaces the session");
    assert_ne!(first, second);
    second
}
