//! The seller registration wizard (`/sell`), the public seller page (`/seller/<slug>`) and the
//! ODOP cell's verification queue (`/admin/sellers`). Every form is an `ActionForm`: a plain
//! POST without JavaScript, no page load with it. Progress lives on the server, so a seller can
//! stop after any step and continue from another phone.
use super::api::{
    load_sell_page, load_seller_page, ApproveSeller, RejectSeller, SaveBusiness, SaveCraft,
    SavePayout, SubmitApplication,
};
use super::{Application, QueueEntry, SellData, Status};
use crate::auth::pages::{SecondFactorForm, SellerRegisterForm, VerifyPhoneForms};
use crate::catalog::pages::ProductGrid;
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::forms::{messages, FieldMessage, FormErrors, FormState, LiveForm};
use crate::ui::locale;
use crate::ui::share::{Preview, ShareMeta, WhatsAppShare};
use crate::ui::{NotFound, ServerError};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The step to show: the one asked for in `?step=`, but never past the first unanswered one.
fn current_step(data: &SellData, asked: Option<u8>) -> u8 {
    let a = &data.application;
    let phone_ok = data.me.as_ref().and_then(|m| m.phone_verified) == Some(true);
    let first_open = if !phone_ok {
        1
    } else if !a.craft_done() {
        2
    } else if !a.business_done() {
        3
    } else if !a.payout_done() {
        4
    } else {
        5
    };
    if !a.editable() {
        return 5;
    }
    asked.unwrap_or(first_open).clamp(1, first_open)
}

fn step_title(locale: Locale, step: u8) -> String {
    match step {
        1 => td_string!(locale, step1_title),
        2 => td_string!(locale, step2_title),
        3 => td_string!(locale, step3_title),
        4 => td_string!(locale, step4_title),
        _ => td_string!(locale, step5_title),
    }
    .to_string()
}

#[component]
pub fn SellPage() -> impl IntoView {
    let locale = locale();
    let query = use_query_map();
    let asked = query.with_untracked(|q| q.get("step").and_then(|s| s.parse::<u8>().ok()));
    let data = Resource::new(|| (), |_| load_sell_page());
    view! {
        <Title text=td_string!(locale, sell_title).to_string()/>
        <h1>{td_string!(locale, sell_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                let data = match data.await {
                    Ok(d) => d,
                    Err(_) => return view! { <ServerError/> }.into_any(),
                };
                let step = current_step(&data, asked);
                let app = data.application.clone();
                view! {
                    <p class="intro">{td_string!(locale, sell_intro).to_string()}</p>
                    <StatusBanner application=app.clone()/>
                    <StepNav step application=app.clone() signed_in=data.me.is_some()/>
                    <section class="wizard-step" data-testid="wizard-step" data-step=step.to_string()>
                        <h2>{step_title(locale, step)}</h2>
                        {match step {
                            1 => view! { <StepAccount data=data.clone()/> }.into_any(),
                            2 => view! { <StepCraft data=data.clone()/> }.into_any(),
                            3 => view! { <StepBusiness application=app.clone()/> }.into_any(),
                            4 => view! { <StepPayout application=app.clone()/> }.into_any(),
                            _ => view! { <StepReview data=data.clone()/> }.into_any(),
                        }}
                    </section>
                }
                .into_any()
            })}
        </Suspense>
    }
}

#[component]
fn StatusBanner(application: Application) -> impl IntoView {
    let locale = locale();
    let public = format!("/seller/{}", application.public_slug);
    match application.status {
        Some(Status::Pending) => Some(view! {
            <div class="status-banner pending" role="status" data-testid="seller-status" data-status="pending">
                <strong>{td_string!(locale, status_pending).to_string()}</strong>
                <p>{td_string!(locale, pending_help).to_string()}</p>
            </div>
        }.into_any()),
        Some(Status::Verified) => Some(view! {
            <div class="status-banner verified" role="status" data-testid="seller-status" data-status="verified">
                <strong>{td_string!(locale, status_verified).to_string()}</strong>
                <p>{td_string!(locale, verified_help).to_string()}" "<a href=public.clone()>{public.clone()}</a></p>
                <p><a class="button" href="/dashboard">{td_string!(locale, new_product).to_string()}</a></p>
            </div>
        }.into_any()),
        Some(Status::Rejected) => Some(view! {
            <div class="status-banner rejected" role="status" data-testid="seller-status" data-status="rejected">
                <strong>{td_string!(locale, status_rejected).to_string()}</strong>
                <p data-testid="rejection-reason">{td_string!(locale, rejection_reason).to_string()}": "{application.rejection_reason.clone().unwrap_or_default()}</p>
                <p>{td_string!(locale, rejected_help).to_string()}</p>
            </div>
        }.into_any()),
        _ => None,
    }
}

