//! Register, sign in and the account page. Plain forms: they work without JavaScript (the
//! server redirects back, with any error in the URL) and without a reload with it.
use super::api::{
    current_account, ChangePassword, Register, SendPhoneCode, SignIn, SignOut, SignOutEverywhere,
    VerifyPhone, VerifySecondFactor,
};
use crate::i18n::*;
use crate::ui::forms::{messages, FormErrors};
use crate::ui::locale;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn RegisterPage() -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<Register>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    // Where to go once the account exists (checkout, for a shopper who had a cart).
    let next = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    let sign_in = if next.is_empty() {
        "/sign-in".to_string()
    } else {
        format!(
            "/sign-in?next={}",
            crate::catalog::filter::percent_encode(&next)
        )
    };
    view! {
        <Title text=td_string!(locale, register_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, register_title).to_string()}</h1>
            <p>{td_string!(locale, register_intro).to_string()}</p>
            <FormErrors errors/>
            <ActionForm action=action>
                {(!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next.clone()/> })}
                <label class="field">
                    <span>{td_string!(locale, field_display_name).to_string()}</span>
                    <input type="text" name="display_name" required maxlength="80" autocomplete="name"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_login).to_string()}</span>
                    <input type="text" name="login" required autocomplete="username" inputmode="email"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_password).to_string()}</span>
                    <input type="password" name="password" required minlength="8" maxlength="128" autocomplete="new-password" aria-describedby="password-hint"/>
                    <small id="password-hint">{td_string!(locale, password_hint).to_string()}</small>
                </label>
                <button type="submit" class="button">{td_string!(locale, register_button).to_string()}</button>
            </ActionForm>
            <p><a href=sign_in>{td_string!(locale, have_account).to_string()}</a></p>
        </section>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<SignIn>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    // Where to go after signing in (the server accepts only paths on this site).
    let next = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get("next"))
        .unwrap_or_default();
    let register = if next.is_empty() {
        "/register".to_string()
    } else {
        format!(
            "/register?next={}",
            crate::catalog::filter::percent_encode(&next)
        )
    };
    view! {
        <Title text=td_string!(locale, sign_in_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, sign_in_title).to_string()}</h1>
            <FormErrors errors/>
            <ActionForm action=action>
                {(!next.is_empty()).then(|| view! { <input type="hidden" name="next" value=next.clone()/> })}
                <label class="field">
                    <span>{td_string!(locale, field_login).to_string()}</span>
                    <input type="text" name="login" required autocomplete="username" inputmode="email"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_password).to_string()}</span>
                    <input type="password" name="password" required autocomplete="current-password"/>
                </label>
                <button type="submit" class="button">{td_string!(locale, sign_in_button).to_string()}</button>
            </ActionForm>
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
/// `next` is where both forms return to; `changed` tells the page to load its data again.
#[component]
pub fn VerifyPhoneForms(#[prop(into)] next: String, changed: WriteSignal<u32>) -> impl IntoView {
    let locale = locale();
    let send_code = ServerAction::<SendPhoneCode>::new();
    let verify = ServerAction::<VerifyPhone>::new();
    let errors = Signal::derive(move || {
        let mut list = messages(send_code.value().get());
        list.extend(messages(verify.value().get()));
        list
    });
    let next_verify = next.clone();
    Effect::new(move |_| {
        if send_code.version().get() + verify.version().get() > 0 {
            changed.update(|n| *n += 1);
        }
    });
    view! {
        <section class="verify-phone" data-testid="verify-phone">
            <h2>{td_string!(locale, verify_phone_title).to_string()}</h2>
            <FormErrors errors/>
            <ActionForm action=send_code>
                <input type="hidden" name="next" value=next/>
                <button type="submit" class="button secondary">{td_string!(locale, send_code_button).to_string()}</button>
            </ActionForm>
            <ActionForm action=verify>
                <input type="hidden" name="next" value=next_verify/>
                <label class="field">
                    <span>{td_string!(locale, field_code).to_string()}</span>
                    <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/>
                </label>
                <button type="submit" class="button">{td_string!(locale, verify_button).to_string()}</button>
            </ActionForm>
        </section>
    }
}

/// An admin's second factor: the code from the authenticator app.
#[component]
pub fn SecondFactorForm(next: &'static str) -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<VerifySecondFactor>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    view! {
        <section class="second-factor" data-testid="second-factor">
            <h2>{td_string!(locale, second_factor_title).to_string()}</h2>
            <p>{td_string!(locale, second_factor_intro).to_string()}</p>
            <FormErrors errors/>
            <ActionForm action=action>
                <input type="hidden" name="next" value=next/>
                <label class="field">
                    <span>{td_string!(locale, field_totp).to_string()}</span>
                    <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/>
                </label>
                <button type="submit" class="button">{td_string!(locale, confirm_button).to_string()}</button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ChangePasswordForm() -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<ChangePassword>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    view! {
        <details class="change-password">
            <summary>{td_string!(locale, change_password_title).to_string()}</summary>
            <FormErrors errors/>
            <ActionForm action=action>
                <label class="field">
                    <span>{td_string!(locale, field_current_password).to_string()}</span>
                    <input type="password" name="current" required autocomplete="current-password"/>
                </label>
                <label class="field">
                    <span>{td_string!(locale, field_new_password).to_string()}</span>
                    <input type="password" name="new_password" required minlength="8" maxlength="128" autocomplete="new-password"/>
                    <small>{td_string!(locale, password_hint).to_string()}</small>
                </label>
                <button type="submit" class="button">{td_string!(locale, change_password_button).to_string()}</button>
            </ActionForm>
        </details>
    }
}

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = locale();
    let sign_out_action = ServerAction::<SignOut>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let (changed, set_changed) = signal(0u32);
    let query = leptos_router::hooks::use_query_map();
    // Sending a code or verifying changes what the page shows: load it again after either.
    let data = Resource::new(move || changed.get(), |_| current_account());
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
                                    <VerifyPhoneForms next="/account" changed=set_changed/>
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
                                <ActionForm action=sign_out_action>
                                    <button type="submit" class="button">{td_string!(locale, sign_out_button).to_string()}</button>
                                </ActionForm>
                                <ActionForm action=everywhere>
                                    <button type="submit" class="button secondary">{td_string!(locale, sign_out_everywhere_button).to_string()}</button>
                                </ActionForm>
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
                    Err(_) => view! { <crate::app::ServerError/> }.into_any(),
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
                        crate::error::set_status(&crate::error::AppError::Forbidden);
                        view! { <p data-testid="admin-only">{td_string!(locale, admin_only).to_string()}</p> }.into_any()
                    }
                    Ok(None) => view! {
                        <p><a class="button" href="/sign-in?next=/admin">{td_string!(locale, sign_in_title).to_string()}</a></p>
                    }.into_any(),
                    Err(_) => view! { <crate::app::ServerError/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
