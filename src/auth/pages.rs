//! Register, sign in and the account page. Plain forms posted to the server functions: they
//! work the same with and without JavaScript. A refused form comes back filled in (never the
//! password), each message next to its field and in the reader's language; `novalidate`
//! leaves the rules to the server, which explains them in that language (the browser's own
//! bubbles speak the browser's).
use super::api::{
    current_account, ChangePassword, Register, SendPhoneCode, SignIn, SignOut, SignOutEverywhere,
    VerifyPhone, VerifySecondFactor,
};
use crate::i18n::*;
use crate::ui::forms::{FieldMessage, FormErrors, FormState, LiveForm};
use crate::ui::locale;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;

/// Where to go once signed in or registered (`?next=`, checked again by the server).
fn next_of_query() -> String {
    leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default()
}

/// `path`, carrying `next` along when there is one.
fn with_next(path: &str, next: &str) -> String {
    if next.is_empty() {
        path.to_string()
    } else {
        format!("{path}?next={}", crate::helpers::form_value(next))
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let locale = locale();
    let f = FormState::of(Register::PATH);
    // Where to go once the account exists (checkout, for a shopper who had a cart).
    let next = f.value("next", next_of_query());
    let sign_in = with_next("/sign-in", &next);
    view! {
        <Title text=td_string!(locale, register_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, register_title).to_string()}</h1>
            <p>{td_string!(locale, register_intro).to_string()}</p>
            <LiveForm id="register-form">
            <FormErrors errors=f.summary()/>
            <form method="post" action=Register::PATH novalidate>
                {(!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next.clone()/> })}
                <label class="field">
                    <span>{td_string!(locale, field_display_name).to_string()}</span>
                    <input type="text" name="display_name" required maxlength="80" autocomplete="name"
                        value=f.value("display_name", "") aria-invalid=f.aria_invalid("display_name")
                        aria-describedby=f.described_by("display_name", None)/>
                    <FieldMessage form=f.clone() name="display_name"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_login).to_string()}</span>
                    <input type="text" name="login" required autocomplete="username" inputmode="email"
                        value=f.value("login", "") aria-invalid=f.aria_invalid("login")
                        aria-describedby=f.described_by("login", None)/>
                    <FieldMessage form=f.clone() name="login"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_password).to_string()}</span>
                    <input type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password"
                        aria-invalid=f.aria_invalid("password") aria-describedby=f.described_by("password", Some("password-hint"))/>
                    <small id="password-hint">{td_string!(locale, password_hint).to_string()}</small>
                    <FieldMessage form=f.clone() name="password"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, register_button).to_string()}</button>
            </form>
            </LiveForm>
            <p><a href=sign_in>{td_string!(locale, have_account).to_string()}</a></p>
        </section>
    }
}

/// The seller wizard's first step for a guest: an account with a mobile number (codes go to it)
/// and a language, marked as a seller's; then on to `next`.
#[component]
pub fn SellerRegisterForm(next: String) -> impl IntoView {
    let locale = locale();
    let f = FormState::of(Register::PATH);
    view! {
        <LiveForm id="register-form">
        <FormErrors errors=f.summary()/>
        <form method="post" action=Register::PATH novalidate>
            <input type="hidden" name="seller" value="1"/>
            <input type="hidden" name="next" value=next.clone()/>
            <label class="field">
                <span>{td_string!(locale, field_display_name).to_string()}</span>
                <input type="text" name="display_name" required maxlength="80" autocomplete="name"
                    value=f.value("display_name", "") aria-invalid=f.aria_invalid("display_name")
                    aria-describedby=f.described_by("display_name", None)/>
                <FieldMessage form=f.clone() name="display_name"/>
            </label>
            <label class="field">
                <span>{td_string!(locale, field_mobile).to_string()}</span>
                <input type="tel" name="login" required autocomplete="tel-national" inputmode="tel" maxlength="16"
                    value=f.value("login", "") aria-invalid=f.aria_invalid("login")
                    aria-describedby=f.described_by("login", None)/>
                <FieldMessage form=f.clone() name="login"/>
            </label>
            <label class="field">
                <span>{td_string!(locale, field_password).to_string()}</span>
                <input type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password"
                    aria-invalid=f.aria_invalid("password") aria-describedby=f.described_by("password", Some("password-hint"))/>
                <small id="password-hint">{td_string!(locale, password_hint).to_string()}</small>
                <FieldMessage form=f.clone() name="password"/>
            </label>
            <label class="field">
                <span>{td_string!(locale, field_language).to_string()}</span>
                <select name="language">
                    {let language = f.value("language", crate::i18n_util::lang_code(locale));
                    view! {
                        <option value="hi" selected={language == "hi"}>{td_string!(locale, lang_hi).to_string()}</option>
                        <option value="en" selected={language == "en"}>{td_string!(locale, lang_en).to_string()}</option>
                    }}
                </select>
            </label>
            <button type="submit" class="button">{td_string!(locale, continue_button).to_string()}</button>
        </form>
        </LiveForm>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = locale();
    let f = FormState::of(SignIn::PATH);
    // Where to go after signing in (the server accepts only paths on this site).
    let next = f.value("next", next_of_query());
    let register = with_next("/register", &next);
    view! {
        <Title text=td_string!(locale, sign_in_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, sign_in_title).to_string()}</h1>
            <LiveForm id="sign-in-form">
            <FormErrors errors=f.summary()/>
            <form method="post" action=SignIn::PATH novalidate>
                {(!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next.clone()/> })}
                <label class="field">
                    <span>{td_string!(locale, field_login).to_string()}</span>
                    <input type="text" name="login" required autocomplete="username" inputmode="email"
                        value=f.value("login", "") aria-invalid=f.aria_invalid("login")
                        aria-describedby=f.described_by("login", None)/>
                    <FieldMessage form=f.clone() name="login"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_password).to_string()}</span>
                    <input type="password" name="password" required autocomplete="current-password"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, sign_in_button).to_string()}</button>
            </form>
            </LiveForm>
            <p><a href=register>{td_string!(locale, no_account).to_string()}</a></p>
        </section>
    }
}