#[component]
fn StepNav(step: u8, application: Application, signed_in: bool) -> impl IntoView {
    let locale = locale();
    let done = [
        signed_in,
        application.craft_done(),
        application.business_done(),
        application.payout_done(),
        application.status.is_some_and(|s| !s.editable()),
    ];
    view! {
        <nav aria-label=td_string!(locale, steps_label).to_string()>
            <ol class="steps">
                {(1u8..=5).map(|n| {
                    let is_done = done[usize::from(n - 1)];
                    let current = n == step;
                    let title = step_title(locale, n);
                    view! {
                        <li class:current=current class:done=is_done>
                            {if current {
                                view! { <span aria-current="step">{n}". "{title}</span> }.into_any()
                            } else {
                                view! { <a href=format!("/sell?step={n}")>{n}". "{title}</a> }.into_any()
                            }}
                            {is_done.then(|| view! { " " <span class="visually-hidden">"("{td_string!(locale, step_done).to_string()}")"</span><span aria-hidden="true">" ✓"</span> })}
                        </li>
                    }
                }).collect_view()}
            </ol>
        </nav>
    }
}

#[component]
fn StepAccount(data: SellData) -> impl IntoView {
    let locale = locale();
    // A district chosen on its page (`?district=`) waits for step 2.
    let next = use_query_map()
        .with_untracked(|q| q.get("district"))
        .filter(|d| crate::domain::Slug::is_valid(d))
        .map(|d| format!("/sell?step=2&district={d}"))
        .unwrap_or_else(|| "/sell".to_string());
    match data.me {
        None => view! {
            <SellerRegisterForm next=next.clone()/>
            <p><a href="/sign-in?next=/sell">{td_string!(locale, sell_sign_in).to_string()}</a></p>
        }
        .into_any(),
        Some(me) => match me.phone_verified {
            Some(false) => view! {
                <p>{td_string!(locale, verify_first).to_string()}</p>
                <VerifyPhoneForms next=next.clone()/>
            }
            .into_any(),
            None => view! { <p class="form-errors" role="alert">{td_string!(locale, err_seller_needs_phone).to_string()}</p> }.into_any(),
            Some(true) => view! {
                <p data-testid="phone-verified">{td!(locale, signed_in_as, name = move || me.display_name.clone())}" · "{me.login.clone()}" · "{td_string!(locale, phone_verified).to_string()}</p>
                <p><a class="button" href=if next == "/sell" { "/sell?step=2".to_string() } else { next.clone() }>{td_string!(locale, continue_button).to_string()}</a></p>
            }
            .into_any(),
        },
    }
}

