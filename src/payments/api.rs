//! Endpoints of online payment and refunds. The gateway's callback and webhook are plain axum
//! routes authenticated by their HMAC signatures (not by a session or the Origin header: the
//! gateway is another site); the pay link needs the buyer's session; the sandbox pages stand in
//! for the gateway's own.
use super::PendingRefund;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[cfg(feature = "ssr")]
use crate::identity::guard::{self, invalid};

/// Refunds the ODOP cell still has to pay back.
#[server(input = GetUrl, endpoint = "pending_refunds")]
pub async fn pending_refunds() -> Result<Vec<PendingRefund>, AppError> {
    let db = crate::request::db()?;
    guard::require_admin(&db).await?;
    Ok(super::store::pending_refunds(&db).await?)
}

/// The ODOP cell records a refund as paid back, with the bank's or gateway's reference.
#[server(endpoint = "mark_refunded")]
pub async fn mark_refunded(refund_id: i64, bank_reference: String) -> Result<(), AppError> {
    let db = crate::request::db()?;
    let admin = guard::require_admin(&db).await?;
    let r = bank_reference.trim();
    if r.len() < 6 || r.len() > 40 || !r.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return guard::fail(invalid("bank_reference", "reference_invalid"));
    }
    let reference = match super::store::mark_refunded(&db, admin.user_id, refund_id, r).await? {
        Ok(reference) => reference,
        Err(code) => return guard::fail(invalid("refund", code)),
    };
    let by = crate::orders::notices::By::Other;
    crate::orders::notices::tell(
        &db,
        &reference,
        crate::domain::order::PartStatus::Refunded,
        None,
        by,
    )
    .await;
    if crate::request::is_plain_form_post() {
        leptos_axum::redirect("/admin/payments");
    }
    Ok(())
}

#[cfg(feature = "ssr")]
pub use handlers::*;

#[cfg(feature = "ssr")]
mod handlers {
    use super::super::store::{self, Capture, Webhook};
    use crate::domain::money::format_inr;
    use crate::gateway;
    use crate::helpers::escape_html;
    use crate::i18n::*;
    use crate::request::AppState;
    use axum::extract::{Path, Query, State};
    use axum::http::{HeaderMap, StatusCode};
    use axum::response::{Html, IntoResponse, Redirect, Response};
    use axum::Form;
    use serde::Deserialize;

    /// A payment that placed its order is told to the buyer and the sellers.
    async fn told(state: &AppState, outcome: &Capture) {
        if let Capture::Paid { reference } = outcome {
            let by = crate::orders::notices::By::Other;
            crate::orders::notices::tell_with(
                &state.db,
                state.notify.0.as_ref(),
                reference,
                crate::domain::order::PartStatus::Placed,
                None,
                by,
            )
            .await;
        }
    }

    fn internal(e: sqlx::Error) -> Response {
        tracing::error!(error = %e, "payment");
        StatusCode::INTERNAL_SERVER_ERROR.into_response()
    }

    /// Order references and gateway ids are letters, digits and `_` only (they go into URLs).
    fn plain_id(s: &str) -> bool {
        !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    }

    /// `GET /orders/<reference>/pay`: the buyer goes to pay their order on the gateway.
    pub async fn pay(
        State(state): State<AppState>,
        Path(reference): Path<String>,
        headers: HeaderMap,
    ) -> Response {
        // Without a gateway (production before its keys are set) these addresses do not exist.
        let Some(gateway) = state.gateway.as_ref() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if !plain_id(&reference) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let user = match crate::identity::guard::user_of_request(
            &state.db,
            state.settings,
            &headers,
        )
        .await
        {
            Ok(Some(u)) => u,
            Ok(None) => {
                return Redirect::to(&format!("/sign-in?next=/orders/{reference}")).into_response()
            }
            Err(e) => return internal(e),
        };
        match store::gateway_order(&state.db, gateway, user, &reference).await {
            Ok(Some(id)) => Redirect::to(&gateway.checkout_url(&id)).into_response(),
            // Paid, cancelled, or not theirs: the order page says which (or "not found").
            Ok(None) => Redirect::to(&format!("/orders/{reference}")).into_response(),
            Err(e) => internal(e),
        }
    }

