//! Views of the catalogue: home, all products, product page, and the product list with its
//! filters, which a district's page shows under its story.
use super::api::{get_product, list_products, load_home};
use super::filter::{FilterNotice, ProductFilter, Sort, PAGE_SIZE};
use super::{CatalogPage, ProductCard};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::share::{Preview, ShareMeta, WhatsAppShare};
use crate::ui::{locale, GiBadge, Picture, Price, StockBadge};
use crate::ui::{NotFound, ServerError};
use leptos::either::Either;
use leptos::prelude::*;
use leptos_meta::{Meta, Title};
use leptos_router::components::A;
use leptos_router::hooks::{use_location, use_params_map};

#[component]
pub fn ProductCardView(product: ProductCard) -> impl IntoView {
    let locale = locale();
    let href = format!("/product/{}", product.slug);
    let title = product.title.get(locale).to_string();
    // One piece straight from the list; a product with options is chosen on its page.
    let quick_add = (!product.has_options && product.stock > 0).then(|| {
        view! {
            <crate::cart::pages::AddToCartForm product_id=product.id options=Vec::new()
                stock=product.stock title=title.clone()/>
        }
    });
    view! {
        <li class="card" data-testid="product-card">
            <a href=href class="card-link">
                {product.image.map(|image| view! { <Picture image sizes="(max-width: 600px) 50vw, 240px"/> })}
                <h3 class="card-title">{title}</h3>
            </a>
            <Price price=product.price mrp=product.mrp/>
            <p class="card-meta">
                <span>{product.district_name.get(locale).to_string()}</span>
                {product.gi.then(|| view! { " " <GiBadge/> })}
                " "
                <StockBadge stock=product.stock/>
            </p>
            {quick_add}
        </li>
    }
}

#[component]
pub fn ProductGrid(products: Vec<ProductCard>) -> impl IntoView {
    view! {
        <ul class="grid" data-testid="product-list">
            {products.into_iter().map(|product| view! { <ProductCardView product/> }).collect_view()}
        </ul>
    }
}

fn notice_text(locale: Locale, notice: &FilterNotice) -> AnyView {
    match notice.clone() {
        FilterNotice::BadMinPrice(v) => {
            td!(locale, notice_bad_min_price, value = move || v.clone()).into_any()
        }
        FilterNotice::BadMaxPrice(v) => {
            td!(locale, notice_bad_max_price, value = move || v.clone()).into_any()
        }
        FilterNotice::MinAboveMax => td_string!(locale, notice_min_above_max).into_any(),
        FilterNotice::UnknownCategory(v) => {
            td!(locale, notice_unknown_category, value = move || v.clone()).into_any()
        }
        FilterNotice::UnknownDistrict(v) => {
            td!(locale, notice_unknown_district, value = move || v.clone()).into_any()
        }
        FilterNotice::BadSort(v) => {
            td!(locale, notice_bad_sort, value = move || v.clone()).into_any()
        }
        FilterNotice::BadFlag(v) => {
            td!(locale, notice_bad_flag, value = move || v.clone()).into_any()
        }
        FilterNotice::BadPage(v) => {
            td!(locale, notice_bad_page, value = move || v.clone()).into_any()
        }
    }
}