/// Step 2 is a plain multipart form (the photo travels with it): the browser posts it and the
/// server redirects, with or without JavaScript.
#[component]
fn StepCraft(data: SellData) -> impl IntoView {
    let locale = locale();
    let app = data.application;
    let shop_name = if app.shop_name.is_empty() {
        data.me.map(|m| m.display_name).unwrap_or_default()
    } else {
        app.shop_name.clone()
    };
    // The district's ODOP product is suggested, and its craft preselected until one is chosen.
    let districts = StoredValue::new(data.districts);
    // Coming from a district's page (`?district=`), that district is chosen already.
    let from_link = use_query_map()
        .with_untracked(|q| q.get("district"))
        .filter(|slug| districts.with_value(|list| list.iter().any(|d| &d.slug == slug)));
    let f = FormState::of(SaveCraft::PATH);
    let saved_district = f.value(
        "district",
        if app.district_slug.is_empty() {
            from_link.unwrap_or_default()
        } else {
            app.district_slug.clone()
        },
    );
    let shop_name = f.value("shop_name", shop_name);
    let chosen_category = f.value(
        "category",
        if app.category_slug.is_empty() {
            districts.with_value(|list| {
                list.iter()
                    .find(|d| d.slug == saved_district)
                    .map(|d| d.category_slug.clone())
                    .unwrap_or_default()
            })
        } else {
            app.category_slug.clone()
        },
    );
    let choices = districts.with_value(|list| {
        list.iter()
            .map(|d| OdopChoice {
                slug: d.slug.clone(),
                product: d.odop_product.get(locale).to_string(),
                category: d.category_slug.clone(),
            })
            .collect::<Vec<_>>()
    });
    view! {
        <LiveForm id="craft-form">
        <FormErrors errors=f.summary()/>
        <form method="post" action=SaveCraft::PATH enctype="multipart/form-data" novalidate>
            <label class="field">
                <span>{td_string!(locale, field_shop_name).to_string()}</span>
                <input type="text" name="shop_name" required minlength="2" maxlength="80" value=shop_name
                    aria-invalid=f.aria_invalid("shop_name") aria-describedby=f.described_by("shop_name", None)/>
                <FieldMessage form=f.clone() name="shop_name"/>
            </label>
            <label class="field">
                <span>{td_string!(locale, field_district).to_string()}</span>
                <select name="district" required aria-invalid=f.aria_invalid("district") aria-describedby=f.described_by("district", None)>
                    <option value="">{td_string!(locale, choose_option).to_string()}</option>
                    {districts.with_value(|list| list.iter().map(|d| {
                        let selected = d.slug == saved_district;
                        view! { <option value=d.slug.clone() selected=selected>{d.name.get(locale).to_string()}</option> }
                    }).collect_view())}
                </select>
                <small><a href="/districts" target="_blank">{td_string!(locale, district_map_link).to_string()}</a></small>
                <FieldMessage form=f.clone() name="district"/>
            </label>
            <OdopSuggestion choices district=saved_district.clone() preselect=app.category_slug.is_empty()/>
            <label class="field">
                <span>{td_string!(locale, field_category).to_string()}</span>
                <select name="category" required aria-invalid=f.aria_invalid("category") aria-describedby=f.described_by("category", None)>
                    <option value="">{td_string!(locale, choose_option).to_string()}</option>
                    {data.categories.iter().map(|c| {
                        let selected = c.slug == chosen_category;
                        view! { <option value=c.slug.clone() selected=selected>{c.name.get(locale).to_string()}</option> }
                    }).collect_view()}
                </select>
                <FieldMessage form=f.clone() name="category"/>
            </label>
            <label class="field">
                <span>{td_string!(locale, field_story).to_string()}</span>
                <textarea name="story" rows="5" required minlength="10" maxlength="1000"
                    aria-invalid=f.aria_invalid("story") aria-describedby=f.described_by("story", Some("story-hint"))>{f.value("story", app.story.clone())}</textarea>
                <small id="story-hint">{td_string!(locale, story_hint).to_string()}</small>
                <FieldMessage form=f.clone() name="story"/>
            </label>
            {app.photo_url.clone().map(|url| view! {
                <img class="seller-photo" src=url srcset=app.photo_srcset.clone().unwrap_or_default() sizes="96px" width="96" height="96" alt=td_string!(locale, seller_photo_alt).to_string()/>
            })}
            <label class="field">
                <span>{td_string!(locale, field_photo).to_string()}</span>
                <input type="file" name="photo" accept="image/jpeg,image/png,image/webp"
                    aria-invalid=f.aria_invalid("photo") aria-describedby=f.described_by("photo", None)/>
                <small>{td_string!(locale, photo_hint).to_string()}</small>
                <FieldMessage form=f.clone() name="photo"/>
            </label>
            <button type="submit" class="button">{td_string!(locale, continue_button).to_string()}</button>
        </form>
        </LiveForm>
    }
}

/// A district's ODOP product and craft, for the suggestion in step 2.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OdopChoice {
    slug: String,
    product: String,
    category: String,
}

