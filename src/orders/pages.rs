//! `/checkout`, `/orders` and `/orders/<reference>`. Plain forms and `ActionForm`s: the whole
//! checkout works without JavaScript.
use super::api::{
    load_checkout, load_order, my_orders, seller_orders, AddAddress, CancelSubOrder, PlaceOrder,
    RequestReturn, UpdateSubOrder,
};
use super::{Action, Checkout, OrderStatus, OrderView, PartStatus, PaymentMethod, SellerOrder};
use crate::domain::money::format_inr;
use crate::domain::order::{next_status, Party};
use crate::domain::state::STATES;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::{messages, FieldMessage, FormErrors, FormState, LiveForm};
use crate::ui::locale;
use crate::ui::texts::{
    date_of, method_text, order_status_text, sign_in_first, state_name, status_text,
};
use crate::ui::{NotFound, ServerError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn CheckoutPage() -> impl IntoView {
    let locale = locale();
    let query = use_query_map();
    let data = Resource::new(
        move || {
            query
                .read()
                .get("address_id")
                .and_then(|a| a.parse::<i64>().ok())
        },
        load_checkout,
    );
    view! {
        <Title text=td_string!(locale, checkout_title).to_string()/>
        <h1>{td_string!(locale, checkout_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <CheckoutView c/> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/checkout"),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CheckoutView(c: Checkout) -> impl IntoView {
    let locale = locale();
    let f = FormState::of(AddAddress::PATH);
    let placing = FormState::of(PlaceOrder::PATH);
    let refused = !f.messages().is_empty();
    let typed = f.clone();
    let field = move |name: &'static str,
                      label: String,
                      kind: &'static str,
                      max: &'static str,
                      auto: Option<&'static str>,
                      mode: Option<&'static str>,
                      required: bool| {
        view! {
            <label class="field"><span>{label}</span>
                <input type=kind name=name maxlength=max required=required autocomplete=auto inputmode=mode
                    value=typed.value(name, "") aria-invalid=typed.aria_invalid(name) aria-describedby=typed.described_by(name, None)/>
                <FieldMessage form=typed.clone() name/>
            </label>
        }
    };
    let state = f.value("state", "");
    let chosen = c.address_id;
    let problem = c.problem.clone();
    let can_place = chosen.is_some() && problem.is_none();
    view! {
        <section class="checkout-step" data-testid="addresses">
            <h2>{td_string!(locale, delivery_address).to_string()}</h2>
            {(!c.addresses.is_empty()).then(|| view! {
                <form method="get" action="/checkout" class="address-choice">
                    {c.addresses.iter().map(|a| {
                        let f = &a.form;
                        let text = format!("{}, {}, {} {} — {}", f.name, f.line1, f.city, f.pin, state_name(locale, &f.state));
                        view! {
                            <label class="check"><input type="radio" name="address_id" value=a.id.to_string() checked={Some(a.id) == chosen}/>" "{text}</label>
                        }
                    }).collect_view()}
                    <button type="submit" class="button secondary">{td_string!(locale, use_address).to_string()}</button>
                </form>
            })}
            <details open={c.addresses.is_empty() || refused}>
                <summary>{td_string!(locale, new_address).to_string()}</summary>
                <LiveForm id="address-form">
                <FormErrors errors=f.summary()/>
                <form method="post" action=AddAddress::PATH class="address-form" novalidate>
                    {field("name", td_string!(locale, address_name).to_string(), "text", "80", Some("name"), None, true)}
                    {field("phone", td_string!(locale, address_phone).to_string(), "tel", "16", Some("tel"), Some("tel"), true)}
                    {field("line1", td_string!(locale, address_line1).to_string(), "text", "120", Some("address-line1"), None, true)}
                    {field("line2", td_string!(locale, address_line2).to_string(), "text", "120", Some("address-line2"), None, false)}
                    {field("city", td_string!(locale, address_city).to_string(), "text", "60", Some("address-level2"), None, true)}
                    {field("district", td_string!(locale, address_district).to_string(), "text", "60", None, None, false)}
                    <label class="field"><span>{td_string!(locale, address_state).to_string()}</span>
                        <select name="state" required aria-invalid=f.aria_invalid("state") aria-describedby=f.described_by("state", None)>
                            {STATES.iter().map(|(code, en, hi)| view! {
                                <option value=*code selected={*code == state}>{if locale == Locale::hi { *hi } else { *en }}</option>
                            }).collect_view()}
                        </select>
                        <FieldMessage form=f.clone() name="state"/>
                    </label>
                    {field("pin", td_string!(locale, address_pin).to_string(), "text", "7", Some("postal-code"), Some("numeric"), true)}
                    <button type="submit" class="button">{td_string!(locale, save_address).to_string()}</button>
                </form>
                </LiveForm>
            </details>
        </section>
        <section class="checkout-step" data-testid="summary">
            <h2>{td_string!(locale, order_summary).to_string()}</h2>
            {problem.clone().map(|code| view! {
                <p class="notice error" data-testid="checkout-problem">{crate::ui::forms::error_text(locale, &code)}" "
                    <a href="/cart">{td_string!(locale, cart_title).to_string()}</a></p>
            })}
            <ul class="parts">
                {c.parts.iter().map(|p| {
                    let tax = if p.igst.0 > 0 {
                        format!("IGST {}", format_inr(p.igst))
                    } else {
                        format!("CGST {} + SGST {}", format_inr(p.cgst), format_inr(p.sgst))
                    };
                    view! {
                        <li data-testid="part">
                            <strong>{p.seller.get(locale).to_string()}</strong>": "{format_inr(p.items)}
                            " + "{td_string!(locale, shipping).to_string()}" "{format_inr(p.shipping)}
                            <br/><small>{td_string!(locale, tax_included).to_string()}" "{tax}</small>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="cart-total">{td_string!(locale, cart_total).to_string()}": "<strong data-testid="order-total">{format_inr(c.total)}</strong></p>
        </section>
        {can_place.then(|| view! {
            <section class="checkout-step">
                <h2>{td_string!(locale, payment).to_string()}</h2>
                <FormErrors errors=placing.summary()/>
                <form method="post" action=PlaceOrder::PATH>
                    <input type="hidden" name="address_id" value=chosen.unwrap_or_default().to_string()/>
                    <input type="hidden" name="attempt" value=c.attempt.clone()/>
                    <label class="check"><input type="radio" name="method" value="cod" checked/>" "{td_string!(locale, pay_cod).to_string()}</label>
                    {c.upi.then(|| view! {
                        <label class="check"><input type="radio" name="method" value="upi"/>" "{td_string!(locale, pay_upi).to_string()}</label>
                    })}
                    {c.gateway.map(|sandbox| view! {
                        <label class="check"><input type="radio" name="method" value="gateway"/>" "{td_string!(locale, pay_gateway).to_string()}
                            {sandbox.then(|| view! { " "<span class="badge">{td_string!(locale, sandbox_badge).to_string()}</span> })}</label>
                    })}
                    <button type="submit" class="button" data-testid="place-order">{td_string!(locale, place_order).to_string()}</button>
                </form>
            </section>
        })}
    }
}

#[component]
pub fn OrdersPage() -> impl IntoView {
    let locale = locale();
    let data = Resource::new(|| (), |_| my_orders());
    view! {
        <Title text=td_string!(locale, orders_title).to_string()/>
        <h1>{td_string!(locale, orders_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p>{td_string!(locale, no_orders).to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="orders" data-testid="orders">
                            {list.into_iter().map(|o| view! {
                                <li><a href=format!("/orders/{}", o.reference)>{o.reference.clone()}</a>" · "{date_of(o.created_at)}" · "
                                    {format_inr(o.total)}" · "{order_status_text(locale, o.status)}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/orders"),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn OrderPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("reference").unwrap_or_default(),
        load_order,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => view! { <OrderDetail o/> }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/orders"),
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn OrderDetail(o: OrderView) -> impl IntoView {
    let locale = locale();
    let cancel = ServerAction::<CancelSubOrder>::new();
    let give_back = ServerAction::<RequestReturn>::new();
    let errors = Signal::derive(move || {
        let mut all = messages(cancel.value().get());
        all.extend(messages(give_back.value().get()));
        all
    });
    let cancelled = move || cancel.value().get().is_some_and(|r| r.is_ok());
    let returned = move || give_back.value().get().is_some_and(|r| r.is_ok());
    let query = use_query_map();
    let payment_note = move || {
        match query.read().get("payment").as_deref() {
            Some("ok") => Some(td_string!(locale, payment_received)),
            Some("failed") => Some(td_string!(locale, payment_failed)),
            Some("late") => Some(td_string!(locale, payment_late)),
            _ => None,
        }
        .map(|t| view! { <p class="notice" role="status" data-testid="payment-note">{t.to_string()}</p> })
    };
    view! {
        <FormErrors errors/>
        <Show when=cancelled>
            <p class="notice" role="status" data-testid="cancelled">{td_string!(locale, order_cancelled).to_string()}</p>
        </Show>
        <Show when=returned>
            <p class="notice" role="status" data-testid="return-asked">{td_string!(locale, order_return_requested).to_string()}</p>
        </Show>
        {payment_note}
        <Title text=format!("{} {}", td_string!(locale, order_title), o.reference)/>
        <h1>{td_string!(locale, order_title).to_string()}" "<span data-testid="order-reference">{o.reference.clone()}</span></h1>
        <p data-testid="order-status">{order_status_text(locale, o.status)}" · "{method_text(locale, o.payment_method)}</p>
        // A gateway order awaiting payment: the buyer may pay it online now.
        {(o.payment_method == PaymentMethod::Gateway && o.status == OrderStatus::AwaitingPayment).then(|| view! {
            <section class="upi-pay">
                // A plain link to a server route (not a page of this app): `rel=external` makes
                // the hydrated router leave it to the browser.
                <p><a class="button" rel="external" data-testid="pay-online" href=format!("/orders/{}/pay", o.reference)>
                    {td_string!(locale, pay_online_now).to_string()}" "{format_inr(o.due)}</a></p>
                <p class="note">{td_string!(locale, pay_online_note).to_string()}</p>
            </section>
        })}
        {o.upi.clone().map(|upi| {
            let total = format_inr(o.due);
            view! {
                <section class="upi-pay" data-testid="upi-pay">
                    <h2>{td_string!(locale, upi_title).to_string()}</h2>
                    <p>{td!(locale, upi_instructions, amount = move || total.clone())}</p>
                    // Drawn on the server from the payment link alone: no user text inside.
                    <div class="upi-qr" data-testid="upi-qr" inner_html=upi.qr_svg></div>
                    <p><a class="button" href=upi.link>{td_string!(locale, open_upi_app).to_string()}</a></p>
                    <p class="note">"UPI: "{upi.vpa}" · "{o.reference.clone()}</p>
                </section>
            }
        })}
        <p>{td_string!(locale, delivery_address).to_string()}": "{o.ship_to.clone()}", "{state_name(locale, &o.ship_state)}</p>
        {o.parts.into_iter().map(|p| view! {
            <section class="sub-order" data-testid="sub-order">
                <h2>{p.seller.get(locale).to_string()}" — "{status_text(locale, p.status)}</h2>
                <ul>
                    {p.lines.into_iter().map(|l| {
                        let reviewable = matches!(p.status, PartStatus::Delivered | PartStatus::ReturnRequested | PartStatus::ReturnRejected);
                        view! {
                            <li>{l.title.get(locale).to_string()}{(!l.option.is_empty()).then(|| format!(" ({})", l.option))}
                                " — "{format_inr(l.unit_price)}" × "{l.quantity}" = "{format_inr(l.total)}
                                {reviewable.then(|| view! {
                                    " · "<a href=format!("/product/{}/review", l.product) data-testid="review-link">{td_string!(locale, review_write).to_string()}</a>
                                })}</li>
                        }
                    }).collect_view()}
                </ul>
                <p>{td_string!(locale, shipping).to_string()}" "{format_inr(p.shipping)}</p>
                {p.awb.clone().map(|awb| view! { <p data-testid="awb">{p.courier.clone().unwrap_or_default()}" — AWB "{awb}</p> })}
                {next_status(p.status, Action::Cancel, Party::Buyer).is_some().then(|| view! {
                    <ActionForm action=cancel attr:novalidate=true>
                        <input type="hidden" name="sub_order_id" value=p.id.to_string()/>
                        <button type="submit" class="button secondary">{td_string!(locale, cancel_order).to_string()}</button>
                    </ActionForm>
                })}
                {p.invoice.clone().map(|number| view! {
                    <p><a href=format!("/invoice/{}", p.id) data-testid="invoice-link">{td_string!(locale, invoice_title).to_string()}" "{number}</a></p>
                })}
                {p.return_until.map(|until| {
                    let reason_id = format!("return-{}", p.id);
                    view! {
                        <ActionForm action=give_back attr:novalidate=true attr:class="cancel-form">
                            <input type="hidden" name="sub_order_id" value=p.id.to_string()/>
                            <label for=reason_id.clone()>{td_string!(locale, return_reason).to_string()}" ("{td_string!(locale, return_until).to_string()}" "{date_of(until)}")"</label>
                            <input id=reason_id type="text" name="reason" required minlength="5" maxlength="300"/>
                            <button type="submit" class="button secondary">{td_string!(locale, return_ask).to_string()}</button>
                        </ActionForm>
                    }
                })}
                <ol class="timeline" data-testid="timeline">
                    {p.timeline.into_iter().map(|e| view! {
                        <li>{date_of(e.at)}" — "{status_text(locale, e.status)}{(!e.note.is_empty()).then(|| format!(": {}", e.note))}</li>
                    }).collect_view()}
                </ol>
            </section>
        }).collect_view()}
        <p class="cart-total">{td_string!(locale, cart_total).to_string()}": "<strong>{format_inr(o.total)}</strong></p>
        <p><a href="/orders">{td_string!(locale, orders_title).to_string()}</a></p>
    }
}

/// `/dashboard/orders`: the seller's incoming orders, filtered by status, with the next step of
/// each (accept, pack, ship with courier and AWB, deliver, cancel with a reason).
#[component]
pub fn SellerOrdersPage() -> impl IntoView {
    let locale = locale();
    let query = use_query_map();
    let update = ServerAction::<UpdateSubOrder>::new();
    let data = Resource::new(
        move || (query.read().get("status"), update.version().get()),
        |(status, _)| seller_orders(status),
    );
    let errors = Signal::derive(move || messages(update.value().get()));
    view! {
        <Title text=td_string!(locale, seller_orders_title).to_string()/>
        <h1>{td_string!(locale, seller_orders_title).to_string()}</h1>
        <p><a href="/dashboard">{td_string!(locale, dashboard_title).to_string()}</a></p>
        <form method="get" action="/dashboard/orders" class="order-filter">
            <label class="field small"><span>{td_string!(locale, order_filter).to_string()}</span>
                <select name="status">
                    <option value="">{td_string!(locale, order_filter_all).to_string()}</option>
                    {[PartStatus::Placed, PartStatus::Accepted, PartStatus::Packed, PartStatus::Shipped, PartStatus::Delivered, PartStatus::ReturnRequested, PartStatus::Cancelled].into_iter().map(|s| view! {
                        <option value=s.as_str() selected=move || query.read().get("status").as_deref() == Some(s.as_str())>{status_text(locale, s)}</option>
                    }).collect_view()}
                </select></label>
            <button type="submit" class="button secondary">{td_string!(locale, show_button).to_string()}</button>
        </form>
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p>{td_string!(locale, no_orders).to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="queue" data-testid="seller-orders">
                            {list.into_iter().map(|o| view! { <SellerOrderItem o update/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/dashboard/orders"),
                    Err(AppError::Forbidden) => view! { <p>{td_string!(locale, dashboard_not_seller).to_string()}</p> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SellerOrderItem(o: SellerOrder, update: ServerAction<UpdateSubOrder>) -> impl IntoView {
    let locale = locale();
    let id = o.id.to_string();
    let (ship_id, cancel_id) = (id.clone(), id.clone());
    let step = |action: Action, label: String| {
        let id = id.clone();
        view! {
            <ActionForm action=update attr:novalidate=true attr:class="inline">
                <input type="hidden" name="sub_order_id" value=id/>
                <input type="hidden" name="action" value=action.as_str()/>
                <button type="submit" class="button">{label}</button>
            </ActionForm>
        }
    };
    let (courier_id, awb_id, reason_id) = (
        format!("courier-{}", o.id),
        format!("awb-{}", o.id),
        format!("reason-{}", o.id),
    );
    let status = o.status;
    // What the seller may do now comes from the state machine (`domain::order::next_status`).
    let can = move |action: Action| next_status(status, action, Party::Seller).is_some();
    view! {
        <li class="queue-item" data-testid="seller-order">
            <h2>{o.reference.clone()}" — "<span data-testid="sub-status">{status_text(locale, o.status)}</span></h2>
            <p>{date_of(o.created_at)}" · "{format_inr(o.items)}" + "{format_inr(o.shipping)}" · "{method_text(locale, o.payment_method)}</p>
            <ul>
                {o.lines.into_iter().map(|l| view! {
                    <li>{l.quantity}" × "{l.title.get(locale).to_string()}{(!l.option.is_empty()).then(|| format!(" ({})", l.option))}</li>
                }).collect_view()}
            </ul>
            <p><strong>{td_string!(locale, delivery_address).to_string()}": "</strong>{o.ship_to.clone()}</p>
            {o.awb.clone().map(|awb| view! { <p>{o.courier.clone().unwrap_or_default()}" — AWB "{awb}</p> })}
            {o.return_reason.clone().filter(|_| matches!(status, PartStatus::ReturnRequested | PartStatus::ReturnRejected | PartStatus::Returned)).map(|r| view! {
                <p><strong>{td_string!(locale, return_reason).to_string()}": "</strong>{r}</p>
            })}
            <p class="links">
                {(status != PartStatus::Cancelled).then(|| view! {
                    <a href=format!("/dashboard/orders/{}/slip", o.id) data-testid="slip-link">{td_string!(locale, packing_slip_title).to_string()}</a>
                })}
                {matches!(status, PartStatus::Shipped | PartStatus::Delivered | PartStatus::ReturnRequested | PartStatus::ReturnRejected | PartStatus::Returned | PartStatus::Refunded).then(|| view! {
                    " · "<a href=format!("/invoice/{}", o.id)>{td_string!(locale, invoice_title).to_string()}</a>
                })}
            </p>
            {can(Action::ApproveReturn).then(|| step(Action::ApproveReturn, td_string!(locale, return_approve).to_string()))}
            {can(Action::RejectReturn).then(|| {
                let reject_id = format!("reject-{}", o.id);
                view! {
                    <ActionForm action=update attr:novalidate=true attr:class="cancel-form">
                        <input type="hidden" name="sub_order_id" value=o.id.to_string()/>
                        <input type="hidden" name="action" value=Action::RejectReturn.as_str()/>
                        <label for=reject_id.clone()>{td_string!(locale, cancel_reason).to_string()}</label>
                        <input id=reject_id type="text" name="reason" required minlength="5" maxlength="300"/>
                        <button type="submit" class="button secondary">{td_string!(locale, return_reject).to_string()}</button>
                    </ActionForm>
                }
            })}
            {can(Action::Accept).then(|| step(Action::Accept, td_string!(locale, accept_order).to_string()))}
            {can(Action::Pack).then(|| step(Action::Pack, td_string!(locale, pack_order).to_string()))}
            {can(Action::Deliver).then(|| step(Action::Deliver, td_string!(locale, deliver_order).to_string()))}
            {can(Action::Ship).then(|| view! {
                <ActionForm action=update attr:novalidate=true attr:class="ship-form">
                    <input type="hidden" name="sub_order_id" value=ship_id/>
                    <input type="hidden" name="action" value=Action::Ship.as_str()/>
                    <label for=courier_id.clone()>{td_string!(locale, courier).to_string()}</label>
                    <input id=courier_id type="text" name="courier" required maxlength="60"/>
                    <label for=awb_id.clone()>{td_string!(locale, awb).to_string()}</label>
                    <input id=awb_id type="text" name="awb" required maxlength="40"/>
                    <button type="submit" class="button">{td_string!(locale, ship_order).to_string()}</button>
                </ActionForm>
            })}
            {can(Action::Cancel).then(|| view! {
                <ActionForm action=update attr:novalidate=true attr:class="cancel-form">
                    <input type="hidden" name="sub_order_id" value=cancel_id/>
                    <input type="hidden" name="action" value=Action::Cancel.as_str()/>
                    <label for=reason_id.clone()>{td_string!(locale, cancel_reason).to_string()}</label>
                    <input id=reason_id type="text" name="reason" required minlength="5" maxlength="300"/>
                    <button type="submit" class="button secondary">{td_string!(locale, cancel_order).to_string()}</button>
                </ActionForm>
            })}
        </li>
    }
}

/// UPI orders waiting for their money (on `/admin/payments`); the ODOP cell records each payment
/// seen on the bank statement with its UTR (audited).
#[component]
pub fn UpiQueue() -> impl IntoView {
    let locale = locale();
    let confirm = ServerAction::<super::api::ConfirmUpiPayment>::new();
    let data = Resource::new(
        move || confirm.version().get(),
        |_| super::api::awaiting_payments(),
    );
    let errors = Signal::derive(move || messages(confirm.value().get()));
    view! {
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p>{td_string!(locale, no_awaiting).to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="queue" data-testid="awaiting">
                            {list.into_iter().map(|(reference, total, at)| {
                                let utr_id = format!("utr-{reference}");
                                view! {
                                    <li class="queue-item">
                                        <strong>{reference.clone()}</strong>" · "{format_inr(total)}" · "{date_of(at)}
                                        <ActionForm action=confirm attr:novalidate=true>
                                            <input type="hidden" name="reference" value=reference/>
                                            <label for=utr_id.clone()>{td_string!(locale, utr_label).to_string()}</label>
                                            <input id=utr_id type="text" name="utr" required minlength="6" maxlength="35"/>
                                            <button type="submit" class="button">{td_string!(locale, confirm_payment).to_string()}</button>
                                        </ActionForm>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/admin/payments"),
                    Err(AppError::Forbidden) => view! {
                        <p>{td_string!(locale, err_forbidden).to_string()}</p>
                        <p><a href="/admin">{td_string!(locale, admin_title).to_string()}</a></p>
                    }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
