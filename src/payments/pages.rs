//! The ODOP cell's refunds queue (on `/admin/payments`).
use super::api::{pending_refunds, MarkRefunded};
use crate::domain::money::format_inr;
use crate::domain::order::RefundReason;
use crate::i18n::*;
use crate::ui::forms::{messages, FormErrors};
use crate::ui::locale;
use crate::ui::texts::{date_of, method_text};
use leptos::prelude::*;

fn reason_text(locale: Locale, reason: RefundReason) -> String {
    match reason {
        RefundReason::Cancelled => td_string!(locale, refund_cancelled),
        RefundReason::Returned => td_string!(locale, refund_returned),
        RefundReason::PaidAfterExpiry => td_string!(locale, refund_late_payment),
        RefundReason::Overpaid => td_string!(locale, refund_overpaid),
        RefundReason::Duplicate => td_string!(locale, refund_duplicate),
    }
    .to_string()
}

/// Refunds owed, each with a form to record it as paid back.
#[component]
pub fn RefundsQueue() -> impl IntoView {
    let locale = locale();
    let mark = ServerAction::<MarkRefunded>::new();
    let data = Resource::new(move || mark.version().get(), |_| pending_refunds());
    let errors = Signal::derive(move || messages(mark.value().get()));
    view! {
        <h2>{td_string!(locale, refunds_title).to_string()}</h2>
        <FormErrors errors/>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p>{td_string!(locale, refunds_none).to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="queue" data-testid="refunds">
                            {list.into_iter().map(|r| {
                                let field = format!("refund-{}", r.id);
                                view! {
                                    <li class="queue-item">
                                        <strong>{r.reference}</strong>" · "{format_inr(r.amount)}" · "{reason_text(locale, r.reason)}
                                        " · "{method_text(locale, r.payment_method)}{r.payment.map(|p| format!(" {p}"))}" · "{date_of(r.created_at)}
                                        <ActionForm action=mark attr:novalidate=true>
                                            <input type="hidden" name="refund_id" value=r.id.to_string()/>
                                            <label for=field.clone()>{td_string!(locale, refund_reference).to_string()}</label>
                                            <input id=field type="text" name="bank_reference" required minlength="6" maxlength="40"/>
                                            <button type="submit" class="button">{td_string!(locale, refund_mark_paid).to_string()}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    // The page around it already says why (not signed in, not an admin).
                    Err(_) => ().into_any(),
                }
            })}
        </Suspense>
    }
}