/// "The ODOP product of your district: …" under the district list, following the choice (with
/// JavaScript; without, the saved district's). While the seller has not chosen a craft, the
/// district's craft is selected for them.
#[island]
fn OdopSuggestion(choices: Vec<OdopChoice>, district: String, preselect: bool) -> impl IntoView {
    let locale = locale();
    let (district, set_district) = signal(district);
    #[cfg(feature = "hydrate")]
    {
        use leptos::wasm_bindgen::JsCast;
        let choices = choices.clone();
        let handle = window_event_listener(leptos::ev::change, move |ev| {
            let Some(select) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlSelectElement>().ok())
            else {
                return;
            };
            if select.name() != "district" {
                return;
            }
            let slug = select.value();
            if preselect {
                let craft = choices
                    .iter()
                    .find(|c| c.slug == slug)
                    .map(|c| c.category.clone());
                let category = select
                    .form()
                    .and_then(|f| f.query_selector("select[name=category]").ok().flatten())
                    .and_then(|c| c.dyn_into::<leptos::web_sys::HtmlSelectElement>().ok());
                if let (Some(craft), Some(category)) = (craft, category) {
                    category.set_value(&craft);
                }
            }
            set_district.set(slug);
        });
        on_cleanup(move || handle.remove());
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = (preselect, set_district);
    let product = move || {
        district.with(|d| {
            choices
                .iter()
                .find(|c| &c.slug == d)
                .map(|c| c.product.clone())
        })
    };
    view! {
        <div class="suggestion-slot" aria-live="polite">
            {move || product().map(|product| view! {
                <p class="suggestion" data-testid="odop-suggestion">{td_string!(locale, odop_of_district).to_string()}": "<strong>{product}</strong></p>
            })}
        </div>
    }
}

/// A text field of the wizard: its label, what was typed or saved, and its messages.
#[component]
fn WizardField(
    f: FormState,
    name: &'static str,
    label: String,
    saved: String,
    #[prop(optional)] max: u32,
    #[prop(optional)] required: bool,
    #[prop(optional)] inputmode: Option<&'static str>,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] capitals: bool,
) -> impl IntoView {
    view! {
        <label class="field">
            <span>{label}</span>
            <input type="text" name=name value=f.value(name, saved) required=required
                maxlength=(max > 0).then(|| max.to_string()) inputmode=inputmode autocomplete=autocomplete
                autocapitalize=capitals.then_some("characters")
                aria-invalid=f.aria_invalid(name) aria-describedby=f.described_by(name, None)/>
            <FieldMessage form=f.clone() name/>
        </label>
    }
}

#[component]
fn StepBusiness(application: Application) -> impl IntoView {
    let locale = locale();
    let a = application;
    let f = FormState::of(SaveBusiness::PATH);
    let kind = f.value("business_kind", a.business_kind.clone());
    let typed = f.clone();
    let field = move |name: &'static str, label: String, saved: &String, max: u32| {
        view! { <WizardField f=typed.clone() name label saved=saved.clone() max capitals=true/> }
    };
    view! {
        <LiveForm id="business-form">
        <FormErrors errors=f.summary()/>
        <form method="post" action=SaveBusiness::PATH class="business-form" novalidate>
            <fieldset class="choice" aria-invalid=f.aria_invalid("business_kind")>
                <legend>{td_string!(locale, business_kind_label).to_string()}</legend>
                <label><input type="radio" name="business_kind" value="gst" checked={kind == "gst"}/>" "{td_string!(locale, business_gst).to_string()}</label>
                <label><input type="radio" name="business_kind" value="unregistered" checked={kind == "unregistered"}/>" "{td_string!(locale, business_unregistered).to_string()}</label>
                <FieldMessage form=f.clone() name="business_kind"/>
            </fieldset>
            <fieldset class="when-gst">
                <legend>{td_string!(locale, business_gst).to_string()}</legend>
                {field("gstin", td_string!(locale, field_gstin).to_string(), &a.gstin, 15)}
                <WizardField f=f.clone() name="legal_name" label=td_string!(locale, field_legal_name).to_string() saved=a.legal_name.clone() max=120/>
            </fieldset>
            <fieldset class="when-unregistered">
                <legend>{td_string!(locale, business_unregistered).to_string()}</legend>
                <p class="note">{td_string!(locale, unregistered_note).to_string()}</p>
                {field("pan", td_string!(locale, field_pan).to_string(), &a.pan, 10)}
                {field("gst_enrolment", td_string!(locale, field_gst_enrolment).to_string(), &a.gst_enrolment, 15)}
            </fieldset>
            {field("udyam", td_string!(locale, field_udyam).to_string(), &a.udyam, 19)}
            <fieldset>
                <legend>{td_string!(locale, pickup_title).to_string()}</legend>
                <WizardField f=f.clone() name="pickup_line1" label=td_string!(locale, field_line1).to_string() saved=a.pickup_line1.clone() max=120 required=true autocomplete="address-line1"/>
                <WizardField f=f.clone() name="pickup_line2" label=td_string!(locale, field_line2).to_string() saved=a.pickup_line2.clone() max=120 autocomplete="address-line2"/>
                <WizardField f=f.clone() name="pickup_city" label=td_string!(locale, field_city).to_string() saved=a.pickup_city.clone() max=60 required=true autocomplete="address-level2"/>
                <WizardField f=f.clone() name="pickup_pin" label=td_string!(locale, field_pin).to_string() saved=a.pickup_pin.clone() max=7 required=true inputmode="numeric" autocomplete="postal-code"/>
            </fieldset>
            <button type="submit" class="button">{td_string!(locale, continue_button).to_string()}</button>
        </form>
        </LiveForm>
    }
}

