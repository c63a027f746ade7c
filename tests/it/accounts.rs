//! Accounts and sessions on real databases.
use crate::common;

use common::TestDb;
use odop_mart::identity::password;
use odop_mart::identity::session::{self, Token};
use odop_mart::identity::store::{self, Login};

#[tokio::test]
async fn an_account_signs_in_with_its_phone_and_password() {
    for t in TestDb::all().await {
        let login = Login::parse("+91 98765 43210").unwrap();
        let hash = password::hash("ganga-ghat-loom".into()).await.unwrap();
        let id = store::create(&t.db, &login, &hash, "Asha", "hi")
            .await
            .unwrap()
            .expect("created");
        assert_eq!(
            store::create(&t.db, &login, &hash, "Again", "hi")
                .await
                .unwrap(),
            None,
            "{}: a number signs up once",
            t.name
        );
        let account = store::find(&t.db, &Login::parse("9876543210").unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(account.id, id);
        assert_eq!(account.roles, vec!["shopper"]);
        assert!(password::verify("ganga-ghat-loom".into(), account.password_hash.clone()).await);
        assert!(
            store::find(&t.db, &Login::parse("asha@example.in").unwrap())
                .await
                .unwrap()
                .is_none()
        );
        t.close().await;
    }
}

#[tokio::test]
async fn signing_in_rotates_the_session_and_the_old_token_is_refused() {
    for t in TestDb::all().await {
        let login = Login::parse("asha@example.in").unwrap();
        let id = store::create(&t.db, &login, "x", "Asha", "hi")
            .await
            .unwrap()
            .unwrap();
        let guest = session::create(&t.db, None).await.unwrap();
        assert_eq!(
            session::lookup(&t.db, &guest)
                .await
                .unwrap()
                .unwrap()
                .user_id,
            None
        );

        let signed_in = session::rotate(&t.db, Some(&guest), id, false)
            .await
            .unwrap();
        assert_ne!(signed_in, guest, "{}: the id changes at sign-in", t.name);
        assert!(
            session::lookup(&t.db, &guest).await.unwrap().is_none(),
            "{}: the guest token is dead",
            t.name
        );
        assert_eq!(
            session::lookup(&t.db, &signed_in)
                .await
                .unwrap()
                .unwrap()
                .user_id,
            Some(id)
        );

        session::revoke(&t.db, &signed_in).await.unwrap();
        assert!(
            session::lookup(&t.db, &signed_in).await.unwrap().is_none(),
            "{}: signed out",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session_of_the_account_only() {
    for t in TestDb::all().await {
        let a = store::create(&t.db, &Login::parse("9876500001").unwrap(), "x", "A", "hi")
            .await
            .unwrap()
            .unwrap();
        let b = store::create(&t.db, &Login::parse("9876500002").unwrap(), "x", "B", "hi")
            .await
            .unwrap()
            .unwrap();
        let phone = session::rotate(&t.db, None, a, false).await.unwrap();
        let laptop = session::rotate(&t.db, None, a, false).await.unwrap();
        let other = session::rotate(&t.db, None, b, false).await.unwrap();
        assert_eq!(session::revoke_all(&t.db, a).await.unwrap(), 2);
        assert!(session::lookup(&t.db, &phone).await.unwrap().is_none());
        assert!(session::lookup(&t.db, &laptop).await.unwrap().is_none());
        assert_eq!(
            session::lookup(&t.db, &other)
                .await
                .unwrap()
                .unwrap()
                .user_id,
            Some(b),
            "{}",
            t.name
        );
        t.close().await;
    }
}

#[tokio::test]
async fn an_expired_session_is_refused_and_purged() {
    for t in TestDb::all().await {
        let token = session::create(&t.db, None).await.unwrap();
        sqlx::query("UPDATE sessions SET expires_at = 0")
            .execute(&t.db.pool)
            .await
            .unwrap();
        assert!(
            session::lookup(&t.db, &token).await.unwrap().is_none(),
            "{}",
            t.name
        );
        assert_eq!(session::purge_expired(&t.db).await.unwrap(), 1);
        // A token nobody issued is refused before any query runs.
        assert!(Token::from_cookie("not-a-token").is_none());
        t.close().await;
    }
}