fn role_name(locale: Locale, role: &str) -> String {
    match role {
        "seller" => td_string!(locale, role_seller),
        "expert" => td_string!(locale, role_expert),
        "admin" => td_string!(locale, role_admin),
        _ => td_string!(locale, role_shopper),
    }
    .to_string()
}

/// Step 1's second half, also on the account page: send a code by SMS, type it in.
/// `next` is where both forms return to.
#[component]
pub fn VerifyPhoneForms(#[prop(into)] next: String) -> impl IntoView {
    let locale = locale();
    let send = FormState::of(SendPhoneCode::PATH);
    let f = FormState::of(VerifyPhone::PATH);
    let mut errors = send.messages();
    errors.extend(f.messages());
    view! {
        <section class="verify-phone" data-testid="verify-phone">
            <h2>{td_string!(locale, verify_phone_title).to_string()}</h2>
            <LiveForm id="verify-phone-forms">
            <FormErrors errors=Signal::derive(move || errors.clone())/>
            <form method="post" action=SendPhoneCode::PATH>
                <input type="hidden" name="next" value=next.clone()/>
                <button type="submit" class="button secondary">{td_string!(locale, send_code_button).to_string()}</button>
            </form>
            <form method="post" action=VerifyPhone::PATH novalidate>
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span>{td_string!(locale, field_code).to_string()}</span>
                    <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required
                        aria-invalid=f.aria_invalid("code") aria-describedby=f.described_by("code", None)/>
                    <FieldMessage form=f.clone() name="code"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, verify_button).to_string()}</button>
            </form>
            </LiveForm>
        </section>
    }
}

