//! Accounts through the router, as a browser without JavaScript sends them (form posts,
//! redirects, cookies), on every backend under test.
use crate::common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::http::{form_post, get, last_code, send, session_token, ORIGIN};
use common::TestDb;

#[tokio::test]
async fn a_shopper_registers_signs_out_and_signs_in_again() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let reply = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=Asha+Devi&login=%2B91+98765+43210&password=ganga-ghat-loom",
            ),
        )
        .await;
        assert_eq!(
            reply.status,
            StatusCode::FOUND,
            "{}: {}",
            t.name,
            reply.body
        );
        assert_eq!(reply.location, "/account");
        let cookie = reply
            .set_cookie
            .iter()
            .find(|c| c.starts_with("odop_session="))
            .expect("a session cookie");
        assert!(
            cookie.contains("HttpOnly")
                && cookie.contains("SameSite=Lax")
                && cookie.contains("Path=/")
        );
        let first = session_token(&reply).unwrap();

        let account = send(&app, get("/account", Some(&first))).await;
        assert!(
            account.body.contains("Signed in as Asha Devi"),
            "{}",
            t.name
        );
        assert!(account.body.contains("+91 9876543210"));
        assert!(account.body.contains("Shopper"));

        let out = send(
            &app,
            form_post(
                "/api/sign_out",
                "/account",
                Some(&format!("odop_session={first}")),
                "",
            ),
        )
        .await;
        assert_eq!(out.location, "/");
        assert!(out
            .set_cookie
            .iter()
            .any(|c| c.starts_with("odop_session=;") && c.contains("Max-Age=0")));
        let account = send(&app, get("/account", Some(&first))).await;
        assert!(
            account.body.contains("You are not signed in"),
            "{}: a signed-out token is refused",
            t.name
        );

        let back = send(
            &app,
            form_post(
                "/api/sign_in",
                "/sign-in",
                Some(&format!("odop_session={first}")),
                "login=9876543210&password=ganga-ghat-loom",
            ),
        )
        .await;
        assert_eq!(back.location, "/account", "{}", t.name);
        let second = session_token(&back).unwrap();
        assert_ne!(second, first, "the session id changes at sign-in");
        assert!(send(&app, get("/account", Some(&second)))
            .await
            .body
            .contains("Signed in as Asha Devi"));
        t.close().await;
    }
}

#[tokio::test]
async fn a_wrong_password_or_unknown_login_gets_the_same_message_and_no_session() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=Ravi&login=ravi%40example.in&password=brass-lamp-moradabad",
            ),
        )
        .await;
        for body in [
            "login=ravi%40example.in&password=wrong-password-1",
            "login=nobody%40example.in&password=brass-lamp-moradabad",
        ] {
            let reply = send(&app, form_post("/api/sign_in", "/sign-in", None, body)).await;
            assert_eq!(
                reply.status,
                StatusCode::FOUND,
                "a form post is always sent back to its page"
            );
            assert!(
                reply.location.starts_with(&format!("{ORIGIN}/sign-in?")),
                "{}: {}",
                t.name,
                reply.location
            );
            assert!(
                session_token(&reply).is_none(),
                "no session for a failed sign-in"
            );
            // The page the browser is sent back to shows why, in the reader's language.
            let path = reply.location.strip_prefix(ORIGIN).unwrap().to_string();
            let page = send(&app, get(&path, None)).await;
            assert!(
                page.body
                    .contains("The mobile number / e-mail or the password is wrong."),
                "{}",
                t.name
            );
        }
        t.close().await;
    }
}

#[tokio::test]
async fn registration_refuses_weak_passwords_bad_logins_and_duplicates() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    for (body, message) in [
        (
            "display_name=A&login=9876500000&password=short",
            "The password needs at least 8 characters.",
        ),
        (
            "display_name=A&login=9876500000&password=Password%40123",
            "This password is too common",
        ),
        (
            "display_name=A&login=9876500000&password=x9876500000x",
            "must not contain your mobile number",
        ),
        (
            "display_name=A&login=12345&password=long-enough-phrase",
            "Enter a 10-digit Indian mobile number or an e-mail address.",
        ),
        (
            "display_name=&login=9876500000&password=long-enough-phrase",
            "Please enter your name",
        ),
    ] {
        let reply = send(&app, form_post("/api/register", "/register", None, body)).await;
        assert_eq!(reply.status, StatusCode::FOUND, "{body}");
        assert!(session_token(&reply).is_none(), "{body}");
        let page = send(
            &app,
            get(reply.location.strip_prefix(ORIGIN).unwrap(), None),
        )
        .await;
        assert!(page.body.contains(message), "{body}");
    }
    let ok = "display_name=A&login=9876500000&password=long-enough-phrase";
    assert!(
        session_token(&send(&app, form_post("/api/register", "/register", None, ok)).await)
            .is_some()
    );
    let again = send(&app, form_post("/api/register", "/register", None, ok)).await;
    assert!(session_token(&again).is_none());
    let page = send(
        &app,
        get(again.location.strip_prefix(ORIGIN).unwrap(), None),
    )
    .await;
    assert!(page.body.contains("already exists"));
    let users: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    assert_eq!(users, 1, "nothing half-written by the refused attempts");
    t.close().await;
}

