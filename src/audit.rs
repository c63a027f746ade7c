//! The audit log: who did what to whom, added to and never changed (the database refuses
//! updates and deletions of `audit_log` rows, see migration 0005).
use crate::db::now_unix;

/// Adds an entry. Takes any executor so a decision and its entry share one transaction.
pub async fn record<'e, E>(
    executor: E,
    actor: Option<i64>,
    action: &str,
    subject: &str,
    detail: &str,
) -> Result<(), sqlx::Error>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    sqlx::query(
        "INSERT INTO audit_log (at, actor_user_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(now_unix())
    .bind(actor)
    .bind(action)
    .bind(subject)
    .bind(detail)
    .execute(executor)
    .await?;
    Ok(())
}
