//! SQL of accounts.
use crate::db::{now_unix, Db};
use crate::domain::{Email, Phone};
use sqlx::Row;

/// How a person signs in: their mobile number or their e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Login {
    Phone(Phone),
    Email(Email),
}

impl Login {
    /// Reads what was typed in the sign-in box: a mobile number if it looks like one, else an e-mail.
    pub fn parse(input: &str) -> Option<Login> {
        if input.contains('@') {
            Email::parse(input).ok().map(Login::Email)
        } else {
            Phone::parse(input).ok().map(Login::Phone)
        }
    }

    /// One spelling per account, for rate-limit buckets.
    pub fn key(&self) -> String {
        match self {
            Login::Phone(p) => p.national().to_string(),
            Login::Email(e) => e.as_str().to_lowercase(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub password_hash: String,
    pub roles: Vec<String>,
}

/// Creates an account with the shopper role; `None` when the phone or e-mail is already taken.
pub async fn create(
    db: &Db,
    login: &Login,
    password_hash: &str,
    display_name: &str,
    locale: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let (phone, email) = match login {
        Login::Phone(p) => (Some(p.national().to_string()), None),
        Login::Email(e) => (None, Some(e.as_str().to_string())),
    };
    let mut tx = db.begin_write().await?;
    let taken: i64 = sqlx::query("SELECT COUNT(*) AS n FROM users WHERE phone = $1 OR email = $2")
        .bind(phone.clone())
        .bind(email.clone())
        .fetch_one(&mut *tx)
        .await?
        .try_get("n")?;
    if taken > 0 {
        return Ok(None);
    }
    let now = now_unix();
    let id: i64 = sqlx::query(
        "INSERT INTO users (phone, email, password_hash, display_name, locale, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(phone)
    .bind(email)
    .bind(password_hash)
    .bind(display_name)
    .bind(locale)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    grant_role(&mut *tx, id, "shopper").await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Gives an account a role (nothing happens when it has it already). The caller rotates or
/// ends the account's sessions: a role change gets a new session id.
pub async fn grant_role<'e, E>(executor: E, user_id: i64, role: &str) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO user_roles (user_id, role, granted_at) VALUES ($1, $2, $3) ON CONFLICT (user_id, role) DO NOTHING",
    )
    .bind(user_id)
    .bind(role)
    .bind(now_unix())
    .execute(executor)
    .await?;
    Ok(())
}

pub async fn has_role(db: &Db, user_id: i64, role: &str) -> Result<bool, sqlx::Error> {
    let n: i64 =
        sqlx::query("SELECT COUNT(*) AS n FROM user_roles WHERE user_id = $1 AND role = $2")
            .bind(user_id)
            .bind(role)
            .fetch_one(&db.pool)
            .await?
            .try_get("n")?;
    Ok(n > 0)
}

/// The account's password hash, and the personal word a new password must not contain (the
/// mobile number or the e-mail's name).
pub async fn password_of(db: &Db, user_id: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    let Some(row) = sqlx::query("SELECT password_hash, phone, email FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let phone: Option<String> = row.try_get("phone")?;
    let email: Option<String> = row.try_get("email")?;
    let personal = phone
        .or_else(|| email.map(|e| e.split('@').next().unwrap_or("").to_string()))
        .unwrap_or_default();
    Ok(Some((row.try_get("password_hash")?, personal)))
}

pub async fn set_password<'e, E>(executor: E, user_id: i64, hash: &str) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(executor)
        .await?;
    Ok(())
}

/// The account a login names, with its roles.
pub async fn find(db: &Db, login: &Login) -> Result<Option<Account>, sqlx::Error> {
    let (column, value) = match login {
        Login::Phone(p) => ("phone", p.national().to_string()),
        Login::Email(e) => ("email", e.as_str().to_string()),
    };
    let rows = sqlx::query(&format!(
        "SELECT u.id, u.password_hash, r.role FROM users u LEFT JOIN user_roles r ON r.user_id = u.id \
         WHERE u.{column} = $1 ORDER BY r.role"
    ))
    .bind(value)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut account = Account {
        id: first.try_get("id")?,
        password_hash: first.try_get("password_hash")?,
        roles: Vec::new(),
    };
    for row in &rows {
        if let Some(role) = row.try_get::<Option<String>, _>("role")? {
            account.roles.push(role);
        }
    }
    Ok(Some(account))
}

/// Name, login and roles of an account, for its own account page.
pub async fn profile(db: &Db, user_id: i64) -> Result<Option<super::Me>, sqlx::Error> {
    let rows = sqlx::query(
        "SELECT u.display_name, u.phone, u.email, u.phone_verified_at, r.role, s.status AS seller_status \
         FROM users u LEFT JOIN user_roles r ON r.user_id = u.id LEFT JOIN sellers s ON s.user_id = u.id \
         WHERE u.id = $1 ORDER BY r.role",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let phone: Option<String> = first.try_get("phone")?;
    let email: Option<String> = first.try_get("email")?;
    let verified_at: Option<i64> = first.try_get("phone_verified_at")?;
    let phone_verified = phone.as_ref().map(|_| verified_at.is_some());
    let mut roles = Vec::new();
    for row in &rows {
        if let Some(role) = row.try_get::<Option<String>, _>("role")? {
            roles.push(role);
        }
    }
    Ok(Some(super::Me {
        display_name: first.try_get("display_name")?,
        login: phone
            .map(|p| format!("+91 {p}"))
            .or(email)
            .unwrap_or_default(),
        roles,
        phone_verified,
        second_factor: false,
        seller_status: first.try_get("seller_status")?,
    }))
}

/// The account's mobile number (ten digits), if it has one.
pub async fn phone_of(db: &Db, user_id: i64) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT phone FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(match row {
        Some(r) => r.try_get("phone")?,
        None => None,
    })
}
