//! The reviews on a product page, the review form (`/product/<slug>/review`) and the seller's
//! answers (`/dashboard/reviews`).
use super::api::{review_form, seller_reviews, ReplyReview, SaveReview};
use super::{Review, Reviews};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::{messages, url_errors, FormErrors};
use crate::ui::locale;
use crate::ui::texts::{date_of, sign_in_first};
use crate::ui::ServerError;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

fn stars(n: i64) -> String {
    let n = n.clamp(0, 5) as usize;
    format!("{}{}", "★".repeat(n), "☆".repeat(5 - n))
}

#[component]
fn ReviewItem(r: Review, #[prop(optional)] with_product: bool) -> impl IntoView {
    let locale = locale();
    view! {
        <li class="review" data-testid="review">
            <p><span class="stars" aria-label=format!("{} / 5", r.stars)>{stars(r.stars)}</span>
                " "<strong>{r.author.clone()}</strong>" · "{date_of(r.created_at)}
                {with_product.then(|| format!(" · {}", r.product_title.get(locale)))}</p>
            {(!r.body.is_empty()).then(|| view! { <p>{r.body.clone()}</p> })}
            {r.photo.clone().map(|p| view! {
                <img src=p.url srcset=p.srcset sizes="(max-width: 480px) 90vw, 320px" width=p.width height=p.height
                    alt=td_string!(locale, review_photo_alt).to_string() loading="lazy" class="review-photo"/>
            })}
            {r.reply.clone().map(|reply| view! {
                <p class="review-reply" data-testid="review-reply"><strong>{td_string!(locale, review_seller_reply).to_string()}": "</strong>{reply}</p>
            })}
        </li>
    }
}

/// A product's rating and newest reviews (loaded with the product), and where to write one.
#[component]
pub fn ProductReviews(slug: String, reviews: Reviews) -> impl IntoView {
    let locale = locale();
    let query = use_query_map();
    let r = reviews;
    view! {
        <section class="reviews" data-testid="reviews">
            <h2>{td_string!(locale, reviews_title).to_string()}</h2>
            {move || query.read().get("reviewed").map(|_| view! {
                <p class="notice" role="status">{td_string!(locale, review_thanks).to_string()}</p>
            })}
            {match super::average(r.total, r.count) {
                Some(avg) => view! {
                    <p class="rating" data-testid="product-rating">"★ "{avg}" · "{let n = r.count; td!(locale, ratings_count, count = move || n)}</p>
                }.into_any(),
                None => view! { <p>{td_string!(locale, reviews_none).to_string()}</p> }.into_any(),
            }}
            <ul class="review-list">
                {r.list.into_iter().map(|r| view! { <ReviewItem r/> }).collect_view()}
            </ul>
            <p class="note">{td_string!(locale, reviews_who).to_string()}" "
                <a href=format!("/product/{slug}/review") data-testid="write-review">{td_string!(locale, review_write).to_string()}</a></p>
        </section>
    }
}

/// `/product/<slug>/review`: stars, words and an optional photo, for a buyer who received it.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let slug = move || params.read().get("slug").unwrap_or_default();
    let data = Resource::new(slug, review_form);
    let errors = url_errors(SaveReview::PATH);
    view! {
        <Title text=td_string!(locale, review_write).to_string()/>
        <h1>{td_string!(locale, review_write).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((_, true)) => view! { <p>{td_string!(locale, err_review_exists).to_string()}</p> }.into_any(),
                    Ok((title, false)) => view! {
                        <p><strong>{title.get(locale).to_string()}</strong></p>
                        <FormErrors errors/>
                        // A plain multipart form: the photo goes up with or without JavaScript, and a
                        // refusal comes back in the URL.
                        <form method="post" action=SaveReview::PATH enctype="multipart/form-data" class="review-form" novalidate>
                            <input type="hidden" name="product" value=slug()/>
                            <fieldset class="stars-field">
                                <legend>{td_string!(locale, review_stars).to_string()}</legend>
                                {(1..=5).rev().map(|n| view! {
                                    <label class="check"><input type="radio" name="stars" value=n.to_string() required checked=n == 5/>" "{stars(n)}</label>
                                }).collect_view()}
                            </fieldset>
                            <label class="field"><span>{td_string!(locale, review_body).to_string()}</span>
                                <textarea name="body" rows="5" maxlength="2000"></textarea></label>
                            <label class="field"><span>{td_string!(locale, review_photo).to_string()}</span>
                                <input type="file" name="photo" accept="image/jpeg,image/png,image/webp"/></label>
                            <button type="submit" class="button" data-testid="save-review">{td_string!(locale, review_send).to_string()}</button>
                        </form>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, &format!("/product/{}/review", slug())),
                    Err(AppError::Forbidden) => view! { <p data-testid="review-refused">{td_string!(locale, review_only_buyers).to_string()}</p> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/dashboard/reviews`: the seller reads the reviews of their products and answers each once.
#[component]
pub fn SellerReviewsPage() -> impl IntoView {
    let locale = locale();
    let reply = ServerAction::<ReplyReview>::new();
    let data = Resource::new(move || reply.version().get(), |_| seller_reviews());
    let errors = Signal::derive(move || messages(reply.value().get()));
    view! {
        <Title text=td_string!(locale, reviews_title).to_string()/>
        <h1>{td_string!(locale, reviews_title).to_string()}</h1>
        <p><a href="/dashboard">{td_string!(locale, dashboard_title).to_string()}</a></p>
        <FormErrors errors/>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(list) if list.is_empty() => view! { <p>{td_string!(locale, reviews_none).to_string()}</p> }.into_any(),
                    Ok(list) => view! {
                        <ul class="review-list" data-testid="seller-reviews">
                            {list.into_iter().map(|r| {
                                let id = r.id;
                                let open = r.reply.is_none();
                                let field = format!("reply-{id}");
                                view! {
                                    <ReviewItem r with_product=true/>
                                    {open.then(|| view! {
                                        <ActionForm action=reply attr:novalidate=true attr:class="cancel-form">
                                            <input type="hidden" name="review_id" value=id.to_string()/>
                                            <label for=field.clone()>{td_string!(locale, review_reply).to_string()}</label>
                                            <input id=field type="text" name="reply" required minlength="2" maxlength="1000"/>
                                            <button type="submit" class="button">{td_string!(locale, review_reply_send).to_string()}</button>
                                        </ActionForm>
                                    })}
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(AppError::Unauthorized) => sign_in_first(locale, "/dashboard/reviews"),
                    Err(AppError::Forbidden) => view! { <p>{td_string!(locale, dashboard_not_seller).to_string()}</p> }.into_any(),
                    Err(_) => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