/// The filter form. A GET form: the filters end up in the URL, so the result is shareable,
/// rendered on the server and works without JavaScript; with JavaScript [`LiveFilters`] applies
/// each change without reloading the page.
#[component]
fn FilterForm(page: CatalogPage, action: String) -> impl IntoView {
    let locale = locale();
    let f = page.filter.clone();
    let rupees = |p: Option<crate::domain::money::Paise>| {
        p.map(|p| p.to_rupees_string()).unwrap_or_default()
    };
    let sort_option = move |sort: Sort, label: String| {
        view! { <option value=sort.as_str() selected={f.sort == sort}>{label}</option> }
    };
    let districts = (!page.all_districts.is_empty()).then(|| {
        let chosen = f.districts.clone();
        let count = chosen.len();
        view! {
            <details class="filter-districts" open={count > 0}>
                <summary data-testid="district-filter-toggle">{td_string!(locale, filter_districts).to_string()} {(count > 0).then(|| format!(" ({count})"))}</summary>
                <div class="checks">
                    {page.all_districts.iter().map(|(slug, name)| {
                        let checked = chosen.contains(slug);
                        view! {
                            <label class="check">
                                <input type="checkbox" name="district" value=slug.clone() checked=checked/>
                                {name.get(locale).to_string()}
                            </label>
                        }
                    }).collect_view()}
                </div>
            </details>
        }
    });
    let reset_href = action.clone();
    view! {
        <form method="get" action=action class="filter-form">
            <div class="filters">
                <h2 class="visually-hidden">{td_string!(locale, filters).to_string()}</h2>
                {(!f.q.is_empty()).then(|| view! { <input type="hidden" name="q" value=f.q.clone()/> })}
                <label class="field">
                    <span>{td_string!(locale, filter_category).to_string()}</span>
                    <select name="category">
                        <option value="">{td_string!(locale, filter_all_categories).to_string()}</option>
                        {page.categories.iter().map(|c| {
                            let selected = f.categories.contains(&c.slug);
                            view! { <option value=c.slug.clone() selected=selected>{c.name.get(locale).to_string()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label class="field price-field">
                    <span>{td_string!(locale, filter_min_price).to_string()}</span>
                    <input type="number" name="min_price" min="0" step="any" inputmode="decimal" value=rupees(f.min_price)/>
                </label>
                <label class="field price-field">
                    <span>{td_string!(locale, filter_max_price).to_string()}</span>
                    <input type="number" name="max_price" min="0" step="any" inputmode="decimal" value=rupees(f.max_price)/>
                </label>
                <label class="check">
                    <input type="checkbox" name="gi" value="1" checked=f.gi_only/>
                    {td_string!(locale, filter_gi_only).to_string()}
                </label>
                <label class="check">
                    <input type="checkbox" name="in_stock" value="1" checked=f.in_stock/>
                    {td_string!(locale, filter_in_stock).to_string()}
                </label>
                <label class="field">
                    <span>{td_string!(locale, filter_sort).to_string()}</span>
                    <select name="sort">
                        {sort_option(Sort::Newest, td_string!(locale, sort_newest).to_string())}
                        {sort_option(Sort::PriceAsc, td_string!(locale, sort_price_asc).to_string())}
                        {sort_option(Sort::PriceDesc, td_string!(locale, sort_price_desc).to_string())}
                    </select>
                </label>
                {districts}
                <div class="filter-actions">
                    <button type="submit" class="button">{td_string!(locale, filter_apply).to_string()}</button>
                    <a href=reset_href class="button secondary">{td_string!(locale, filter_reset).to_string()}</a>
                </div>
            </div>
        </form>
    }
}

fn page_href(action: &str, filter: &ProductFilter, page: u32) -> String {
    let query = ProductFilter {
        page,
        ..filter.clone()
    }
    .to_query();
    if query.is_empty() {
        action.to_string()
    } else {
        format!("{action}?{query}")
    }
}

#[component]
fn Pagination(filter: ProductFilter, total: i64, action: String) -> impl IntoView {
    let locale = locale();
    let pages = ((total.max(0) as u32).div_ceil(PAGE_SIZE)).max(1);
    let page = filter.page.min(pages);
    (pages > 1).then(|| {
        let prev = (page > 1).then(|| page_href(&action, &filter, page - 1));
        let next = (page < pages).then(|| page_href(&action, &filter, page + 1));
        view! {
            <nav class="pagination" aria-label=td_string!(locale, pagination).to_string()>
                {prev.map(|href| view! { <a href=href rel="prev">{td_string!(locale, page_prev).to_string()}</a> })}
                <span>{td!(locale, page_of, page = move || page, pages = move || pages)}</span>
                {next.map(|href| view! { <a href=href rel="next">{td_string!(locale, page_next).to_string()}</a> })}
            </nav>
        }
    })
}

/// The filter form, notices, result count, list (or empty state) and pages.
#[component]
pub fn CatalogResults(page: CatalogPage, action: String) -> impl IntoView {
    let locale = locale();
    let notices = page.notices.clone();
    let products = page.products.clone();
    let total = page.total;
    let filter = page.filter.clone();
    view! {
        <LiveFilters>
        <div class="catalog">
            <aside class="catalog-filters">
                <FilterForm page=page action=action.clone()/>
            </aside>
            <section class="catalog-results" aria-live="polite">
                {(!notices.is_empty()).then(|| view! {
                    <div class="notice" role="status" data-testid="filter-notices">
                        <p>{td_string!(locale, notices_heading).to_string()}</p>
                        <ul>{notices.iter().map(|n| view! { <li>{notice_text(locale, n)}</li> }).collect_view()}</ul>
                    </div>
                })}
                <p class="result-count" data-testid="result-count">{td!(locale, results_count, count = move || total)}</p>
                {if products.is_empty() {
                    Either::Left(view! {
                        <div class="empty-state" data-testid="empty-state">
                            <h3>{td_string!(locale, empty_title).to_string()}</h3>
                            <p>{td_string!(locale, empty_text).to_string()}</p>
                        </div>
                    })
                } else {
                    Either::Right(view! { <ProductGrid products/> })
                }}
                <Pagination filter total action/>
            </section>
        </div>
        </LiveFilters>
    }
}

/// Applies the filter form without a page load: each change (and "Apply") fetches the page of
/// the new URL from the server and puts its results in place of the old ones. The form itself
/// stays, so the control a keyboard user changed keeps its focus; the URL follows (shareable,
/// and Back shows the previous results). Without JavaScript the form is a plain GET form.
#[island]
fn LiveFilters(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    live::follow_history();
    view! {
        <div class="live-filters" on:change=live::on_change on:submit=live::on_submit>
            {children()}
        </div>
    }
}

/// The browser side of [`LiveFilters`].
mod live {
    #[cfg(feature = "hydrate")]
    use crate::ui::live::{fetch_page, form_url, swap_inner, target_form};
    #[cfg(feature = "hydrate")]
    use leptos::prelude::*;

    #[cfg(feature = "hydrate")]
    thread_local! {
        /// The URL whose results are on screen, and the newest request (older answers are dropped).
        static SHOWN: std::cell::RefCell<(String, u32)> = const { std::cell::RefCell::new((String::new(), 0)) };
    }

    pub fn on_change(ev: leptos::ev::Event) {
        #[cfg(feature = "hydrate")]
        if let Some(form) = target_form(&ev, "filter-form") {
            leptos::task::spawn_local(show(form_url(&form), Swap::Results));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    }

    pub fn on_submit(ev: leptos::ev::SubmitEvent) {
        #[cfg(feature = "hydrate")]
        if let Some(form) = target_form(&ev, "filter-form") {
            ev.prevent_default();
            leptos::task::spawn_local(show(form_url(&form), Swap::Results));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    }

    /// Back and Forward between filtered lists: the form and the results of that URL.
    #[cfg(feature = "hydrate")]
    pub fn follow_history() {
        let handle = window_event_listener(leptos::ev::popstate, |_| {
            let location = window().location();
            let url = format!(
                "{}{}",
                location.pathname().unwrap_or_default(),
                location.search().unwrap_or_default()
            );
            // A jump to `#main` (the skip link) is a history entry too: nothing to load.
            if SHOWN.with(|s| s.borrow().0 != url) {
                leptos::task::spawn_local(show(url, Swap::Everything));
            }
        });
        // The island lives as long as the page.
        std::mem::forget(handle);
    }

    #[cfg(feature = "hydrate")]
    #[derive(Clone, Copy, PartialEq)]
    enum Swap {
        /// A control changed: the results follow, the form (and its focus) stays.
        Results,
        /// Back or Forward: the form shows that URL's filters again too.
        Everything,
    }

    #[cfg(feature = "hydrate")]
    async fn show(url: String, swap: Swap) {
        let generation = SHOWN.with(|s| {
            let mut s = s.borrow_mut();
            s.1 = s.1.wrapping_add(1);
            s.1
        });
        let Some(page) = fetch_page(&url).await else {
            // Offline or refused: the browser loads the page itself.
            let _ = window().location().assign(&url);
            return;
        };
        if SHOWN.with(|s| s.borrow().1 != generation) {
            return;
        }
        let selector = match swap {
            Swap::Results => ".catalog-results",
            Swap::Everything => ".catalog",
        };
        if !swap_inner(&page, selector) {
            let _ = window().location().assign(&url);
            return;
        }
        document().set_title(&page.title());
        if swap == Swap::Results {
            if let Ok(history) = window().history() {
                let _ = history.push_state_with_url(
                    &leptos::wasm_bindgen::JsValue::NULL,
                    "",
                    Some(&url),
                );
            }
        }
        SHOWN.with(|s| s.borrow_mut().0 = url);
    }
}

/// Loads one page of the catalogue for the current URL, `district` being a district slug or none.
pub fn catalog_resource(
    district: impl Fn() -> Option<String> + Send + Sync + 'static,
) -> Resource<Result<CatalogPage, AppError>> {
    let location = use_location();
    Resource::new(
        move || (district(), location.search.get()),
        |(district, query)| list_products(district, query),
    )
}

/// Renders a loaded catalogue page, or the 404 / error page.
pub fn render_catalog(
    result: Result<CatalogPage, AppError>,
    render: impl FnOnce(CatalogPage) -> AnyView,
) -> AnyView {
    match result {
        Ok(page) => render(page),
        Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
        Err(_) => view! { <ServerError/> }.into_any(),
    }
}

/// A district's page: its ODOP craft and story above the catalogue of its products.
#[component]
pub fn DistrictPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = catalog_resource(move || Some(params.read().get("slug").unwrap_or_default()));
    view! {
        <Transition fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                render_catalog(data.await, |page| {
                    let Some(d) = page.district.clone() else { return ().into_any() };
                    let name = d.name.get(locale).to_string();
                    let action = format!("/district/{}", d.slug);
                    // Artisans of this district start the seller wizard with it chosen.
                    let sell_here = format!("/sell?step=2&district={}", d.slug);
                    let share_title = format!("{name} — {}", d.product.get(locale));
                    // The district's first product picture stands for it in a shared link.
                    let preview = Preview {
                        title: share_title.clone(),
                        description: d.story.get(locale).to_string(),
                        path: action.clone(),
                        image: page.products.iter().find_map(|p| p.image.as_ref().map(|i| i.url.clone())),
                        price: None,
                        kind: "website",
                    };
                    view! {
                        <Title text=format!("{share_title} · {}", td_string!(locale, site_name))/>
                        <Meta name="description" content=d.story.get(locale).to_string()/>
                        <ShareMeta preview/>
                        <header class="district-header">
                            <h1>{name.clone()}</h1>
                            <p class="odop">
                                <span class="label">{td_string!(locale, odop_product).to_string()}: </span>
                                <strong data-testid="odop-product">{d.product.get(locale).to_string()}</strong>
                                {d.gi_tag.clone().map(|tag| view! { " " <GiBadge/> " " <span class="gi-tag">{tag}</span> })}
                            </p>
                            <p class="story">{d.story.get(locale).to_string()}</p>
                            <p><a class="sell-here" href=sell_here data-testid="sell-here">{td_string!(locale, sell_from_district).to_string()}</a></p>
                            <WhatsAppShare title=share_title.clone() path=action.clone()/>
                        </header>
                        <h2>{td!(locale, district_products, district = move || name.clone())}</h2>
                        <CatalogResults page action/>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}

#[component]
pub fn CataloguePage() -> impl IntoView {
    let locale = locale();
    let data = catalog_resource(|| None);
    view! {
        <Transition fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                render_catalog(data.await, |page| {
                    let q = page.filter.q.clone();
                    let title = if q.is_empty() {
                        td_string!(locale, catalogue_title).to_string()
                    } else {
                        format!("{q} · {}", td_string!(locale, catalogue_title))
                    };
                    let heading = if q.is_empty() {
                        td_string!(locale, catalogue_title).into_any()
                    } else {
                        td!(locale, search_results_for, q = move || q.clone()).into_any()
                    };
                    view! {
                        <Title text=format!("{title} · {}", td_string!(locale, site_name))/>
                        <Meta name="description" content=td_string!(locale, tagline).to_string()/>
                        <h1>{heading}</h1>
                        <CatalogResults page action="/products".to_string()/>
                    }
                    .into_any()
                })
            })}
        </Transition>
    }
}

#[component]
pub fn ProductPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        get_product,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(p) => {
                        let title = p.title.get(locale).to_string();
                        let description = p.description.get(locale).to_string();
                        let district_href = format!("/district/{}", p.district_slug);
                        let gst = crate::domain::money::format_percent_bp(p.gst_rate_bp);
                        let is_sample = p.images.iter().any(|i| i.url.starts_with("/sample-art/"));
                        let path = format!("/product/{}", p.slug);
                        let preview = Preview {
                            title: title.clone(),
                            description: description.clone(),
                            path: path.clone(),
                            image: p.images.first().map(|i| i.url.clone()),
                            price: Some(p.price),
                            kind: "product",
                        };
                        let share_text = format!("{title} — {}", crate::domain::money::format_inr(p.price));
                        view! {
                            <Title text=format!("{title} · {}", td_string!(locale, site_name))/>
                            <Meta name="description" content={description.chars().take(160).collect::<String>()}/>
                            <ShareMeta preview/>
                            <article class="product">
                                <div class="product-media">
                                    // A region of its own that the keyboard can scroll (it scrolls sideways on a phone).
                                    <div class="product-gallery" role="region" tabindex="0" aria-label=td_string!(locale, product_images).to_string()>
                                        {p.images.into_iter().enumerate().map(|(i, image)| view! {
                                            <Picture image sizes="(max-width: 700px) 80vw, 480px" eager={i == 0}/>
                                        }).collect_view()}
                                    </div>
                                    {is_sample.then(|| view! { <p class="sample-note">{td_string!(locale, sample_note).to_string()}</p> })}
                                </div>
                                <div class="product-info">
                                    <h1>{title}</h1>
                                    <Price price=p.price mrp=p.mrp/>
                                    <p class="gst-note">{td!(locale, gst_included, rate = move || gst.clone())}</p>
                                    <p><StockBadge stock=p.stock/> {p.gi.then(|| view! { " " <GiBadge/> })}</p>
                                    <crate::cart::pages::AddToCartForm product_id=p.id options=p.options.clone() stock=p.stock
                                        refused=crate::cart::pages::refused_adding()/>
                                    <WhatsAppShare title=share_text path/>
                                    {p.gi_tag.map(|tag| view! { <p class="gi-tag">{tag}</p> })}
                                    <p class="description">{description}</p>
                                    {(!p.options.is_empty()).then(|| view! {
                                        <section class="options" data-testid="product-options">
                                            <h2>{td_string!(locale, options_on_product).to_string()}</h2>
                                            <ul>
                                                {p.options.iter().map(|o| view! {
                                                    <li data-testid="product-option"><strong>{o.label.clone()}</strong>" · "{crate::domain::money::format_inr(o.price)}" "<StockBadge stock=o.stock/></li>
                                                }).collect_view()}
                                            </ul>
                                        </section>
                                    })}
                                    <dl class="facts">
                                        <dt>{td_string!(locale, from_district).to_string()}</dt>
                                        <dd><A href=district_href>{p.district_name.get(locale).to_string()}</A></dd>
                                        <dt>{td_string!(locale, sold_by).to_string()}</dt>
                                        <dd data-testid="seller"><A href=format!("/seller/{}", p.seller_slug)>{p.seller_name.get(locale).to_string()}</A></dd>
                                        <dt>{td_string!(locale, category).to_string()}</dt>
                                        <dd>{p.category.name.get(locale).to_string()}</dd>
                                        <dt>{td_string!(locale, hsn).to_string()}</dt>
                                        <dd>{p.hsn}</dd>
                                        {(!p.materials.is_empty()).then(|| view! {
                                            <dt>{td_string!(locale, field_materials).to_string()}</dt>
                                            <dd>{p.materials.clone()}</dd>
                                        })}
                                        {(!p.care.is_empty()).then(|| view! {
                                            <dt>{td_string!(locale, field_care).to_string()}</dt>
                                            <dd>{p.care.clone()}</dd>
                                        })}
                                        {p.handmade.then(|| view! {
                                            <dt>{td_string!(locale, field_handmade).to_string()}</dt>
                                            <dd>"✓"</dd>
                                        })}
                                        <dt>{td_string!(locale, field_origin).to_string()}</dt>
                                        <dd data-testid="origin">{p.origin.clone()}</dd>
                                    </dl>
                                </div>
                            </article>
                            <crate::reviews::pages::ProductReviews slug=p.slug.clone() reviews=p.reviews.clone()/>
                        }
                        .into_any()
                    }
                    Err(AppError::NotFound) => view! { <NotFound/> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let locale = locale();
    let data = Resource::new(|| (), |_| load_home());
    view! {
        <Title text=format!("{} · {}", td_string!(locale, site_name), td_string!(locale, tagline))/>
        <Meta name="description" content=td_string!(locale, home_intro).to_string()/>
        <section class="hero">
            <h1>{td_string!(locale, home_title).to_string()}</h1>
            <p>{td_string!(locale, home_intro).to_string()}</p>
            <p><a class="button" href="/districts">{td_string!(locale, home_cta_map).to_string()}</a></p>
        </section>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(home) => view! {
                        <section>
                            <h2>{td_string!(locale, featured_districts).to_string()}</h2>
                            <ul class="district-tiles">
                                {home.districts.into_iter().map(|d| view! {
                                    <li>
                                        <a href=format!("/district/{}", d.slug)>
                                            <strong>{d.name.get(locale).to_string()}</strong>
                                            <span>{d.product.get(locale).to_string()}</span>
                                        </a>
                                        {d.gi_tag.is_some().then(|| view! { <GiBadge/> })}
                                    </li>
                                }).collect_view()}
                            </ul>
                            <p><a href="/districts">{td_string!(locale, see_all_districts).to_string()}</a></p>
                        </section>
                        <section>
                            <h2>{td_string!(locale, featured_products).to_string()}</h2>
                            <ProductGrid products=home.products/>
                            <p><a href="/products">{td_string!(locale, see_all_products).to_string()}</a></p>
                        </section>
                    }
                    .into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