    #[derive(Deserialize)]
    pub struct CallbackForm {
        razorpay_order_id: String,
        razorpay_payment_id: String,
        razorpay_signature: String,
    }

    /// `GET|POST /payments/callback`: the gateway sends the buyer back after paying.
    pub async fn callback_get(
        State(state): State<AppState>,
        headers: HeaderMap,
        Query(form): Query<CallbackForm>,
    ) -> Response {
        callback(state, &headers, form).await
    }

    pub async fn callback_post(
        State(state): State<AppState>,
        headers: HeaderMap,
        Form(form): Form<CallbackForm>,
    ) -> Response {
        callback(state, &headers, form).await
    }

    /// A small page of the reader's language around `body` (these pages are not the app's).
    fn page(locale: Locale, title: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
             <title>{} — ODOP Mart</title><link rel=\"stylesheet\" href=\"/pkg/odop-mart.css\"></head><body><main class=\"sandbox\">{body}</main></body></html>",
            crate::i18n_util::lang_code(locale),
            escape_html(title),
        )
    }

    async fn callback(state: AppState, headers: &HeaderMap, form: CallbackForm) -> Response {
        // Without a gateway (production before its keys are set) these addresses do not exist.
        let Some(gateway) = state.gateway.as_ref() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if !plain_id(&form.razorpay_order_id)
            || !plain_id(&form.razorpay_payment_id)
            || !gateway.callback_is_genuine(
                &form.razorpay_order_id,
                &form.razorpay_payment_id,
                &form.razorpay_signature,
            )
        {
            tracing::warn!(order_id = %form.razorpay_order_id, "checkout callback with a wrong signature refused");
            let locale = crate::request::locale_of(headers);
            let text = td_string!(locale, payment_not_confirmed);
            let body = format!(
                "<p>{text}</p><p><a href=\"/orders\">{}</a></p>",
                td_string!(locale, orders_title)
            );
            return (StatusCode::BAD_REQUEST, Html(page(locale, text, &body))).into_response();
        }
        let outcome = store::capture(
            &state.db,
            &form.razorpay_order_id,
            &form.razorpay_payment_id,
            None,
            None,
        )
        .await;
        if let Ok(o) = &outcome {
            told(&state, o).await;
        }
        match outcome {
            Ok(
                Capture::Paid { reference }
                | Capture::Already {
                    reference,
                    placed: true,
                },
            ) => Redirect::to(&format!("/orders/{reference}?payment=ok")).into_response(),
            Ok(
                Capture::RefundOwed { reference }
                | Capture::Already {
                    reference,
                    placed: false,
                },
            ) => Redirect::to(&format!("/orders/{reference}?payment=late")).into_response(),
            Ok(Capture::Duplicate | Capture::Refused) => StatusCode::NOT_FOUND.into_response(),
            Err(e) => internal(e),
        }
    }

    /// `POST /payments/webhook`: the gateway's server tells of a payment. Any answer but 2xx
    /// makes the gateway try again later, so only a database failure answers 500.
    pub async fn webhook(
        State(state): State<AppState>,
        headers: HeaderMap,
        body: axum::body::Bytes,
    ) -> Response {
        // Without a gateway (production before its keys are set) these addresses do not exist.
        let Some(gateway) = state.gateway.as_ref() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("")
                .to_string()
        };
        let (signature, event_id) = (
            header("x-razorpay-signature"),
            header("x-razorpay-event-id"),
        );
        if event_id.is_empty() || event_id.len() > 64 {
            return (StatusCode::BAD_REQUEST, "event id missing").into_response();
        }
        match store::webhook(&state.db, gateway, &body, &signature, &event_id).await {
            Ok(Webhook::Forged) => (StatusCode::BAD_REQUEST, "signature refused").into_response(),
            Ok(outcome) => {
                if let Webhook::Handled(capture) = &outcome {
                    told(&state, capture).await;
                }
                (StatusCode::OK, "ok").into_response()
            }
            Err(e) => internal(e),
        }
    }

    /// `GET /sandbox/pay/<gateway order>`: the sandbox's payment page (the gateway's own page
    /// in production). Says plainly that it is a test and moves no money.
    pub async fn sandbox_page(
        State(state): State<AppState>,
        headers: HeaderMap,
        Path(id): Path<String>,
    ) -> Response {
        if !plain_id(&id) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let (amount, reference, status) = match store::gateway_order_by_id(&state.db, &id).await {
            Ok(Some(o)) => o,
            Ok(_) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => return internal(e),
        };
        let locale = crate::request::locale_of(&headers);
        let (id, reference, amount) = (
            escape_html(&id),
            escape_html(&reference),
            format_inr(amount),
        );
        let action = if status == "captured" {
            format!("<p>{}</p>", td_string!(locale, sandbox_paid))
        } else {
            format!(
                "<form method=\"post\"><input type=\"hidden\" name=\"outcome\" value=\"success\">\
                 <button type=\"submit\" class=\"button\" data-testid=\"sandbox-pay\">{}</button></form>\
                 <form method=\"post\"><input type=\"hidden\" name=\"outcome\" value=\"failure\">\
                 <button type=\"submit\" class=\"button secondary\" data-testid=\"sandbox-fail\">{}</button></form>",
                td_string!(locale, sandbox_pay),
                td_string!(locale, sandbox_fail),
            )
        };
        let banner = td_string!(locale, sandbox_banner);
        let body = format!(
            "<p class=\"sandbox-banner\" data-testid=\"sandbox-banner\">{banner}</p>\
             <h1>ODOP Mart</h1><p>{} {reference} · {id}</p><p class=\"price\">{amount}</p>{action}\
             <p><a href=\"/orders/{reference}\">{}</a></p>",
            td_string!(locale, order_label),
            td_string!(locale, back_to_order),
        );
        Html(page(locale, banner, &body)).into_response()
    }

    #[derive(Deserialize)]
    pub struct SandboxForm {
        outcome: String,
    }

    /// `POST /sandbox/pay/<gateway order>`: the sandbox "takes" the payment and does what the
    /// gateway does: posts the signed webhook event, then sends the buyer to the callback with
    /// the signed ids (or back to the order after a failure).
    pub async fn sandbox_pay(
        State(state): State<AppState>,
        Path(id): Path<String>,
        Form(form): Form<SandboxForm>,
    ) -> Response {
        // Without a gateway (production before its keys are set) these addresses do not exist.
        let Some(gateway) = state.gateway.as_ref() else {
            return StatusCode::NOT_FOUND.into_response();
        };
        if !plain_id(&id) {
            return StatusCode::NOT_FOUND.into_response();
        }
        let (amount, reference, _) = match store::gateway_order_by_id(&state.db, &id).await {
            Ok(Some(o)) => o,
            Ok(_) => return StatusCode::NOT_FOUND.into_response(),
            Err(e) => return internal(e),
        };
        let payment_id = format!("pay_SBX{}", crate::helpers::random_hex(8).to_uppercase());
        let succeeded = form.outcome == "success";
        let event = if succeeded {
            "payment.captured"
        } else {
            "payment.failed"
        };
        let body = gateway::event_body(event, &payment_id, &id, amount.0);
        let signature = gateway::sign(&gateway.keys.webhook_secret, body.as_bytes());
        let event_id = format!("evt_SBX{}", crate::helpers::random_hex(8).to_uppercase());
        match store::webhook(&state.db, gateway, body.as_bytes(), &signature, &event_id).await {
            Ok(Webhook::Handled(capture)) => told(&state, &capture).await,
            Ok(_) => {}
            Err(e) => return internal(e),
        }
        if !succeeded {
            return Redirect::to(&format!("/orders/{reference}?payment=failed")).into_response();
        }
        let signature = gateway::sign(
            &gateway.keys.key_secret,
            gateway::callback_message(&id, &payment_id).as_bytes(),
        );
        Redirect::to(&format!(
            "/payments/callback?razorpay_order_id={id}&razorpay_payment_id={payment_id}&razorpay_signature={signature}"
        ))
        .into_response()
    }
}