#[tokio::test]
async fn signing_out_everywhere_needs_a_session_and_ends_them_all() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    // No session: refused (a script gets 401; nothing changes).
    let req = Request::post("/api/sign_out_everywhere")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);

    let reg = send(
        &app,
        form_post(
            "/api/register",
            "/register",
            None,
            "display_name=M&login=9876511111&password=terracotta-horse",
        ),
    )
    .await;
    let phone = session_token(&reg).unwrap();
    let laptop = session_token(
        &send(
            &app,
            form_post(
                "/api/sign_in",
                "/sign-in",
                None,
                "login=9876511111&password=terracotta-horse",
            ),
        )
        .await,
    )
    .unwrap();
    let reply = send(
        &app,
        form_post(
            "/api/sign_out_everywhere",
            "/account",
            Some(&format!("odop_session={phone}")),
            "",
        ),
    )
    .await;
    assert_eq!(reply.location, "/");
    for token in [&phone, &laptop] {
        assert!(send(&app, get("/account", Some(token)))
            .await
            .body
            .contains("You are not signed in"));
    }
    t.close().await;
}

#[tokio::test]
async fn a_sign_in_posted_from_another_site_is_refused() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    send(
        &app,
        form_post(
            "/api/register",
            "/register",
            None,
            "display_name=M&login=9876522222&password=terracotta-horse",
        ),
    )
    .await;
    let req = Request::post("/api/sign_in")
        .header(header::HOST, "127.0.0.1:3000")
        .header(header::ORIGIN, "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("login=9876522222&password=terracotta-horse"))
        .unwrap();
    let reply = send(&app, req).await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert!(session_token(&reply).is_none());
    t.close().await;
}

#[tokio::test]
async fn five_wrong_passwords_lock_the_account_for_a_while_but_not_others() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        for (phone, name) in [("9876533333", "A"), ("9876544444", "B")] {
            let body = format!("display_name={name}&login={phone}&password=terracotta-horse");
            send(&app, form_post("/api/register", "/register", None, &body)).await;
        }
        for _ in 0..5 {
            let reply = send(
                &app,
                form_post(
                    "/api/sign_in",
                    "/sign-in",
                    None,
                    "login=9876533333&password=not-the-one",
                ),
            )
            .await;
            assert!(session_token(&reply).is_none());
        }
        // Now even the right password waits.
        let locked = send(
            &app,
            form_post(
                "/api/sign_in",
                "/sign-in",
                None,
                "login=9876533333&password=terracotta-horse",
            ),
        )
        .await;
        assert!(session_token(&locked).is_none(), "{}", t.name);
        let page = send(
            &app,
            get(locked.location.strip_prefix(ORIGIN).unwrap(), None),
        )
        .await;
        assert!(
            page.body
                .contains("Too many attempts. Please wait and try again (15 min)"),
            "{}",
            t.name
        );
        // A script is told 429.
        let req = Request::post("/api/sign_in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("login=9876533333&password=terracotta-horse"))
            .unwrap();
        assert_eq!(send(&app, req).await.status, StatusCode::TOO_MANY_REQUESTS);
        // Another account is not affected.
        let other = send(
            &app,
            form_post(
                "/api/sign_in",
                "/sign-in",
                None,
                "login=9876544444&password=terracotta-horse",
            ),
        )
        .await;
        assert!(session_token(&other).is_some(), "{}", t.name);
        t.close().await;
    }
}

#[tokio::test]
async fn a_mobile_number_is_verified_with_the_code_sent_by_sms() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let reg = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=K&login=9876555555&password=terracotta-horse",
            ),
        )
        .await;
        let me = format!("odop_session={}", session_token(&reg).unwrap());
        let token = session_token(&reg).unwrap();
        assert!(send(&app, get("/account", Some(&token)))
            .await
            .body
            .contains("Verify your mobile number"));

        let sent = send(
            &app,
            form_post("/api/send_phone_code", "/account", Some(&me), ""),
        )
        .await;
        assert_eq!(sent.location, "/account", "{}", t.name);
        let code = last_code(&t.db, "9876555555").await;
        let outbox = send(&app, get("/dev/outbox", None)).await;
        assert!(
            outbox.body.contains(&code),
            "the development outbox shows the SMS"
        );

        let wrong = if code == "000000" { "111111" } else { "000000" };
        let reply = send(
            &app,
            form_post(
                "/api/verify_phone",
                "/account",
                Some(&me),
                &format!("code={wrong}"),
            ),
        )
        .await;
        let page = send(
            &app,
            get(reply.location.strip_prefix(ORIGIN).unwrap(), Some(&token)),
        )
        .await;
        assert!(page.body.contains("That code is not right"), "{}", t.name);

        let ok = send(
            &app,
            form_post(
                "/api/verify_phone",
                "/account",
                Some(&me),
                &format!("code={code}"),
            ),
        )
        .await;
        assert_eq!(ok.location, "/account");
        let page = send(&app, get("/account", Some(&token))).await;
        assert!(page.body.contains("Mobile number verified"), "{}", t.name);
        // Spent: the same code does not work twice.
        let again = send(
            &app,
            form_post(
                "/api/verify_phone",
                "/account",
                Some(&me),
                &format!("code={code}"),
            ),
        )
        .await;
        assert!(again.location.contains("__err"));
        t.close().await;
    }
}

