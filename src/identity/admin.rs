//! `odop-mart create-admin`: the only way an admin comes to be. There is no default admin and
//! no default password: the person running the command on the server types the password, and
//! receives the TOTP secret for their authenticator app.
use super::store::{self, Login};
use crate::db::Db;

/// What the command prints for the new admin.
#[derive(Debug)]
pub struct NewAdmin {
    pub user_id: i64,
    pub secret: String,
    pub otpauth_url: String,
}

/// Makes `login` an admin with a fresh TOTP secret. A new account needs `password` (checked
/// against the policy). An existing account is promoted only when `promote` says so (anyone
/// can register a login that looks official before the operator runs the command); it keeps
/// its password. Its sessions end (a role change), and the audit log records it.
pub async fn create_admin(
    db: &Db,
    login: &str,
    display_name: &str,
    password: Option<String>,
    promote: bool,
) -> Result<NewAdmin, String> {
    let login = Login::parse(login).ok_or("not a mobile number or an e-mail address")?;
    let user_id = match store::find(db, &login).await.map_err(|e| e.to_string())? {
        Some(_) if !promote => {
            return Err("an account with this login exists; add --promote if it is yours".into())
        }
        Some(account) => account.id,
        None => {
            let password = password.ok_or("a new account needs a password")?;
            let personal = login.key();
            let personal = personal.split('@').next().unwrap_or("");
            super::password::check_policy(&password, &[personal])
                .map_err(|weak| format!("password refused: {weak:?}"))?;
            let hash = super::password::hash(password)
                .await
                .map_err(|e| e.to_string())?;
            store::create(db, &login, &hash, display_name, "hi")
                .await
                .map_err(|e| e.to_string())?
                .ok_or("the login was taken meanwhile")?
        }
    };
    let secret = super::totp::new_secret();
    let otpauth_url = super::totp::url(&secret, &login.key()).ok_or("TOTP secret refused")?;
    let mut tx = db.begin_write().await.map_err(|e| e.to_string())?;
    store::grant_role(&mut *tx, user_id, "admin")
        .await
        .map_err(|e| e.to_string())?;
    crate::audit::record(
        &mut *tx,
        None,
        "admin.created",
        &format!("user:{user_id}"),
        "odop-mart create-admin",
    )
    .await
    .map_err(|e| e.to_string())?;
    tx.commit().await.map_err(|e| e.to_string())?;
    super::totp::set_secret(db, user_id, &secret)
        .await
        .map_err(|e| e.to_string())?;
    super::session::revoke_all(db, user_id)
        .await
        .map_err(|e| e.to_string())?;
    Ok(NewAdmin {
        user_id,
        secret,
        otpauth_url,
    })
}