#[component]
fn StepPayout(application: Application) -> impl IntoView {
    let locale = locale();
    let a = application;
    let f = FormState::of(SavePayout::PATH);
    let method = f.value("payout_method", a.payout_method.clone());
    view! {
        <LiveForm id="payout-form">
        <FormErrors errors=f.summary()/>
        <form method="post" action=SavePayout::PATH class="payout-form" novalidate>
            <p>{td_string!(locale, payout_hint).to_string()}</p>
            <fieldset class="choice" aria-invalid=f.aria_invalid("payout_method")>
                <legend>{td_string!(locale, payout_method_label).to_string()}</legend>
                <label><input type="radio" name="payout_method" value="upi" checked={method == "upi"}/>" "{td_string!(locale, payout_upi).to_string()}</label>
                <label><input type="radio" name="payout_method" value="bank" checked={method == "bank"}/>" "{td_string!(locale, payout_bank).to_string()}</label>
                <FieldMessage form=f.clone() name="payout_method"/>
            </fieldset>
            <fieldset class="when-upi">
                <legend>{td_string!(locale, payout_upi).to_string()}</legend>
                <label class="field">
                    <span>{td_string!(locale, field_upi).to_string()}</span>
                    <input type="text" name="upi_vpa" maxlength="100" autocapitalize="none" value=f.value("upi_vpa", a.upi_vpa.clone())
                        aria-invalid=f.aria_invalid("upi_vpa") aria-describedby=f.described_by("upi_vpa", None)/>
                    <FieldMessage form=f.clone() name="upi_vpa"/>
                </label>
            </fieldset>
            <fieldset class="when-bank">
                <legend>{td_string!(locale, payout_bank).to_string()}</legend>
                <label class="field">
                    <span>{td_string!(locale, field_bank_account).to_string()}</span>
                    // The saved number is shown masked, as a placeholder, never as a value.
                    <input type="text" name="bank_account" inputmode="numeric" maxlength="24" autocomplete="off" placeholder=a.bank_account.clone()
                        value=f.value("bank_account", "")
                        aria-invalid=f.aria_invalid("bank_account") aria-describedby=f.described_by("bank_account", None)/>
                    <FieldMessage form=f.clone() name="bank_account"/>
                </label>
                <WizardField f=f.clone() name="ifsc" label=td_string!(locale, field_ifsc).to_string() saved=a.ifsc.clone() max=11 capitals=true/>
            </fieldset>
            <WizardField f=f.clone() name="account_holder" label=td_string!(locale, field_holder).to_string() saved=a.account_holder.clone() max=80 required=true/>
            <button type="submit" class="button">{td_string!(locale, continue_button).to_string()}</button>
        </form>
        </LiveForm>
    }
}

