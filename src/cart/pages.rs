//! `/cart`, the product page's "add to cart" form and the header's cart badge. Every form is an
//! `ActionForm`: with JavaScript the page stays and the badge follows; without, the browser posts
//! the form and lands on the cart.
use super::api::{cart_count, load_cart, AddToCart, RemoveFromCart, SetCartQuantity};
use super::{CartLine, CartView, LineProblem};
use crate::catalog::ProductOption;
use crate::domain::money::format_inr;
use crate::i18n::*;
use crate::ui::forms::{messages, FormErrors};
use crate::ui::locale;
use leptos::prelude::*;
use leptos_meta::Title;

/// Bumped by every cart action: the badge (and the cart page) load again.
#[derive(Clone, Copy)]
pub struct CartChanged(pub RwSignal<u32>);

/// Makes the signal the cart's forms and the badge share.
pub fn provide_cart_changed() {
    provide_context(CartChanged(RwSignal::new(0)));
}

fn cart_changed() -> RwSignal<u32> {
    use_context::<CartChanged>()
        .map(|c| c.0)
        .unwrap_or_else(|| RwSignal::new(0))
}

/// Bumps the shared signal each time `version` moves (an action finished).
fn follow(version: RwSignal<usize>) {
    let changed = cart_changed();
    Effect::new(move |_| {
        if version.get() > 0 {
            changed.update(|n| *n += 1);
        }
    });
}

/// The header's link to the cart with the number of pieces in it.
#[component]
pub fn CartBadge() -> impl IntoView {
    let locale = locale();
    let changed = cart_changed();
    let count = Resource::new(move || changed.get(), |_| cart_count());
    view! {
        <a href="/cart" class="cart-link" data-testid="cart-link">
            {td_string!(locale, nav_cart).to_string()}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let n = count.await.unwrap_or(0);
                    (n > 0).then(|| view! { " " <span class="badge cart-count" data-testid="cart-count">{n}</span> })
                })}
            </Suspense>
        </a>
    }
}

/// "Add to cart" on the product page: an option to choose when there are options, a quantity.
#[component]
pub fn AddToCartForm(product_id: i64, options: Vec<ProductOption>, stock: i64) -> impl IntoView {
    let locale = locale();
    let add = ServerAction::<AddToCart>::new();
    follow(add.version());
    let errors = Signal::derive(move || messages(add.value().get()));
    let added = move || add.value().get().is_some_and(|r| r.is_ok());
    let buyable = if options.is_empty() {
        stock > 0
    } else {
        options.iter().any(|o| o.stock > 0)
    };
    view! {
        <ActionForm action=add attr:class="add-to-cart">
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
            <label class="field small"><span>{td_string!(locale, quantity).to_string()}</span>
                <input type="number" name="quantity" min="1" max="99" value="1" inputmode="numeric"/></label>
            <button type="submit" class="button" disabled=!buyable>{td_string!(locale, add_to_cart).to_string()}</button>
            <FormErrors errors/>
            <Show when=added>
                <p class="notice" role="status" data-testid="added">{td_string!(locale, cart_added).to_string()}" "
                    <a href="/cart">{td_string!(locale, cart_title).to_string()}</a></p>
            </Show>
        </ActionForm>
    }
}

#[component]
pub fn CartPage() -> impl IntoView {
    let locale = locale();
    let set = ServerAction::<SetCartQuantity>::new();
    let remove = ServerAction::<RemoveFromCart>::new();
    follow(set.version());
    follow(remove.version());
    let changed = cart_changed();
    let data = Resource::new(move || changed.get(), |_| load_cart());
    let errors = Signal::derive(move || {
        let mut list = messages(set.value().get());
        list.extend(messages(remove.value().get()));
        list
    });
    view! {
        <Title text=td_string!(locale, cart_title).to_string()/>
        <h1>{td_string!(locale, cart_title).to_string()}</h1>
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(cart) => view! { <CartContents cart set remove/> }.into_any(),
                    Err(_) => view! { <crate::app::ServerError/> }.into_any(),
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
                <ActionForm action=set attr:class="quick-stock">
                    <input type="hidden" name="product_id" value=pid/>
                    <input type="hidden" name="variant_id" value=vid/>
                    <label for=qty_id.clone()>{td_string!(locale, quantity).to_string()}</label>
                    <input id=qty_id type="number" name="quantity" min="0" max="99" inputmode="numeric" value=line.quantity.to_string()
                        aria-label=format!("{} — {title}", td_string!(locale, quantity))/>
                    <button type="submit" class="button secondary">{td_string!(locale, update_button).to_string()}</button>
                </ActionForm>
                <ActionForm action=remove>
                    <input type="hidden" name="product_id" value=pid2/>
                    <input type="hidden" name="variant_id" value=vid2/>
                    <button type="submit" class="button secondary">{td_string!(locale, remove_button).to_string()}</button>
                </ActionForm>
            </div>
        </li>
    }
}
