//! `/invoice/<sub-order>` (printable GST invoice) and `/dashboard/orders/<sub-order>/slip`
//! (packing slip: what goes in the parcel and where it goes, no prices).
use super::api::{load_invoice, load_packing_slip};
use super::InvoiceView;
use crate::domain::money::{format_inr, format_percent_bp, Paise};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::locale;
use crate::ui::texts::{date_of, sign_in_first, state_name};
use crate::ui::{NotFound, ServerError};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

fn sub_order_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
}

/// The seller's pickup address, then their district in the reader's language.
fn supplier_address(locale: Locale, doc: &InvoiceView) -> String {
    let district = doc.supplier_district.get(locale);
    if doc.supplier_address.is_empty() {
        district.to_string()
    } else {
        format!("{}, {district}", doc.supplier_address)
    }
}

fn print_button(locale: Locale) -> impl IntoView {
    view! { <PrintButton label=td_string!(locale, print_button).to_string()/> }
}

/// "Print": it needs the script, and is hidden without it (`js-only`); the browser's own print
/// menu does the same.
#[island]
fn PrintButton(label: String) -> impl IntoView {
    view! {
        <button type="button" class="button secondary no-print js-only"
            on:click=|_| { #[cfg(feature = "hydrate")] { let _ = leptos::prelude::window().print(); } }>
            {label}
        </button>
    }
}

#[component]
pub fn InvoicePage() -> impl IntoView {
    let locale = locale();
    let id = sub_order_id();
    let data = Resource::new(id, load_invoice);
    view! {
        <Title text=td_string!(locale, invoice_title).to_string()/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(doc) => view! { <Invoice doc/> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, &format!("/invoice/{}", id())),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Invoice(doc: InvoiceView) -> impl IntoView {
    let locale = locale();
    let registered = doc.supplier_gstin.is_some();
    // The seller is in Uttar Pradesh: CGST + SGST inside it, IGST outside.
    let intra = doc.buyer_state == crate::domain::state::UP;
    // Shipping's share of the part's tax: what the lines do not account for.
    let rest = |total: Paise, line: fn(&super::InvoiceLine) -> Paise| {
        Paise(total.0 - doc.lines.iter().map(|l| line(l).0).sum::<i64>())
    };
    let (ship_taxable, ship_cgst, ship_sgst, ship_igst) = (
        rest(doc.taxable, |l| l.taxable),
        rest(doc.cgst, |l| l.cgst),
        rest(doc.sgst, |l| l.sgst),
        rest(doc.igst, |l| l.igst),
    );
    let ship_rate =
        crate::domain::tax::principal_rate(doc.lines.iter().map(|l| (l.total, l.gst_rate_bp)));
    let title = if registered {
        td_string!(locale, invoice_tax_invoice).to_string()
    } else {
        td_string!(locale, invoice_bill_of_supply).to_string()
    };
    view! {
        <article class="invoice" data-testid="invoice">
            <header class="invoice-head">
                <h1>{title}</h1>
                {print_button(locale)}
            </header>
            <div class="invoice-parties">
                <section>
                    <h2>{td_string!(locale, invoice_supplier).to_string()}</h2>
                    <p><strong>{doc.supplier_name.clone()}</strong></p>
                    <p>{supplier_address(locale, &doc)}</p>
                    <p>{match doc.supplier_gstin.clone() {
                        Some(g) => format!("GSTIN: {g}"),
                        None => td_string!(locale, invoice_unregistered).to_string(),
                    }}</p>
                    <p>{td_string!(locale, invoice_state).to_string()}": "{state_name(locale, crate::domain::state::UP)}" (09)"</p>
                </section>
                <section>
                    <h2>{td_string!(locale, invoice_recipient).to_string()}</h2>
                    <p><strong>{doc.buyer_name.clone()}</strong>" · "{doc.buyer_phone.clone()}</p>
                    <p>{doc.buyer_address.clone()}</p>
                    <p>{td_string!(locale, invoice_place_of_supply).to_string()}": "{state_name(locale, &doc.buyer_state)}" ("{doc.buyer_state.clone()}")"</p>
                </section>
                <section>
                    <p>{td_string!(locale, invoice_number).to_string()}": "<strong data-testid="invoice-number">{doc.number.clone().unwrap_or_default()}</strong></p>
                    <p>{td_string!(locale, invoice_date).to_string()}": "{doc.issued_at.map(date_of).unwrap_or_default()}</p>
                    <p>{td_string!(locale, order_label).to_string()}": "{doc.reference.clone()}" · "{date_of(doc.ordered_at)}</p>
                    <p>{td_string!(locale, invoice_reverse_charge).to_string()}</p>
                </section>
            </div>
            <div class="table-scroll">
            <table class="ledger">
                <thead><tr>
                    <th>{td_string!(locale, invoice_item).to_string()}</th>
                    <th>"HSN"</th>
                    <th class="num">{td_string!(locale, quantity_label).to_string()}</th>
                    <th class="num">{td_string!(locale, invoice_unit_price).to_string()}</th>
                    {registered.then(|| view! {
                        <th class="num">{td_string!(locale, invoice_taxable).to_string()}</th>
                        <th class="num">"GST %"</th>
                        {if intra {
                            view! { <th class="num">"CGST"</th><th class="num">"SGST"</th> }.into_any()
                        } else {
                            view! { <th class="num">"IGST"</th> }.into_any()
                        }}
                    })}
                    <th class="num">{td_string!(locale, total_label).to_string()}</th>
                </tr></thead>
                <tbody>
                    {doc.lines.iter().map(|l| view! {
                        <tr>
                            <td>{l.title.get(locale).to_string()}{(!l.option.is_empty()).then(|| format!(" ({})", l.option))}</td>
                            <td>{l.hsn.clone()}</td>
                            <td class="num">{l.quantity}</td>
                            <td class="num">{format_inr(l.unit_price)}</td>
                            {registered.then(|| view! {
                                <td class="num">{format_inr(l.taxable)}</td>
                                <td class="num">{format_percent_bp(l.gst_rate_bp)}</td>
                                {if intra {
                                    view! { <td class="num">{format_inr(l.cgst)}</td><td class="num">{format_inr(l.sgst)}</td> }.into_any()
                                } else {
                                    view! { <td class="num">{format_inr(l.igst)}</td> }.into_any()
                                }}
                            })}
                            <td class="num">{format_inr(l.total)}</td>
                        </tr>
                    }).collect_view()}
                    <tr>
                        <td colspan="4">{td_string!(locale, shipping_label).to_string()}</td>
                        {registered.then(|| view! {
                            <td class="num">{format_inr(ship_taxable)}</td><td class="num">{format_percent_bp(ship_rate)}</td>
                            {if intra {
                                view! { <td class="num">{format_inr(ship_cgst)}</td><td class="num">{format_inr(ship_sgst)}</td> }.into_any()
                            } else {
                                view! { <td class="num">{format_inr(ship_igst)}</td> }.into_any()
                            }}
                        })}
                        <td class="num">{format_inr(doc.shipping)}</td>
                    </tr>
                </tbody>
                <tfoot>
                    {registered.then(|| view! {
                        <tr><th colspan="4">{td_string!(locale, invoice_taxable).to_string()}</th><td class="num" colspan=if intra { "5" } else { "4" }>{format_inr(doc.taxable)}</td></tr>
                        {if intra {
                            view! {
                                <tr><th colspan="4">"CGST"</th><td class="num" colspan="5">{format_inr(doc.cgst)}</td></tr>
                                <tr><th colspan="4">"SGST"</th><td class="num" colspan="5">{format_inr(doc.sgst)}</td></tr>
                            }.into_any()
                        } else {
                            view! { <tr><th colspan="4">"IGST"</th><td class="num" colspan="4">{format_inr(doc.igst)}</td></tr> }.into_any()
                        }}
                    })}
                    <tr><th colspan="4">{td_string!(locale, total_label).to_string()}</th>
                        <td class="num" colspan=if !registered { "1" } else if intra { "5" } else { "4" }><strong data-testid="invoice-total">{format_inr(doc.total)}</strong></td></tr>
                </tfoot>
            </table>
            </div>
            <p class="hint">{td_string!(locale, invoice_computer_generated).to_string()}</p>
        </article>
    }
}

#[component]
pub fn PackingSlipPage() -> impl IntoView {
    let locale = locale();
    let id = sub_order_id();
    let data = Resource::new(id, load_packing_slip);
    view! {
        <Title text=td_string!(locale, packing_slip_title).to_string()/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(doc) => view! {
                        <article class="invoice" data-testid="packing-slip">
                            <header class="invoice-head">
                                <h1>{td_string!(locale, packing_slip_title).to_string()}" — "{doc.reference.clone()}</h1>
                                {print_button(locale)}
                            </header>
                            <div class="invoice-parties">
                                <section>
                                    <h2>{td_string!(locale, delivery_address).to_string()}</h2>
                                    <p class="slip-address"><strong>{doc.buyer_name.clone()}</strong><br/>{doc.buyer_address.clone()}<br/>{state_name(locale, &doc.buyer_state)}<br/>{doc.buyer_phone.clone()}</p>
                                </section>
                                <section>
                                    <h2>{td_string!(locale, invoice_supplier).to_string()}</h2>
                                    <p>{doc.supplier_name.clone()}<br/>{supplier_address(locale, &doc)}</p>
                                    {doc.awb.clone().map(|awb| view! { <p>{doc.courier.clone().unwrap_or_default()}" — AWB "{awb}</p> })}
                                </section>
                            </div>
                            <table class="ledger">
                                <thead><tr><th>"SKU"</th><th>{td_string!(locale, invoice_item).to_string()}</th><th class="num">{td_string!(locale, quantity_label).to_string()}</th></tr></thead>
                                <tbody>
                                    {doc.lines.into_iter().map(|l| view! {
                                        <tr><td>{l.sku}</td><td>{l.title.get(locale).to_string()}{(!l.option.is_empty()).then(|| format!(" ({})", l.option))}</td><td class="num">{l.quantity}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </article>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, &format!("/dashboard/orders/{}/slip", id())),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