/// The details of an application, for the seller's last step and the ODOP cell's queue.
#[component]
fn ApplicationFacts(application: Application, district: String, category: String) -> impl IntoView {
    let locale = locale();
    let a = application;
    let business = if a.business_kind == "gst" {
        format!("GSTIN {} · {}", a.gstin, a.legal_name)
    } else {
        format!(
            "PAN {} · {} {} · {}",
            a.pan,
            td_string!(locale, field_gst_enrolment),
            a.gst_enrolment,
            td_string!(locale, up_only_badge)
        )
    };
    let payout = if a.payout_method == "upi" {
        format!("UPI {} · {}", a.upi_vpa, a.account_holder)
    } else {
        format!(
            "{} {} · IFSC {} · {}",
            td_string!(locale, field_bank_account),
            a.bank_account,
            a.ifsc,
            a.account_holder
        )
    };
    let address = [
        a.pickup_line1.as_str(),
        a.pickup_line2.as_str(),
        a.pickup_city.as_str(),
        a.pickup_pin.as_str(),
    ]
    .iter()
    .filter(|s| !s.is_empty())
    .copied()
    .collect::<Vec<_>>()
    .join(", ");
    view! {
        <dl class="facts application-facts">
            <dt>{td_string!(locale, field_shop_name).to_string()}</dt><dd data-testid="fact-shop">{a.shop_name.clone()}</dd>
            <dt>{td_string!(locale, seller_district).to_string()}</dt><dd>{district}</dd>
            <dt>{td_string!(locale, field_category).to_string()}</dt><dd>{category}</dd>
            <dt>{td_string!(locale, field_story).to_string()}</dt><dd class="story">{a.story.clone()}</dd>
            <dt>{td_string!(locale, label_business).to_string()}</dt><dd>{business}</dd>
            {(!a.udyam.is_empty()).then(|| view! { <dt>{td_string!(locale, label_udyam).to_string()}</dt><dd>{a.udyam.clone()}</dd> })}
            <dt>{td_string!(locale, label_address).to_string()}</dt><dd>{address}</dd>
            <dt>{td_string!(locale, label_payout).to_string()}</dt><dd>{payout}</dd>
        </dl>
    }
}

#[component]
fn StepReview(data: SellData) -> impl IntoView {
    let locale = locale();
    let f = FormState::of(SubmitApplication::PATH);
    let a = data.application;
    let district = data
        .districts
        .iter()
        .find(|d| d.slug == a.district_slug)
        .map(|d| d.name.get(locale).to_string())
        .unwrap_or_default();
    let category = data
        .categories
        .iter()
        .find(|c| c.slug == a.category_slug)
        .map(|c| c.name.get(locale).to_string())
        .unwrap_or_default();
    let can_send = a.editable() && a.complete();
    view! {
        {can_send.then(|| view! { <p>{td_string!(locale, review_intro).to_string()}</p> })}
        <ApplicationFacts application=a.clone() district category/>
        <FormErrors errors=f.summary()/>
        {can_send.then(|| view! {
            <form method="post" action=SubmitApplication::PATH>
                <button type="submit" class="button">{td_string!(locale, submit_application).to_string()}</button>
            </form>
        })}
    }
}