/// An admin's second factor: the code from the authenticator app.
#[component]
pub fn SecondFactorForm(next: &'static str) -> impl IntoView {
    let locale = locale();
    let f = FormState::of(VerifySecondFactor::PATH);
    view! {
        <section class="second-factor" data-testid="second-factor">
            <h2>{td_string!(locale, second_factor_title).to_string()}</h2>
            <p>{td_string!(locale, second_factor_intro).to_string()}</p>
            <LiveForm id="second-factor-form">
            <FormErrors errors=f.summary()/>
            <form method="post" action=VerifySecondFactor::PATH novalidate>
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span>{td_string!(locale, field_totp).to_string()}</span>
                    <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required
                        aria-invalid=f.aria_invalid("code") aria-describedby=f.described_by("code", None)/>
                    <FieldMessage form=f.clone() name="code"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, confirm_button).to_string()}</button>
            </form>
            </LiveForm>
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let locale = locale();
    let f = FormState::of(ChangePassword::PATH);
    let refused = !f.messages().is_empty();
    view! {
        <details class="change-password" open=refused>
            <summary>{td_string!(locale, change_password_title).to_string()}</summary>
            <LiveForm id="change-password-form">
            <FormErrors errors=f.summary()/>
            <form method="post" action=ChangePassword::PATH novalidate>
                <label class="field">
                    <span>{td_string!(locale, field_current_password).to_string()}</span>
                    <input type="password" name="current" required autocomplete="current-password"
                        aria-invalid=f.aria_invalid("current") aria-describedby=f.described_by("current", None)/>
                    <FieldMessage form=f.clone() name="current"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_new_password).to_string()}</span>
                    <input type="password" name="new_password" required minlength="8" maxlength="128" autocomplete="new-password"
                        aria-invalid=f.aria_invalid("new_password") aria-describedby=f.described_by("new_password", Some("new-password-hint"))/>
                    <small id="new-password-hint">{td_string!(locale, password_hint).to_string()}</small>
                    <FieldMessage form=f.clone() name="new_password"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, change_password_button).to_string()}</button>
            </form>
            </LiveForm>
        </details>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = locale();
    let query = leptos_router::hooks::use_query_map();
    let data = Resource::new(|| (), |_| current_account());
    view! {
        <Title text=td_string!(locale, account_title).to_string()/>
        <h1>{td_string!(locale, account_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(me)) => {
                        let name = me.display_name.clone();
                        let login = me.login.clone();
                        let roles = me.roles.iter().map(|r| role_name(locale, r)).collect::<Vec<_>>().join(", ");
                        let password_changed = query.with_untracked(|q| q.get("changed").is_some());
                        view! {
                            <section class="account" data-testid="account">
                                {password_changed.then(|| view! {
                                    <p class="notice" role="status" data-testid="password-changed">{td_string!(locale, password_changed).to_string()}</p>
                                })}
                                <p><strong>{td!(locale, signed_in_as, name = move || name.clone())}</strong></p>
                                <p>{td!(locale, login_is, login = move || login.clone())}</p>
                                <p>{td_string!(locale, roles_label).to_string()}": "{roles}</p>
                                {(me.phone_verified == Some(true)).then(|| view! {
                                    <p class="badge stock in" data-testid="phone-verified">{td_string!(locale, phone_verified).to_string()}</p>
                                })}
                                {(me.phone_verified == Some(false)).then(|| view! {
                                    <VerifyPhoneForms next="/account"/>
                                })}
                                {me.seller_status.is_some().then(|| view! {
                                    <p><a href="/dashboard">{td_string!(locale, nav_dashboard).to_string()}</a>" · "<a href="/sell">{td_string!(locale, seller_link).to_string()}</a></p>
                                })}
                                {me.has_role("admin").then(|| if me.second_factor {
                                    view! { <p><a href="/admin/sellers">{td_string!(locale, admin_link).to_string()}</a></p> }.into_any()
                                } else {
                                    view! { <SecondFactorForm next="/admin/sellers"/> }.into_any()
                                })}
                                <ChangePasswordForm/>
                                <form method="post" action=SignOut::PATH>
                                    <button type="submit" class="button">{td_string!(locale, sign_out_button).to_string()}</button>
                                </form>
                                <form method="post" action=SignOutEverywhere::PATH>
                                    <button type="submit" class="button secondary">{td_string!(locale, sign_out_everywhere_button).to_string()}</button>
                                </form>
                            </section>
                        }
                        .into_any()
                    }
                    Ok(None) => view! {
                        <section class="account" data-testid="account">
                            <p>{td_string!(locale, not_signed_in).to_string()}</p>
                            <p><a class="button" href="/sign-in">{td_string!(locale, sign_in_title).to_string()}</a></p>
                            <p><a href="/register">{td_string!(locale, no_account).to_string()}</a></p>
                        </section>
                    }
                    .into_any(),
                    Err(_) => view! { <crate::ui::ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/admin`: an admin's landing page — the second factor first, then the ODOP cell's tools.
#[component]
pub fn AdminPage() -> impl IntoView {
    let locale = locale();
    let data = Resource::new(|| (), |_| current_account());
    view! {
        <Title text=td_string!(locale, admin_title).to_string()/>
        <h1>{td_string!(locale, admin_title).to_string()}</h1>
        <Suspense fallback=move || view! { <p class="loading">{td_string!(locale, loading).to_string()}</p> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(me)) if me.has_role("admin") => if me.second_factor {
                        view! {
                            <p data-testid="second-factor-done">{td_string!(locale, second_factor_done).to_string()}</p>
                            <p><a class="button" href="/admin/sellers">{td_string!(locale, admin_queue_link).to_string()}</a></p>
                            <p><a class="button" href="/admin/products">{td_string!(locale, admin_products_title).to_string()}</a></p>
                            <p><a class="button" href="/admin/payments">{td_string!(locale, admin_payments_title).to_string()}</a></p>
                        }.into_any()
                    } else {
                        view! { <SecondFactorForm next="/admin/sellers"/> }.into_any()
                    },
                    Ok(Some(_)) => {
                        #[cfg(feature = "ssr")]
                        crate::request::set_status(&crate::error::AppError::Forbidden);
                        view! { <p data-testid="admin-only">{td_string!(locale, admin_only).to_string()}</p> }.into_any()
                    }
                    Ok(None) => view! {
                        <p><a class="button" href="/sign-in?next=/admin">{td_string!(locale, sign_in_title).to_string()}</a></p>
                    }.into_any(),
                    Err(_) => view! { <crate::ui::ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