#[tokio::test]
async fn one_account_cannot_use_another_accounts_code() {
    let t = TestDb::sqlite().await;
    let app = common::router_for(&t.db);
    let a = session_token(
        &send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=A&login=9876566661&password=terracotta-horse",
            ),
        )
        .await,
    )
    .unwrap();
    let b = session_token(
        &send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=B&login=9876566662&password=terracotta-horse",
            ),
        )
        .await,
    )
    .unwrap();
    send(
        &app,
        form_post(
            "/api/send_phone_code",
            "/account",
            Some(&format!("odop_session={a}")),
            "",
        ),
    )
    .await;
    let code_of_a = last_code(&t.db, "9876566661").await;
    let reply = send(
        &app,
        form_post(
            "/api/verify_phone",
            "/account",
            Some(&format!("odop_session={b}")),
            &format!("code={code_of_a}"),
        ),
    )
    .await;
    assert!(reply.location.contains("__err"), "B has no code of its own");
    let verified: Vec<Option<i64>> =
        sqlx::query_scalar("SELECT phone_verified_at FROM users ORDER BY id")
            .fetch_all(&t.db.pool)
            .await
            .unwrap();
    assert!(verified.iter().all(Option::is_none), "nobody verified");
    // And without a session nothing is sent.
    let req = Request::post("/api/send_phone_code")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::UNAUTHORIZED);
    t.close().await;
}

#[tokio::test]
async fn the_development_outbox_does_not_exist_in_production() {
    let t = TestDb::sqlite().await;
    let app = common::router_with(
        &t.db,
        odop_mart::config::Settings {
            dev_outbox: false,
            ..Default::default()
        },
    );
    assert_eq!(
        send(&app, get("/dev/outbox", None)).await.status,
        StatusCode::NOT_FOUND
    );
    t.close().await;
}

#[tokio::test]
async fn ten_people_registering_at_the_same_moment_all_get_their_accounts() {
    // Each registration writes in several transactions; on SQLite a deferred transaction that
    // read before another connection wrote fails with "database is locked" (seen under load).
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let replies = futures_join_all((0..10).map(|i| {
            let app = app.clone();
            async move {
                send(
                    &app,
                    form_post(
                        "/api/register",
                        "/register",
                        None,
                        &format!("display_name=P{i}&login=98765002{i:02}&password=ganga-ghat-loom"),
                    ),
                )
                .await
            }
        }))
        .await;
        for (i, reply) in replies.iter().enumerate() {
            assert_eq!(
                reply.location, "/account",
                "{}: person {i}: {}",
                t.name, reply.body
            );
        }
        let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users")
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
        assert_eq!(n, 10, "{}", t.name);
        t.close().await;
    }
}

/// Runs futures concurrently on this runtime and collects their outputs in order.
async fn futures_join_all<F: std::future::Future + Send + 'static>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output>
where
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn parallel_guesses_at_an_sms_code_get_five_tries_in_all() {
    for t in TestDb::all().await {
        let app = common::router_for(&t.db);
        let reg = send(
            &app,
            form_post(
                "/api/register",
                "/register",
                None,
                "display_name=G&login=9876555556&password=terracotta-horse",
            ),
        )
        .await;
        let token = session_token(&reg).unwrap();
        let me = format!("odop_session={token}");
        send(
            &app,
            form_post("/api/send_phone_code", "/account", Some(&me), ""),
        )
        .await;
        let code = last_code(&t.db, "9876555556").await;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let guesses = futures_join_all((0..12).map(|_| {
            let app = app.clone();
            let token = token.clone();
            async move {
                send(
                    &app,
                    common::http::api_post(
                        "/api/verify_phone",
                        Some(&token),
                        &format!("code={wrong}"),
                    ),
                )
                .await
                .status
            }
        }))
        .await;
        assert!(guesses
            .iter()
            .all(|s| !s.is_success() && !s.is_redirection()));
        let right = send(
            &app,
            common::http::api_post("/api/verify_phone", Some(&token), &format!("code={code}")),
        )
        .await;
        assert!(
            right.status == StatusCode::TOO_MANY_REQUESTS || right.body.contains("code_attempts"),
            "{}: after 12 parallel guesses the right code no longer counts: {} {}",
            t.name,
            right.status,
            right.body
        );
        let verified: Option<i64> =
            sqlx::query_scalar("SELECT phone_verified_at FROM users WHERE phone = '9876555556'")
                .fetch_one(&t.db.pool)
                .await
                .unwrap();
        assert_eq!(verified, None, "{}", t.name);
        t.close().await;
    }
}
