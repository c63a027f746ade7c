//! `/cart`, the "add to cart" forms and the header's cart badge.
//!
//! Server-rendered forms that post plainly (without JavaScript the browser lands on the cart).
//! Two islands make the cart live: "add to cart" (product page and product cards) and the
//! badge's number. They are separate islands, so they share the count through a small client
//! store ([`live_count`]) rather than a context, which islands cannot see.
use super::api::{load_cart, AddToCart, RemoveFromCart, SetCartQuantity};
use super::{CartLine, CartView, LineProblem};
use crate::domain::money::format_inr;
use crate::domain::product::ProductOption;
use crate::i18n::*;
use crate::ui::forms::{messages, FormErrors, FormState};
use crate::ui::locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::{Meta, Title};

/// The pieces in the cart as this browser tab last heard from the server: set by every "add to
/// cart", read by the badge. `None` until then (the badge shows the server's count).
#[cfg(feature = "hydrate")]
fn store() -> ArcRwSignal<Option<i64>> {
    thread_local! {
        static COUNT: ArcRwSignal<Option<i64>> = ArcRwSignal::new(None);
    }
    COUNT.with(Clone::clone)
}

/// The count the client store holds (never anything on the server).
fn live_count() -> Option<i64> {
    #[cfg(feature = "hydrate")]
    {
        store().get()
    }
    #[cfg(not(feature = "hydrate"))]
    None
}

/// The header's link to the cart with the number of pieces in it (read once per page).
#[component]
pub fn CartBadge() -> impl IntoView {
    let locale = locale();
    let count = Resource::new(|| (), |_| super::api::cart_count());
    view! {
        <a href="/cart" class="cart-link" data-testid="cart-link">
            {td_string!(locale, nav_cart).to_string()}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let count = count.await.unwrap_or(0);
                    view! { <CartCount count/> }
                })}
            </Suspense>
        </a>
    }
}

/// The badge's number: the server's count, then whatever "add to cart" reports (hidden while
/// the cart is empty).
#[island]
fn CartCount(count: i64) -> impl IntoView {
    let shown = move || live_count().unwrap_or(count);
    view! {
        <span class="badge cart-count" data-testid="cart-count" hidden=move || shown() == 0>{shown}</span>
    }
}

/// What "add to cart" last did, with JavaScript.
#[derive(Clone, PartialEq)]
enum Added {
    Not,
    #[cfg_attr(
        not(feature = "hydrate"),
        expect(
            dead_code,
            reason = "only the browser sends the form in the background"
        )
    )]
    Yes,
    Refused(Vec<String>),
}

/// "Add to cart": on the product page with an option to choose and a quantity; on a product
/// card (`title` set) one piece, for a product without options. With JavaScript the form is
/// sent in the background, the page stays and the badge follows; without, the browser posts it
/// and lands on the cart (or back here with the reason).
#[island]
pub fn AddToCartForm(
    product_id: i64,
    options: Vec<ProductOption>,
    stock: i64,
    /// The product's title, on a card: the button then says what it adds.
    #[prop(optional)]
    title: Option<String>,
    /// Why the last plain post of this form was refused (see [`refused_adding`]).
    #[prop(optional)]
    refused: Option<Vec<String>>,
) -> impl IntoView {
    let locale = locale();
    let refused = refused.unwrap_or_default();
    let state = RwSignal::new(if refused.is_empty() {
        Added::Not
    } else {
        Added::Refused(refused)
    });
    let send = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
            else {
                return;
            };
            ev.prevent_default();
            leptos::task::spawn_local(async move {
                let result = crate::ui::live::post_form(&form).await;
                state.set(match result {
                    Ok(body) => {
                        if let Ok(n) = body.trim().parse::<i64>() {
                            store().set(Some(n));
                        }
                        Added::Yes
                    }
                    Err(body) => Added::Refused(refusal(locale, &body)),
                });
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, state);
    };
    let buyable = if options.is_empty() {
        stock > 0
    } else {
        options.iter().any(|o| o.stock > 0)
    };
    let on_card = title.is_some();
    let action = <AddToCart as ServerFn>::PATH;
    view! {
        <form method="post" action=action novalidate on:submit=send
            class=if on_card { "add-to-cart compact" } else { "add-to-cart" }>
            <input type="hidden" name="product_id" value=product_id.to_string()/>
            {(!options.is_empty()).then(|| view! {
                <label class="field"><span>{td_string!(locale, pick_option).to_string()}</span>
                    <select name="variant_id" required>
                        {options.iter().map(|o| view! {
                            <option value=o.id.to_string() disabled={o.stock == 0}>
                                {format!("{} — {}", o.label, format_inr(o.price))}
                                {(o.stock == 0).then(|| format!(" ({})", td_string!(locale, out_of_stock)))}
                            </option>
                        }).collect_view()}
                    </select></label>
            })}
            {(!on_card).then(|| view! {
                <label class="field small"><span>{td_string!(locale, quantity).to_string()}</span>
                    <input type="number" name="quantity" min="1" max="99" value="1" inputmode="numeric"/></label>
            })}
            // On a list, the button's name says which product it adds (beside the others).
            <button type="submit" class=if on_card { "button secondary" } else { "button" } disabled=!buyable
                aria-label=title.map(|t| format!("{}: {t}", td_string!(locale, add_to_cart)))>
                {td_string!(locale, add_to_cart).to_string()}
            </button>
            <div class="add-to-cart-result" aria-live="polite">
                {move || match state.get() {
                    Added::Not => None,
                    Added::Yes => Some(view! {
                        <p class="notice" role="status" data-testid="added">{td_string!(locale, cart_added).to_string()}" "
                            <a href="/cart">{td_string!(locale, cart_title).to_string()}</a></p>
                    }.into_any()),
                    Added::Refused(list) => Some(view! {
                        <div class="form-errors" role="alert" data-testid="form-errors">
                            <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                        </div>
                    }.into_any()),
                }}
            </div>
        </form>
    }
}