/// `/seller/<slug>`: a verified seller's public page.
#[component]
pub fn SellerPage() -> impl IntoView {
    let locale = locale();
    let params = use_params_map();
    let data = Resource::new(
        move || params.read().get("slug").unwrap_or_default(),
        load_seller_page,
    );
    view! {
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(s) => {
                        let name = s.name.get(locale).to_string();
                        let since = crate::ui::year_of(s.member_since);
                        let district_href = format!("/district/{}", s.district_slug);
                        let empty = s.products.is_empty();
                        let path = format!("/seller/{}", s.slug);
                        let preview = Preview {
                            title: name.clone(),
                            description: s.story.get(locale).to_string(),
                            path: path.clone(),
                            image: s.photo_url.clone(),
                            price: None,
                            kind: "profile",
                        };
                        view! {
                            <Title text=format!("{name} · {}", td_string!(locale, site_name))/>
                            <ShareMeta preview/>
                            <article class="seller-page" data-testid="seller-page">
                                <header class="seller-head">
                                    {s.photo_url.clone().map(|url| view! {
                                        <img class="seller-photo" src=url srcset=s.photo_srcset.clone().unwrap_or_default() sizes="96px" width="96" height="96" alt=td_string!(locale, seller_photo_alt).to_string()/>
                                    })}
                                    <div>
                                        <h1>{name.clone()}</h1>
                                        <p>{td_string!(locale, seller_district).to_string()}": "<a href=district_href>{s.district_name.get(locale).to_string()}</a></p>
                                        <p>{td_string!(locale, seller_member_since).to_string()}": "{since}</p>
                                        {crate::reviews::average(s.rating.0, s.rating.1).map(|avg| view! {
                                            <p class="rating" data-testid="seller-rating">"★ "{avg}" · "{let n = s.rating.1; td!(locale, ratings_count, count = move || n)}</p>
                                        })}
                                    </div>
                                </header>
                                <p class="story" data-testid="seller-story">{s.story.get(locale).to_string()}</p>
                                <WhatsAppShare title=name.clone() path/>
                                <h2>{td_string!(locale, seller_products).to_string()}</h2>
                                {if empty {
                                    view! { <p>{td_string!(locale, seller_no_products).to_string()}</p> }.into_any()
                                } else {
                                    view! { <ProductGrid products=s.products/> }.into_any()
                                }}
                            </article>
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

/// `/admin/sellers`: the ODOP cell's queue. Admins without the second factor in this session
/// are asked for it first; everyone else is refused.
#[component]
pub fn AdminSellersPage() -> impl IntoView {
    let locale = locale();
    let approve = ServerAction::<ApproveSeller>::new();
    let reject = ServerAction::<RejectSeller>::new();
    let data = Resource::new(
        move || (approve.version().get(), reject.version().get()),
        |_| super::api::seller_queue(),
    );
    let errors = Signal::derive(move || {
        let mut list = messages(approve.value().get());
        list.extend(messages(reject.value().get()));
        list
    });
    view! {
        <Title text=td_string!(locale, admin_queue_title).to_string()/>
        <h1>{td_string!(locale, admin_queue_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok((_, Ok(queue))) => view! {
                        <FormErrors errors/>
                        {queue.is_empty().then(|| view! { <p data-testid="queue-empty">{td_string!(locale, admin_queue_empty).to_string()}</p> })}
                        <ul class="queue" data-testid="queue">
                            {queue.into_iter().map(|entry| view! { <QueueItem entry approve reject/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Ok((Some(me), Err(AppError::Forbidden))) if me.has_role("admin") && !me.second_factor => {
                        view! { <SecondFactorForm next="/admin/sellers"/> }.into_any()
                    }
                    Ok((None, _)) => view! {
                        <p><a class="button" href="/sign-in?next=/admin/sellers">{td_string!(locale, sign_in_title).to_string()}</a></p>
                    }.into_any(),
                    Ok((Some(_), Err(AppError::Forbidden))) => view! {
                        <p data-testid="admin-only">{td_string!(locale, admin_only).to_string()}</p>
                    }.into_any(),
                    _ => view! { <ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn QueueItem(
    entry: QueueEntry,
    approve: ServerAction<ApproveSeller>,
    reject: ServerAction<RejectSeller>,
) -> impl IntoView {
    let locale = locale();
    let approve_id = entry.seller_id.to_string();
    let reject_id = approve_id.clone();
    let reason_id = format!("reason-{}", entry.seller_id);
    let phone = format!(
        "+91 {}{}",
        entry.owner_phone,
        if entry.phone_verified {
            format!(" ({})", td_string!(locale, label_phone_verified))
        } else {
            String::new()
        }
    );
    view! {
        <li class="queue-item" data-testid="queue-item">
            <h2>{entry.application.shop_name.clone()}</h2>
            <p>{td_string!(locale, label_owner).to_string()}": "{entry.owner_name.clone()}" · "{phone}</p>
            <ApplicationFacts
                application=entry.application.clone()
                district=entry.district_name.get(locale).to_string()
                category=entry.category_name.get(locale).to_string()
            />
            <div class="decisions">
                <ActionForm action=approve attr:novalidate=true>
                    <input type="hidden" name="seller_id" value=approve_id/>
                    <button type="submit" class="button">{td_string!(locale, approve_button).to_string()}</button>
                </ActionForm>
                <ActionForm action=reject attr:novalidate=true>
                    <input type="hidden" name="seller_id" value=reject_id/>
                    <label class="field" for=reason_id.clone()>
                        <span>{td_string!(locale, field_reason).to_string()}</span>
                    </label>
                    <textarea id=reason_id name="reason" rows="3" required minlength="10" maxlength="500"></textarea>
                    <button type="submit" class="button secondary">{td_string!(locale, reject_button).to_string()}</button>
                </ActionForm>
            </div>
        </li>
    }
}
