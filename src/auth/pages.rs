//! Register, sign in and the account page. Plain forms: they work without JavaScript (the
//! server redirects back, with any error in the URL) and without a reload with it.
use super::api::{
    current_account, Register, SendPhoneCode, SignIn, SignOut, SignOutEverywhere, VerifyPhone,
};
use crate::error::AppError;
use crate::i18n::*;
use crate::ui::locale;
use leptos::prelude::*;
use leptos_meta::Title;

fn error_text(locale: Locale, code: &str) -> String {
    match code {
        "name_invalid" => td_string!(locale, err_name_invalid),
        "login_invalid" => td_string!(locale, err_login_invalid),
        "login_taken" => td_string!(locale, err_login_taken),
        "password_short" => td_string!(locale, err_password_short),
        "password_long" => td_string!(locale, err_password_long),
        "password_common" => td_string!(locale, err_password_common),
        "password_personal" => td_string!(locale, err_password_personal),
        "credentials" => td_string!(locale, err_credentials),
        "no_phone" => td_string!(locale, err_no_phone),
        "code_wrong" => td_string!(locale, err_code_wrong),
        "code_expired" => td_string!(locale, err_code_expired),
        "code_attempts" => td_string!(locale, err_code_attempts),
        _ => td_string!(locale, err_generic),
    }
    .to_string()
}

/// The messages of a failed submission, each in the reader's language.
fn messages(result: Option<Result<(), AppError>>) -> Vec<String> {
    let locale = locale();
    match result {
        Some(Err(AppError::Validation(fields))) => {
            fields.iter().map(|f| error_text(locale, &f.code)).collect()
        }
        Some(Err(AppError::Unauthorized)) => vec![td_string!(locale, err_unauthorized).to_string()],
        Some(Err(AppError::TooManyRequests(seconds))) => {
            let minutes = (seconds + 59) / 60;
            vec![format!(
                "{} ({minutes} {})",
                td_string!(locale, err_rate_limited),
                td_string!(locale, minutes_unit)
            )]
        }
        Some(Err(_)) => vec![td_string!(locale, err_generic).to_string()],
        _ => Vec::new(),
    }
}

#[component]
fn FormErrors(errors: Signal<Vec<String>>) -> impl IntoView {
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="form-errors" role="alert" data-testid="form-errors">
                    <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            }
        })
    }
}

#[component]
pub fn RegisterPage() -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<Register>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    view! {
        <Title text=td_string!(locale, register_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, register_title).to_string()}</h1>
            <p>{td_string!(locale, register_intro).to_string()}</p>
            <FormErrors errors/>
            <ActionForm action=action>
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
            <p><a href="/sign-in">{td_string!(locale, have_account).to_string()}</a></p>
        </section>
    }
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let locale = locale();
    let action = ServerAction::<SignIn>::new();
    let errors = Signal::derive(move || messages(action.value().get()));
    view! {
        <Title text=td_string!(locale, sign_in_title).to_string()/>
        <section class="auth-form">
            <h1>{td_string!(locale, sign_in_title).to_string()}</h1>
            <FormErrors errors/>
            <ActionForm action=action>
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
            <p><a href="/register">{td_string!(locale, no_account).to_string()}</a></p>
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

#[component]
pub fn AccountPage() -> impl IntoView {
    let locale = locale();
    let sign_out_action = ServerAction::<SignOut>::new();
    let everywhere = ServerAction::<SignOutEverywhere>::new();
    let send_code = ServerAction::<SendPhoneCode>::new();
    let verify = ServerAction::<VerifyPhone>::new();
    let verify_errors = Signal::derive(move || {
        let mut list = messages(send_code.value().get());
        list.extend(messages(verify.value().get()));
        list
    });
    // Sending a code or verifying changes what the page shows: load it again after either.
    let data = Resource::new(
        move || (send_code.version().get(), verify.version().get()),
        |_| current_account(),
    );
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
                        view! {
                            <section class="account" data-testid="account">
                                <p><strong>{td!(locale, signed_in_as, name = move || name.clone())}</strong></p>
                                <p>{td!(locale, login_is, login = move || login.clone())}</p>
                                <p>{td_string!(locale, roles_label).to_string()}": "{roles}</p>
                                {(me.phone_verified == Some(true)).then(|| view! {
                                    <p class="badge stock in" data-testid="phone-verified">{td_string!(locale, phone_verified).to_string()}</p>
                                })}
                                {(me.phone_verified == Some(false)).then(|| view! {
                                    <section class="verify-phone" data-testid="verify-phone">
                                        <h2>{td_string!(locale, verify_phone_title).to_string()}</h2>
                                        <FormErrors errors=verify_errors/>
                                        <ActionForm action=send_code>
                                            <button type="submit" class="button secondary">{td_string!(locale, send_code_button).to_string()}</button>
                                        </ActionForm>
                                        <ActionForm action=verify>
                                            <label class="field">
                                                <span>{td_string!(locale, field_code).to_string()}</span>
                                                <input type="text" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="6" required/>
                                            </label>
                                            <button type="submit" class="button">{td_string!(locale, verify_button).to_string()}</button>
                                        </ActionForm>
                                    </section>
                                })}
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