/// Why a plain post of "add to cart" was refused, when the server sent the reader back here
/// (server side: it reads the URL, which islands cannot).
pub fn refused_adding() -> Vec<String> {
    FormState::of(<AddToCart as ServerFn>::PATH).messages()
}

/// The sentences for a refused "add to cart", from the server's JSON error.
#[cfg(feature = "hydrate")]
fn refusal(locale: Locale, body: &str) -> Vec<String> {
    use crate::error::AppError;
    use crate::ui::forms::cart_error_text;
    let error = serde_json::from_str::<AppError>(body).unwrap_or(AppError::Internal);
    let generic = || td_string!(locale, err_generic).to_string();
    match error {
        AppError::Validation(fields) => fields
            .iter()
            .map(|f| cart_error_text(locale, &f.code).map_or_else(generic, str::to_string))
            .collect(),
        AppError::TooManyRequests(_) => vec![td_string!(locale, err_rate_limited).to_string()],
        _ => vec![generic()],
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let locale = locale();
    let set = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    let data = Resource::new(|| (), |_| load_cart());
    let errors = Signal::derive(move || {
        let mut list = messages(set.value().get());
        list.extend(messages(remove.value().get()));
        list
    });
    view! {
        <Title text=td_string!(locale, cart_title).to_string()/>
        <Meta name="description" content=td_string!(locale, tagline).to_string()/>
        <h1>{td_string!(locale, cart_title).to_string()}</h1>
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(cart) => view! { <CartContents cart set remove/> }.into_any(),
                    Err(_) => view! { <crate::ui::ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn CartContents(
    cart: CartView,
    set: ServerAction<SetCartQuantity>,
    remove: ServerAction<RemoveFromCart>,
) -> impl IntoView {
    let locale = locale();
    if cart.lines.is_empty() {
        return view! {
            <p data-testid="cart-empty">{td_string!(locale, cart_empty).to_string()}</p>
            <p><a class="button" href="/products">{td_string!(locale, nav_products).to_string()}</a></p>
        }
        .into_any();
    }
    let total = cart.total();
    let ready = cart.can_check_out();
    view! {
        <ul class="cart-lines" data-testid="cart-lines">
            {cart.lines.into_iter().map(|line| view! { <CartRow line set remove/> }).collect_view()}
        </ul>
        <p class="cart-total">{td_string!(locale, cart_total).to_string()}": "<strong data-testid="cart-total">{format_inr(total)}</strong></p>
        {if ready {
            view! { <p><a class="button" href="/checkout" data-testid="checkout">{td_string!(locale, checkout_button).to_string()}</a></p> }.into_any()
        } else {
            view! { <p class="notice" data-testid="fix-first">{td_string!(locale, cart_fix_first).to_string()}</p> }.into_any()
        }}
    }
    .into_any()
}

#[component]
fn CartRow(
    line: CartLine,
    set: ServerAction<SetCartQuantity>,
    remove: ServerAction<RemoveFromCart>,
) -> impl IntoView {
    let locale = locale();
    let title = line.title.get(locale).to_string();
    let problem = line.problem();
    let qty_id = format!("qty-{}-{}", line.product_id, line.variant_id);
    let (pid, vid) = (line.product_id.to_string(), line.variant_id.to_string());
    let (pid2, vid2) = (pid.clone(), vid.clone());
    let was = format_inr(line.added_price);
    view! {
        <li class="cart-line" class:problem=problem.is_some() data-testid="cart-line">
            {line.thumb.clone().map(|url| view! { <img src=url width="64" height="64" alt="" loading="lazy"/> })}
            <div>
                <a href=format!("/product/{}", line.slug)><strong>{title.clone()}</strong></a>
                {(!line.option.is_empty()).then(|| view! { <span class="option">" · "{line.option.clone()}</span> })}
                <p class="note">{td_string!(locale, sold_by).to_string()}" "{line.seller.get(locale).to_string()}</p>
                <p>{format_inr(line.unit_price)}" × "{line.quantity}" = "<strong>{format_inr(line.total())}</strong></p>
                {line.price_changed().then(|| view! {
                    <p class="notice" data-testid="price-changed">{td!(locale, cart_price_was, price = move || was.clone())}</p>
                })}
                {problem.map(|p| view! {
                    <p class="notice error" data-testid="line-problem">{match p {
                        LineProblem::Gone => td_string!(locale, cart_gone).to_string().into_any(),
                        LineProblem::OutOfStock => td_string!(locale, out_of_stock).to_string().into_any(),
                        LineProblem::OnlyLeft(n) => td!(locale, low_stock, count = move || n).into_any(),
                    }}</p>
                })}
                <ActionForm action=set attr:novalidate=true attr:class="quick-stock">
                    <input type="hidden" name="product_id" value=pid/>
                    <input type="hidden" name="variant_id" value=vid/>
                    <label for=qty_id.clone()>{td_string!(locale, quantity).to_string()}</label>
                    <input id=qty_id type="number" name="quantity" min="0" max="99" inputmode="numeric" value=line.quantity.to_string()
                        aria-label=format!("{} — {title}", td_string!(locale, quantity))/>
                    <button type="submit" class="button secondary">{td_string!(locale, update_button).to_string()}</button>
                </ActionForm>
                <ActionForm action=remove attr:novalidate=true>
                    <input type="hidden" name="product_id" value=pid2/>
                    <input type="hidden" name="variant_id" value=vid2/>
                    <button type="submit" class="button secondary">{td_string!(locale, remove_button).to_string()}</button>
                </ActionForm>
            </div>
        </li>
    }
}
