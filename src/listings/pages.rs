//! `/dashboard` (counts, products, quick stock edit) and the product editor
//! (`/dashboard/products/new`, `/dashboard/products/<id>`). The editor is a plain multipart form
//! (its photos travel with it); the stock edit is an `ActionForm`. Both work without JavaScript.
use super::api::{load_dashboard, load_product_editor, SaveProduct, SetStock};
use super::{Dashboard, EditorData, OwnProduct, GST_RATES, LOW_STOCK};
use crate::app::{NotFound, ServerError};
use crate::domain::money::format_inr;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::{messages, url_errors, FormErrors};
use crate::ui::locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// What a refused dashboard shows: sign in, or become a seller first.
fn refused(locale: Locale, e: &AppError) -> AnyView {
    match e {
        AppError::Unauthorized => view! {
            <p><a class="button" href="/sign-in?next=/dashboard">{td_string!(locale, sign_in_title).to_string()}</a></p>
        }
        .into_any(),
        AppError::Forbidden => view! {
            <p data-testid="not-a-seller">{td_string!(locale, dashboard_not_seller).to_string()}</p>
            <p><a class="button" href="/sell">{td_string!(locale, sell_title).to_string()}</a></p>
        }
        .into_any(),
        AppError::NotFound => view! { <NotFound/> }.into_any(),
        _ => view! { <ServerError/> }.into_any(),
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let locale = locale();
    let stock = ServerAction::<SetStock>::new();
    let data = Resource::new(move || stock.version().get(), |_| load_dashboard());
    let errors = Signal::derive(move || messages(stock.value().get()));
    view! {
        <Title text=td_string!(locale, dashboard_title).to_string()/>
        <h1>{td_string!(locale, dashboard_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <DashboardView d stock errors/> }.into_any(),
                    Err(e) => refused(locale, &e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn DashboardView(
    d: Dashboard,
    stock: ServerAction<SetStock>,
    errors: Signal<Vec<String>>,
) -> impl IntoView {
    let locale = locale();
    let c = d.counts.clone();
    let verified = d.seller_status == "verified";
    view! {
        <p>{d.shop_name.clone()}" · "<a href=format!("/seller/{}", d.public_slug)>{td_string!(locale, dashboard_public_page).to_string()}</a></p>
        {(!verified).then(|| view! {
            <p class="notice" data-testid="not-verified">{td_string!(locale, dashboard_not_verified).to_string()}" "<a href="/sell">{td_string!(locale, seller_link).to_string()}</a></p>
        })}
        <ul class="counts" data-testid="counts">
            <li><strong data-testid="count-live">{c.live}</strong>" "{td_string!(locale, count_live).to_string()}</li>
            <li><strong>{c.draft}</strong>" "{td_string!(locale, count_draft).to_string()}</li>
            <li><strong>{c.hidden}</strong>" "{td_string!(locale, count_hidden).to_string()}</li>
            <li><strong data-testid="count-out">{c.out_of_stock}</strong>" "{td_string!(locale, out_of_stock).to_string()}</li>
            <li><strong>{c.low_stock}</strong>" "{td_string!(locale, count_low).to_string()}</li>
        </ul>
        <p><a class="button" href="/dashboard/products/new">{td_string!(locale, new_product).to_string()}</a></p>
        <FormErrors errors/>
        {if d.products.is_empty() {
            view! { <p>{td_string!(locale, seller_no_products).to_string()}</p> }.into_any()
        } else {
            view! {
                <ul class="own-products" data-testid="own-products">
                    {d.products.into_iter().map(|p| view! { <OwnProductRow p stock/> }).collect_view()}
                </ul>
            }
            .into_any()
        }}
    }
}

fn status_name(locale: Locale, status: &str) -> String {
    match status {
        "live" => td_string!(locale, status_live),
        "hidden" => td_string!(locale, status_hidden),
        _ => td_string!(locale, status_draft_product),
    }
    .to_string()
}

#[component]
fn OwnProductRow(p: OwnProduct, stock: ServerAction<SetStock>) -> impl IntoView {
    let locale = locale();
    let title = p.title.get(locale).to_string();
    let low = p.stock <= LOW_STOCK;
    let id = p.id.to_string();
    let stock_id = format!("stock-{}", p.id);
    view! {
        <li class="own-product" class:low=low data-testid="own-product">
            {p.thumb.clone().map(|url| view! { <img src=url width="64" height="64" alt="" loading="lazy"/> })}
            <div>
                <a href=format!("/dashboard/products/{}", p.id)><strong>{title.clone()}</strong></a>
                <p>{format_inr(p.price)}" · "{status_name(locale, &p.status)}</p>
                <ActionForm action=stock attr:class="quick-stock">
                    <input type="hidden" name="product_id" value=id/>
                    <label for=stock_id.clone()>{td_string!(locale, field_stock).to_string()}</label>
                    <input id=stock_id type="number" name="stock" min="0" max="100000" inputmode="numeric" value=p.stock.to_string() aria-label=format!("{} — {title}", td_string!(locale, field_stock))/>
                    <button type="submit" class="button secondary">{td_string!(locale, save_button).to_string()}</button>
                </ActionForm>
            </div>
        </li>
    }
}

#[component]
pub fn ProductEditorPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("id"),
        |id| async move {
            let id = match id.as_deref() {
                None | Some("new") => None,
                Some(s) => match s.parse::<i64>() {
                    Ok(n) => Some(n),
                    Err(_) => return Err(AppError::NotFound),
                },
            };
            load_product_editor(id).await
        },
    );
    view! {
        <Title text=td_string!(locale, product_editor_title).to_string()/>
        <h1>{td_string!(locale, product_editor_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(d) => view! { <ProductEditor d/> }.into_any(),
                    Err(e) => refused(locale, &e),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ProductEditor(d: EditorData) -> impl IntoView {
    let locale = locale();
    let p = d.product;
    let errors = url_errors(SaveProduct::PATH);
    let photos_left = super::MAX_PHOTOS.saturating_sub(p.photos.len());
    view! {
        <FormErrors errors/>
        <form class="product-editor" method="post" action=SaveProduct::PATH enctype="multipart/form-data">
            <input type="hidden" name="id" value=p.id.map(|i| i.to_string()).unwrap_or_default()/>
            <p class="note">{td_string!(locale, title_one_required).to_string()}</p>
            <label class="field"><span>{td_string!(locale, field_title_hi).to_string()}</span>
                <input type="text" name="title_hi" lang="hi" maxlength="120" value=p.title_hi.clone()/></label>
            <label class="field"><span>{td_string!(locale, field_title_en).to_string()}</span>
                <input type="text" name="title_en" lang="en" maxlength="120" value=p.title_en.clone()/></label>
            <label class="field"><span>{td_string!(locale, field_description_hi).to_string()}</span>
                <textarea name="description_hi" lang="hi" rows="4" maxlength="5000">{p.description_hi.clone()}</textarea></label>
            <label class="field"><span>{td_string!(locale, field_description_en).to_string()}</span>
                <textarea name="description_en" lang="en" rows="4" maxlength="5000">{p.description_en.clone()}</textarea></label>
            <label class="field"><span>{td_string!(locale, field_category).to_string()}</span>
                <select name="category" required>
                    {d.categories.iter().map(|c| view! {
                        <option value=c.slug.clone() selected={c.slug == p.category}>{c.name.get(locale).to_string()}</option>
                    }).collect_view()}
                </select></label>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_price).to_string()}</span>
                    <input type="text" name="price" inputmode="decimal" required value=p.price.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_mrp).to_string()}</span>
                    <input type="text" name="mrp" inputmode="decimal" value=p.mrp.clone()/></label>
            </div>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_stock).to_string()}</span>
                    <input type="number" name="stock" min="0" max="100000" required value=p.stock.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_weight).to_string()}</span>
                    <input type="number" name="weight_g" min="1" max="100000" value=p.weight_g.clone()/></label>
            </div>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_hsn).to_string()}</span>
                    <input type="text" name="hsn" inputmode="numeric" maxlength="8" required value=p.hsn.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_gst_rate).to_string()}</span>
                    <select name="gst_rate">
                        {GST_RATES.iter().map(|r| view! {
                            <option value=r.to_string() selected={r.to_string() == p.gst_rate}>{format!("{r} %")}</option>
                        }).collect_view()}
                    </select></label>
            </div>
            <label class="field"><span>{td_string!(locale, field_materials).to_string()}</span>
                <input type="text" name="materials" maxlength="500" value=p.materials.clone()/></label>
            <label class="field"><span>{td_string!(locale, field_care).to_string()}</span>
                <input type="text" name="care" maxlength="500" value=p.care.clone()/></label>
            <label class="field"><span>{td_string!(locale, field_origin).to_string()}</span>
                <input type="text" name="origin" maxlength="60" value=p.origin.clone()/></label>
            <label class="check"><input type="checkbox" name="handmade" value="1" checked=p.handmade/>" "{td_string!(locale, field_handmade).to_string()}</label>
            {d.gi_tag.clone().map(|tag| view! {
                <label class="check"><input type="checkbox" name="gi" value="1" checked=p.gi/>" "{td_string!(locale, field_gi).to_string()}" ("{tag}")"</label>
            })}
            <fieldset>
                <legend>{td_string!(locale, field_photos).to_string()}</legend>
                <div class="photo-strip">
                    {p.photos.iter().map(|ph| view! { <img src=ph.url.clone() width="96" height={(96 * ph.height / ph.width.max(1)).to_string()} alt=""/> }).collect_view()}
                </div>
                {(photos_left > 0).then(|| view! {
                    <label class="field"><span>{td_string!(locale, add_photos).to_string()}</span>
                        <input type="file" name="photos" accept="image/jpeg,image/png,image/webp" multiple/></label>
                    <small>{td_string!(locale, photos_hint).to_string()}</small>
                })}
            </fieldset>
            <label class="field"><span>{td_string!(locale, field_status).to_string()}</span>
                <select name="status">
                    <option value="live" selected={p.status == "live"} disabled={!d.seller_verified}>{td_string!(locale, status_live).to_string()}</option>
                    <option value="draft" selected={p.status == "draft"}>{td_string!(locale, status_draft_product).to_string()}</option>
                    <option value="hidden" selected={p.status == "hidden"}>{td_string!(locale, status_hidden).to_string()}</option>
                    <option value="archived" selected={p.status == "archived"}>{td_string!(locale, status_archived).to_string()}</option>
                </select></label>
            <button type="submit" class="button">{td_string!(locale, save_button).to_string()}</button>
        </form>
    }
}
