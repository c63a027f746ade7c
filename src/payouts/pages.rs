//! `/dashboard/payouts`: the seller's statement.
use super::api::payout_statement;
use super::Amounts;
use crate::domain::money::{format_inr, format_percent_bp};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::locale;
use crate::ui::texts::{date_of, sign_in_first};
use crate::ui::ServerError;
use leptos::prelude::*;
use leptos_meta::Title;

fn cells(a: Amounts) -> impl IntoView {
    view! {
        <td class="num">{format_inr(a.gross)}</td>
        <td class="num">{format_inr(a.commission)}</td>
        <td class="num">{format_inr(a.tcs)}</td>
        <td class="num">{format_inr(a.tds)}</td>
        <td class="num"><strong>{format_inr(a.net)}</strong></td>
    }
}

#[component]
pub fn PayoutsPage() -> impl IntoView {
    let locale = locale();
    let data = Resource::new(|| (), |_| payout_statement());
    view! {
        <Title text=td_string!(locale, payouts_title).to_string()/>
        <h1>{td_string!(locale, payouts_title).to_string()}</h1>
        <p><a href="/dashboard">{td_string!(locale, dashboard_title).to_string()}</a></p>
        <p class="hint">{td_string!(locale, payouts_explained).to_string()}</p>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => view! {
                        {s.rates.map(|r| view! {
                            <p data-testid="payout-rates">{td_string!(locale, payout_commission).to_string()}" "{format_percent_bp(r.commission_bp)}
                                " · TCS "{format_percent_bp(r.tcs_bp)}" · TDS "{format_percent_bp(r.tds_bp)}</p>
                        })}
                        {if s.lines.is_empty() {
                            view! { <p>{td_string!(locale, payouts_none).to_string()}</p> }.into_any()
                        } else {
                            view! {
                                <div class="table-scroll">
                                <table class="ledger" data-testid="payout-ledger">
                                    <thead><tr>
                                        <th>{td_string!(locale, date_label).to_string()}</th>
                                        <th>{td_string!(locale, order_label).to_string()}</th>
                                        <th class="num">{td_string!(locale, payout_gross).to_string()}</th>
                                        <th class="num">{td_string!(locale, payout_commission).to_string()}</th>
                                        <th class="num">"TCS"</th>
                                        <th class="num">"TDS"</th>
                                        <th class="num">{td_string!(locale, payout_net).to_string()}</th>
                                    </tr></thead>
                                    <tbody>
                                        {s.lines.into_iter().map(|l| view! {
                                            <tr>
                                                <td>{date_of(l.at)}</td>
                                                <td>{l.reference}{(l.kind == "reversal").then(|| format!(" ({})", td_string!(locale, payout_reversal)))}</td>
                                                {cells(l.amounts)}
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                    <tfoot><tr>
                                        <th colspan="2">{td_string!(locale, total_label).to_string()}</th>
                                        {cells(s.total)}
                                    </tr></tfoot>
                                </table>
                                </div>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/dashboard/payouts"),
                    Err(AppError::Forbidden) => view! { <p>{td_string!(locale, dashboard_not_seller).to_string()}</p> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The ODOP cell sets the payout rates from a date (on `/admin/payments`).
#[component]
pub fn RatesForm() -> impl IntoView {
    let locale = locale();
    let set = ServerAction::<super::api::SetPayoutRates>::new();
    let errors = Signal::derive(move || crate::ui::forms::messages(set.value().get()));
    let saved = move || set.value().get().is_some_and(|r| r.is_ok());
    view! {
        <h2>{td_string!(locale, payout_rates_title).to_string()}</h2>
        <crate::ui::forms::FormErrors errors/>
        <Show when=saved>
            <p class="notice" role="status">{td_string!(locale, saved).to_string()}</p>
        </Show>
        <ActionForm action=set attr:novalidate=true attr:class="rates-form">
            <label class="field small"><span>{td_string!(locale, effective_from).to_string()}</span>
                <input type="date" name="from" required/></label>
            <label class="field small"><span>{td_string!(locale, payout_commission).to_string()}" %"</span>
                <input type="text" name="commission" inputmode="decimal" value="0" required/></label>
            <label class="field small"><span>"TCS %"</span>
                <input type="text" name="tcs" inputmode="decimal" value="0.5" required/></label>
            <label class="field small"><span>"TDS %"</span>
                <input type="text" name="tds" inputmode="decimal" value="0.1" required/></label>
            <button type="submit" class="button">{td_string!(locale, save_button).to_string()}</button>
        </ActionForm>
    }
}
