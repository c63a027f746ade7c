//! `/dashboard` (counts, products, quick stock edit) and the product editor
//! (`/dashboard/products/new`, `/dashboard/products/<id>`). The editor is a plain multipart form
//! (its photos travel with it); the stock edit is an `ActionForm`. Both work without JavaScript.
use super::api::{
    load_dashboard, load_import_report, load_moderation, load_product_editor, ApproveProduct,
    ImportProducts, RefuseProduct, SaveProduct, SetModeration, SetStock,
};
use super::{
    photo_field, variant_field, Dashboard, EditorData, ImportReport, OwnProduct, PendingProduct,
    ProductForm, VariantForm, BLANK_VARIANT_ROWS, GST_RATES, LOW_STOCK,
};
use crate::domain::money::format_inr;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::{messages, url_errors, FormErrors, FormState};
use crate::ui::locale;
use crate::ui::{NotFound, ServerError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

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
    let to_send = c.to_send;
    let verified = d.seller_status == crate::domain::seller::SellerStatus::Verified;
    let query = use_query_map();
    let (saved, pending) =
        query.with_untracked(|q| (q.get("saved").is_some(), q.get("pending").is_some()));
    view! {
        {saved.then(|| view! {
            <p class="notice" role="status" data-testid="saved">{if pending {
                td_string!(locale, saved_pending_notice)
            } else {
                td_string!(locale, saved_notice)
            }.to_string()}</p>
        })}
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
            <li><strong data-testid="count-pending">{c.pending}</strong>" "{td_string!(locale, count_pending).to_string()}</li>
        </ul>
        {(!d.recent_orders.is_empty()).then(|| view! {
            <section class="recent-orders" data-testid="recent-orders">
                <h2>{td_string!(locale, recent_orders).to_string()}" "
                    <span class="badge" data-testid="to-send">{td!(locale, orders_to_send, count = move || to_send)}</span></h2>
                <ul>
                    {d.recent_orders.iter().map(|o| view! {
                        <li><a href=format!("/dashboard/orders?status={}", o.status)>{o.reference.clone()}</a>
                            " · "{format_inr(o.items)}" · "{crate::ui::texts::status_text(locale, o.status)}</li>
                    }).collect_view()}
                </ul>
            </section>
        })}
        <p class="actions">
            <a class="button" href="/dashboard/products/new">{td_string!(locale, new_product).to_string()}</a>
            " "<a class="button secondary" href="/dashboard/orders">{td_string!(locale, dashboard_orders).to_string()}</a>
            " "<a class="button secondary" href="/dashboard/import">{td_string!(locale, bulk_title).to_string()}</a>
            " "<a class="button secondary" href="/dashboard/payouts">{td_string!(locale, payouts_title).to_string()}</a>
            " "<a class="button secondary" href="/dashboard/reviews">{td_string!(locale, reviews_title).to_string()}</a>
        </p>
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
                {match p.moderation.as_deref() {
                    Some("pending") => Some(view! { <p class="note" data-testid="pending">{td_string!(locale, moderation_pending_note).to_string()}</p> }.into_any()),
                    Some("refused") => Some(view! { <p class="notice error">{td_string!(locale, moderation_refused_note).to_string()}" "{p.moderation_note.clone()}</p> }.into_any()),
                    _ => None,
                }}
                {if p.variants > 0 {
                    view! {
                        <p><a href=format!("/dashboard/products/{}", p.id)>{td_string!(locale, stock_in_options).to_string()}</a>": "{p.stock}</p>
                    }.into_any()
                } else {
                    view! {
                        <ActionForm action=stock attr:novalidate=true attr:class="quick-stock">
                            <input type="hidden" name="product_id" value=id/>
                            <label for=stock_id.clone()>{td_string!(locale, field_stock).to_string()}</label>
                            <input id=stock_id type="number" name="stock" min="0" max="100000" inputmode="numeric" value=p.stock.to_string() aria-label=format!("{} — {title}", td_string!(locale, field_stock))/>
                            <button type="submit" class="button secondary">{td_string!(locale, save_button).to_string()}</button>
                        </ActionForm>
                    }.into_any()
                }}
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
    let f = FormState::of(SaveProduct::PATH);
    let p = with_typed(d.product, &f);
    let errors = f.summary();
    let photos_left = super::MAX_PHOTOS.saturating_sub(p.photos.len());
    let n_photos = p.photos.len();
    let mut rows = p.variants.clone();
    rows.extend((0..BLANK_VARIANT_ROWS).map(|_| VariantForm::default()));
    rows.truncate(super::MAX_VARIANTS);
    // A pending product was asked to go live: keep asking unless the seller changes it.
    let status = if p.moderation.as_deref() == Some("pending") {
        "live".to_string()
    } else {
        p.status.clone()
    };
    view! {
        <FormErrors errors id="editor-messages"/>
        {match p.moderation.as_deref() {
            Some("pending") => Some(view! { <p class="notice" data-testid="pending">{td_string!(locale, moderation_pending_note).to_string()}</p> }.into_any()),
            Some("refused") => Some(view! { <p class="notice error" data-testid="refused">{td_string!(locale, moderation_refused_note).to_string()}" "{p.moderation_note.clone()}</p> }.into_any()),
            _ => None,
        }}
        <UploadingForm>
        <form class="product-editor" method="post" action=SaveProduct::PATH enctype="multipart/form-data" novalidate>
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
            <label class="field"><span>{td_string!(locale, field_sku).to_string()}</span>
                <input type="text" name="sku" maxlength="40" autocapitalize="characters" value=p.sku.clone()/></label>
            <small>{td_string!(locale, sku_hint).to_string()}</small>
            <label class="field"><span>{td_string!(locale, field_category).to_string()}</span>
                <select name="category" required>
                    {d.categories.iter().map(|c| view! {
                        <option value=c.slug.clone() selected={c.slug == p.category}>{c.name.get(locale).to_string()}</option>
                    }).collect_view()}
                </select></label>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_price).to_string()}</span>
                    <input type="text" name="price" inputmode="decimal" value=p.price.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_mrp).to_string()}</span>
                    <input type="text" name="mrp" inputmode="decimal" value=p.mrp.clone()/></label>
            </div>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_stock).to_string()}</span>
                    <input type="number" name="stock" min="0" max="100000" value=p.stock.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_weight).to_string()}</span>
                    <input type="number" name="weight_g" min="1" max="100000" value=p.weight_g.clone()/></label>
            </div>
            <fieldset class="dimensions">
                <legend>{td_string!(locale, field_dimensions).to_string()}</legend>
                <div class="three">
                    <label class="field"><span>{td_string!(locale, field_length).to_string()}</span>
                        <input type="number" name="length_cm" min="1" max="500" value=p.length_cm.clone()/></label>
                    <label class="field"><span>{td_string!(locale, field_width).to_string()}</span>
                        <input type="number" name="width_cm" min="1" max="500" value=p.width_cm.clone()/></label>
                    <label class="field"><span>{td_string!(locale, field_height).to_string()}</span>
                        <input type="number" name="height_cm" min="1" max="500" value=p.height_cm.clone()/></label>
                </div>
            </fieldset>
            <div class="two">
                <label class="field"><span>{td_string!(locale, field_hsn).to_string()}</span>
                    <input type="text" name="hsn" inputmode="numeric" maxlength="8" required list="hsn-hints" value=p.hsn.clone()/></label>
                <label class="field"><span>{td_string!(locale, field_gst_rate).to_string()}</span>
                    <select name="gst_rate">
                        {GST_RATES.iter().map(|r| view! {
                            <option value=r.to_string() selected={r.to_string() == p.gst_rate}>{format!("{r} %")}</option>
                        }).collect_view()}
                    </select></label>
            </div>
            <HsnHints category=p.category.clone()/>
            <fieldset class="options" data-testid="options">
                <legend>{td_string!(locale, options_title).to_string()}</legend>
                <small>{td_string!(locale, options_hint).to_string()}</small>
                {rows.into_iter().enumerate().map(|(i, v)| view! { <OptionRow i v/> }).collect_view()}
            </fieldset>
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
            <fieldset class="photos">
                <legend>{td_string!(locale, field_photos).to_string()}</legend>
                <ol class="photo-list">
                    {p.photos.iter().enumerate().map(|(i, ph)| {
                        let n = i + 1;
                        view! {
                            <li class="photo-item" data-testid="stored-photo">
                                <input type="hidden" name=photo_field(i, "id") value=ph.id.to_string()/>
                                <img src=ph.url.clone() width="96" height={(96 * ph.height / ph.width.max(1)).to_string()} alt=ph.alt.clone()/>
                                <div>
                                    <strong>{td!(locale, photo_n, n = move || n)}</strong>
                                    <label class="field"><span>{td_string!(locale, photo_alt).to_string()}</span>
                                        <input type="text" name=photo_field(i, "alt") maxlength="200" value=ph.alt.clone()/></label>
                                    <label class="field small"><span>{td_string!(locale, photo_order).to_string()}</span>
                                        <input type="number" name=photo_field(i, "pos") min="1" max=n_photos.to_string() value=n.to_string()/></label>
                                    <label class="check"><input type="checkbox" name=photo_field(i, "remove") value="1"/>" "{td_string!(locale, photo_remove).to_string()}</label>
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ol>
                {(photos_left > 0).then(|| view! { <super::upload::PhotoPicker/> })}
            </fieldset>
            <label class="field"><span>{td_string!(locale, field_status).to_string()}</span>
                <select name="status">
                    <option value="live" selected={status == "live"} disabled={!d.seller_verified}>{td_string!(locale, status_live).to_string()}</option>
                    <option value="draft" selected={status == "draft"}>{td_string!(locale, status_draft_product).to_string()}</option>
                    <option value="hidden" selected={status == "hidden"}>{td_string!(locale, status_hidden).to_string()}</option>
                    <option value="archived" selected={status == "archived"}>{td_string!(locale, status_archived).to_string()}</option>
                </select></label>
            {d.moderation_required.then(|| view! { <p class="note">{td_string!(locale, moderation_on_hint).to_string()}</p> })}
            <button type="submit" class="button">{td_string!(locale, save_button).to_string()}</button>
        </form>
        </UploadingForm>
    }
}

/// The HSN codes usually right for the chosen craft, offered in the HSN field's list and named
/// under it; they follow the category list with JavaScript (without it, the saved category's).
#[island]
fn HsnHints(category: String) -> impl IntoView {
    let (category, set_category) = signal(category);
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let handle = window_event_listener(leptos::ev::change, move |ev| {
            if let Some(select) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlSelectElement>().ok())
                .filter(|s| s.name() == "category")
            {
                set_category.set(select.value());
            }
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = set_category;
    let locale = locale();
    let hints = move || category.with(|c| super::hints::for_category(c));
    view! {
        <datalist id="hsn-hints">
            {move || hints().iter().map(|h| view! { <option value=h.hsn>{h.what}</option> }).collect_view()}
        </datalist>
        <p class="note" data-testid="hsn-hints">{td_string!(locale, hsn_suggested).to_string()}" "
            {move || hints().iter().map(|h| format!("{} — {} ({} %)", h.hsn, h.what, h.gst)).collect::<Vec<_>>().join("; ")}
            ". "{td_string!(locale, hsn_check).to_string()}</p>
    }
}

/// The editor with JavaScript: the save uploads with a progress bar, and a refused save keeps
/// everything typed and chosen (the photos too) while the server's messages take their places.
#[island]
fn UploadingForm(children: Children) -> impl IntoView {
    let locale = locale();
    let progress = RwSignal::new(None::<u32>);
    view! {
        <div class="uploading-form" on:submit=move |ev| super::upload::on_submit(ev, progress)>
            {children()}
            {move || progress.get().map(|pct| view! {
                <p class="upload-progress" role="status">{td_string!(locale, uploading).to_string()}" "
                    <progress max="100" value=pct.to_string() data-testid="upload-progress">{format!("{pct} %")}</progress></p>
            })}
        </div>
    }
}

/// The editor's fields as a refused save left them (without JavaScript the page is drawn anew).
fn with_typed(p: ProductForm, f: &FormState) -> ProductForm {
    if f.messages().is_empty() {
        return p;
    }
    let text = |name: &str, saved: String| f.value(name, saved);
    let flag = |name: &str| !f.value(name, "").is_empty();
    let mut variants = p.variants.clone();
    variants.resize(super::MAX_VARIANTS, VariantForm::default());
    let variants = variants
        .into_iter()
        .enumerate()
        .map(|(i, v)| VariantForm {
            id: v.id,
            sku: text(&variant_field(i, "sku"), v.sku),
            label: text(&variant_field(i, "label"), v.label),
            price: text(&variant_field(i, "price"), v.price),
            mrp: text(&variant_field(i, "mrp"), v.mrp),
            stock: text(&variant_field(i, "stock"), v.stock),
        })
        .filter(|v| v.id.is_some() || v != &VariantForm::default())
        .collect();
    ProductForm {
        sku: text("sku", p.sku),
        title_hi: text("title_hi", p.title_hi),
        title_en: text("title_en", p.title_en),
        description_hi: text("description_hi", p.description_hi),
        description_en: text("description_en", p.description_en),
        category: text("category", p.category),
        price: text("price", p.price),
        mrp: text("mrp", p.mrp),
        stock: text("stock", p.stock),
        hsn: text("hsn", p.hsn),
        gst_rate: text("gst_rate", p.gst_rate),
        weight_g: text("weight_g", p.weight_g),
        length_cm: text("length_cm", p.length_cm),
        width_cm: text("width_cm", p.width_cm),
        height_cm: text("height_cm", p.height_cm),
        materials: text("materials", p.materials),
        care: text("care", p.care),
        origin: text("origin", p.origin),
        handmade: flag("handmade"),
        gi: flag("gi"),
        status: text("status", p.status),
        variants,
        ..p
    }
}

/// One option row: its fields are numbered so the server reads them back in order.
#[component]
fn OptionRow(i: usize, v: VariantForm) -> impl IntoView {
    let locale = locale();
    let n = i + 1;
    view! {
        <fieldset class="option-row" data-testid="option-row">
            <legend>{td!(locale, option_n, n = move || n)}</legend>
            <input type="hidden" name=variant_field(i, "id") value=v.id.map(|id| id.to_string()).unwrap_or_default()/>
            <div class="two">
                <label class="field"><span>{td_string!(locale, option_sku).to_string()}</span>
                    <input type="text" name=variant_field(i, "sku") maxlength="40" value=v.sku/></label>
                <label class="field"><span>{td_string!(locale, field_option_label).to_string()}</span>
                    <input type="text" name=variant_field(i, "label") maxlength="60" value=v.label/></label>
            </div>
            <div class="three">
                <label class="field"><span>{td_string!(locale, option_price).to_string()}</span>
                    <input type="text" name=variant_field(i, "price") inputmode="decimal" value=v.price/></label>
                <label class="field"><span>{td_string!(locale, option_mrp).to_string()}</span>
                    <input type="text" name=variant_field(i, "mrp") inputmode="decimal" value=v.mrp/></label>
                <label class="field"><span>{td_string!(locale, option_stock).to_string()}</span>
                    <input type="number" name=variant_field(i, "stock") min="0" max="100000" value=v.stock/></label>
            </div>
        </fieldset>
    }
}

/// `/dashboard/import`: CSV export, template and import, and an import's report.
#[component]
pub fn ImportPage() -> impl IntoView {
    let locale = locale();
    let query = use_query_map();
    let errors = url_errors(ImportProducts::PATH);
    let report = Resource::new(
        move || {
            query
                .read()
                .get("report")
                .and_then(|r| r.parse::<i64>().ok())
        },
        |id| async move {
            match id {
                Some(id) => load_import_report(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Title text=td_string!(locale, bulk_title).to_string()/>
        <h1>{td_string!(locale, bulk_title).to_string()}</h1>
        <p><a href="/dashboard">{td_string!(locale, dashboard_title).to_string()}</a></p>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match report.await {
                    Ok(Some(r)) => view! { <ImportReportView r/> }.into_any(),
                    Ok(None) => ().into_any(),
                    Err(e) => refused(locale, &e),
                }
            })}
        </Suspense>
        <ul class="links">
            <li><a href="/dashboard/products.csv" download data-testid="export-csv">{td_string!(locale, export_csv).to_string()}</a></li>
            <li><a href="/dashboard/products-template.csv" download>{td_string!(locale, template_csv).to_string()}</a></li>
        </ul>
        <h2>{td_string!(locale, import_title).to_string()}</h2>
        <p class="note">{td_string!(locale, import_hint).to_string()}</p>
        <FormErrors errors/>
        <form method="post" action=ImportProducts::PATH enctype="multipart/form-data" novalidate>
            <label class="field"><span>{td_string!(locale, import_file).to_string()}</span>
                <input type="file" name="file" accept=".csv,text/csv" required/></label>
            <button type="submit" class="button">{td_string!(locale, import_button).to_string()}</button>
        </form>
    }
}

#[component]
fn ImportReportView(r: ImportReport) -> impl IntoView {
    let locale = locale();
    let (created, updated, refused) = (r.count("created"), r.count("updated"), r.count("refused"));
    view! {
        <section class="import-report" data-testid="import-report">
            <h2>{td_string!(locale, import_report_title).to_string()}</h2>
            <p role="status" data-testid="import-summary">{td!(locale, import_summary, created = move || created, updated = move || updated, refused = move || refused)}</p>
            <table>
                <thead><tr><th>{td_string!(locale, import_line).to_string()}</th><th>"SKU"</th><th></th></tr></thead>
                <tbody>
                    {r.lines.into_iter().map(|l| {
                        let outcome = match l.outcome.as_str() {
                            "created" => td_string!(locale, outcome_created),
                            "updated" => td_string!(locale, outcome_updated),
                            _ => td_string!(locale, outcome_refused),
                        }.to_string();
                        let reasons = l.reasons.iter().map(|c| crate::ui::forms::error_text(locale, c)).collect::<Vec<_>>().join(" ");
                        view! {
                            <tr class=format!("import-{}", l.outcome) data-testid="import-line">
                                <td>{l.line}</td><td>{l.sku}</td><td>{outcome}" "{reasons}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// `/admin/products`: the moderation setting and the products waiting for a check.
#[component]
pub fn AdminProductsPage() -> impl IntoView {
    let locale = locale();
    let setting = ServerAction::<SetModeration>::new();
    let approve = ServerAction::<ApproveProduct>::new();
    let refuse = ServerAction::<RefuseProduct>::new();
    let data = Resource::new(
        move || {
            (
                setting.version().get(),
                approve.version().get(),
                refuse.version().get(),
            )
        },
        |_| load_moderation(),
    );
    let errors = Signal::derive(move || {
        let mut list = messages(approve.value().get());
        list.extend(messages(refuse.value().get()));
        list
    });
    view! {
        <Title text=td_string!(locale, admin_products_title).to_string()/>
        <h1>{td_string!(locale, admin_products_title).to_string()}</h1>
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(q) => view! {
                        <ActionForm action=setting attr:novalidate=true attr:class="moderation-setting">
                            <label class="check"><input type="checkbox" name="on" value="1" checked=q.required/>" "{td_string!(locale, moderation_setting).to_string()}</label>
                            <button type="submit" class="button secondary">{td_string!(locale, save_button).to_string()}</button>
                        </ActionForm>
                        {if q.products.is_empty() {
                            view! { <p>{td_string!(locale, no_pending_products).to_string()}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="queue" data-testid="product-queue">
                                    {q.products.into_iter().map(|p| view! { <PendingItem p approve refuse/> }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any(),
                    Err(AppError::Unauthorized) => view! {
                        <p><a class="button" href="/sign-in?next=/admin/products">{td_string!(locale, sign_in_title).to_string()}</a></p>
                    }.into_any(),
                    // An admin whose second factor is due passes it on /admin first.
                    Err(AppError::Forbidden) => view! {
                        <p data-testid="forbidden">{td_string!(locale, err_forbidden).to_string()}</p>
                        <p><a href="/admin">{td_string!(locale, admin_title).to_string()}</a></p>
                    }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PendingItem(
    p: PendingProduct,
    approve: ServerAction<ApproveProduct>,
    refuse: ServerAction<RefuseProduct>,
) -> impl IntoView {
    let locale = locale();
    let (id, id2) = (p.id.to_string(), p.id.to_string());
    let note_id = format!("note-{}", p.id);
    view! {
        <li class="queue-item" data-testid="pending-product">
            {p.thumb.clone().map(|url| view! { <img src=url width="96" height="96" alt=""/> })}
            <h2>{p.title.get(locale).to_string()}</h2>
            <p>{format_inr(p.price)}" · "{p.seller.clone()}" · "{p.district.get(locale).to_string()}</p>
            <p>{p.description.get(locale).to_string()}</p>
            <ActionForm action=approve attr:novalidate=true>
                <input type="hidden" name="product_id" value=id/>
                <button type="submit" class="button">{td_string!(locale, approve_product).to_string()}</button>
            </ActionForm>
            <ActionForm action=refuse attr:novalidate=true>
                <input type="hidden" name="product_id" value=id2/>
                <label for=note_id.clone()>{td_string!(locale, refuse_note).to_string()}</label>
                <textarea id=note_id name="note" rows="2" minlength="10" maxlength="500" required></textarea>
                <button type="submit" class="button secondary">{td_string!(locale, refuse_product).to_string()}</button>
            </ActionForm>
        </li>
    }
}
