//! How forms report problems: each error code from the server becomes a sentence in the
//! reader's language, shown above the form (a plain form post gets it back in the URL).
use crate::error::AppError;
use crate::i18n::*;
use leptos::prelude::*;

/// The sentence for a refusal of "add to cart" — kept apart from [`error_text`] because the
/// add-to-cart island needs only these in the browser.
pub fn cart_error_text(locale: Locale, code: &str) -> Option<&'static str> {
    Some(match code {
        "product_unavailable" => td_string!(locale, err_product_unavailable),
        "option_invalid" => td_string!(locale, err_option_invalid),
        "option_missing" => td_string!(locale, err_option_missing),
        "cart_full" => td_string!(locale, err_cart_full),
        "out_of_stock" => td_string!(locale, err_out_of_stock),
        "not_enough_stock" => td_string!(locale, err_not_enough_stock),
        "quantity_invalid" => td_string!(locale, err_quantity_invalid),
        "not_in_cart" => td_string!(locale, err_not_in_cart),
        _ => return None,
    })
}

/// The sentence for a validation code (`FieldError::code`).
pub fn error_text(locale: Locale, code: &str) -> String {
    if let Some(text) = cart_error_text(locale, code) {
        return text.to_string();
    }
    match code {
        "name_invalid" => td_string!(locale, err_name_invalid),
        "login_invalid" => td_string!(locale, err_login_invalid),
        "login_taken" => td_string!(locale, err_login_taken),
        "password_short" => td_string!(locale, err_password_short),
        "password_long" => td_string!(locale, err_password_long),
        "password_common" => td_string!(locale, err_password_common),
        "password_personal" => td_string!(locale, err_password_personal),
        "credentials" => td_string!(locale, err_credentials),
        "unauthorized" => td_string!(locale, err_unauthorized),
        "rate_limited" => td_string!(locale, err_rate_limited),
        "no_phone" => td_string!(locale, err_no_phone),
        "code_wrong" => td_string!(locale, err_code_wrong),
        "code_expired" => td_string!(locale, err_code_expired),
        "code_attempts" => td_string!(locale, err_code_attempts),
        "seller_needs_phone" => td_string!(locale, err_seller_needs_phone),
        "current_password_wrong" => td_string!(locale, err_current_password_wrong),
        "totp_wrong" => td_string!(locale, err_totp_wrong),
        "phone_unverified" => td_string!(locale, err_phone_unverified),
        "shop_name_invalid" => td_string!(locale, err_shop_name_invalid),
        "district_invalid" => td_string!(locale, err_district_invalid),
        "category_invalid" => td_string!(locale, err_category_invalid),
        "story_short" => td_string!(locale, err_story_short),
        "story_long" => td_string!(locale, err_story_long),
        "business_kind_missing" => td_string!(locale, err_business_kind_missing),
        "gstin_empty" => td_string!(locale, err_gstin_empty),
        "gstin_format" => td_string!(locale, err_gstin_format),
        "gstin_check" => td_string!(locale, err_gstin_check),
        "gstin_state" => td_string!(locale, err_gstin_state),
        "legal_name_invalid" => td_string!(locale, err_legal_name_invalid),
        "pan_invalid" => td_string!(locale, err_pan_invalid),
        "enrolment_invalid" => td_string!(locale, err_enrolment_invalid),
        "enrolment_state" => td_string!(locale, err_enrolment_state),
        "udyam_invalid" => td_string!(locale, err_udyam_invalid),
        "address_invalid" => td_string!(locale, err_address_invalid),
        "city_invalid" => td_string!(locale, err_city_invalid),
        "pin_invalid" => td_string!(locale, err_pin_invalid),
        "pin_not_up" => td_string!(locale, err_pin_not_up),
        "payout_method_missing" => td_string!(locale, err_payout_method_missing),
        "upi_invalid" => td_string!(locale, err_upi_invalid),
        "bank_account_invalid" => td_string!(locale, err_bank_account_invalid),
        "ifsc_invalid" => td_string!(locale, err_ifsc_invalid),
        "holder_invalid" => td_string!(locale, err_holder_invalid),
        "application_locked" => td_string!(locale, err_application_locked),
        "application_incomplete" => td_string!(locale, err_application_incomplete),
        "seller_not_pending" => td_string!(locale, err_seller_not_pending),
        "craft_first" => td_string!(locale, err_craft_first),
        "reason_invalid" => td_string!(locale, err_reason_invalid),
        "forbidden" => td_string!(locale, err_forbidden),
        "photo_missing" => td_string!(locale, err_photo_missing),
        "photo_too_large" => td_string!(locale, err_photo_too_large),
        "photo_not_image" => td_string!(locale, err_photo_not_image),
        "photo_too_many_pixels" => td_string!(locale, err_photo_too_many_pixels),
        "photo_broken" => td_string!(locale, err_photo_broken),
        "title_missing" => td_string!(locale, err_title_missing),
        "title_long" => td_string!(locale, err_title_long),
        "description_long" => td_string!(locale, err_description_long),
        "price_invalid" => td_string!(locale, err_price_invalid),
        "mrp_invalid" => td_string!(locale, err_mrp_invalid),
        "mrp_below_price" => td_string!(locale, err_mrp_below_price),
        "stock_invalid" => td_string!(locale, err_stock_invalid),
        "hsn_invalid" => td_string!(locale, err_hsn_invalid),
        "gst_rate_invalid" => td_string!(locale, err_gst_rate_invalid),
        "weight_invalid" => td_string!(locale, err_weight_invalid),
        "materials_long" => td_string!(locale, err_materials_long),
        "status_invalid" => td_string!(locale, err_status_invalid),
        "seller_not_verified" => td_string!(locale, err_seller_not_verified),
        "photo_too_many" => td_string!(locale, err_photo_too_many),
        "origin_invalid" => td_string!(locale, err_origin_invalid),
        "text_too_long" => td_string!(locale, err_text_too_long),
        "variant_sku_invalid" => td_string!(locale, err_variant_sku_invalid),
        "variant_label_invalid" => td_string!(locale, err_variant_label_invalid),
        "variant_price_invalid" => td_string!(locale, err_variant_price_invalid),
        "variant_mrp_below_price" => td_string!(locale, err_variant_mrp_below_price),
        "variant_stock_invalid" => td_string!(locale, err_variant_stock_invalid),
        "variant_too_many" => td_string!(locale, err_variant_too_many),
        "sku_invalid" => td_string!(locale, err_sku_invalid),
        "sku_repeated" => td_string!(locale, err_sku_repeated),
        "sku_taken" => td_string!(locale, err_sku_taken),
        "sku_missing" => td_string!(locale, err_sku_missing),
        "dimensions_invalid" => td_string!(locale, err_dimensions_invalid),
        "stock_in_options" => td_string!(locale, err_stock_in_options),
        "csv_missing" => td_string!(locale, err_csv_missing),
        "csv_too_large" => td_string!(locale, err_csv_too_large),
        "csv_not_utf8" => td_string!(locale, err_csv_not_utf8),
        "csv_broken" => td_string!(locale, err_csv_broken),
        "csv_no_sku_column" => td_string!(locale, err_csv_no_sku_column),
        "csv_too_many_rows" => td_string!(locale, err_csv_too_many_rows),
        "csv_yes_no" => td_string!(locale, err_csv_yes_no),
        "parent_sku_unknown" => td_string!(locale, err_parent_sku_unknown),
        "product_not_pending" => td_string!(locale, err_product_not_pending),
        "phone_invalid" => td_string!(locale, err_phone_invalid),
        "state_invalid" => td_string!(locale, err_state_invalid),
        "pin_state_mismatch" => td_string!(locale, err_pin_state_mismatch),
        "cart_empty" => td_string!(locale, err_cart_empty),
        "cart_changed" => td_string!(locale, err_cart_changed),
        "up_only" => td_string!(locale, err_up_only),
        "address_unknown" => td_string!(locale, err_address_unknown),
        "cod_limit" => td_string!(locale, err_cod_limit),
        "sold_out" => td_string!(locale, err_sold_out),
        "payment_method_invalid" => td_string!(locale, err_payment_method_invalid),
        "attempt_invalid" => td_string!(locale, err_attempt_invalid),
        "order_not_found" => td_string!(locale, err_order_not_found),
        "order_step_invalid" => td_string!(locale, err_order_step_invalid),
        "shipping_details_missing" => td_string!(locale, err_shipping_details_missing),
        "cancel_reason_missing" => td_string!(locale, err_cancel_reason_missing),
        "utr_invalid" => td_string!(locale, err_utr_invalid),
        "order_not_awaiting" => td_string!(locale, err_order_not_awaiting),
        "too_many_unpaid" => td_string!(locale, err_too_many_unpaid),
        "utr_used" => td_string!(locale, err_utr_used),
        "date_invalid" => td_string!(locale, err_date_invalid),
        "percent_invalid" => td_string!(locale, err_percent_invalid),
        "return_window_over" => td_string!(locale, err_return_window_over),
        "return_reason_missing" => td_string!(locale, err_return_reason_missing),
        "refund_not_pending" => td_string!(locale, err_refund_not_pending),
        "review_exists" => td_string!(locale, err_review_exists),
        "stars_invalid" => td_string!(locale, err_stars_invalid),
        "review_too_long" => td_string!(locale, err_review_too_long),
        "reply_invalid" => td_string!(locale, err_reply_invalid),
        "reply_exists" => td_string!(locale, err_reply_exists),
        "reference_invalid" => td_string!(locale, err_reference_invalid),
        _ => td_string!(locale, err_generic),
    }
    .to_string()
}

/// The messages of a failed submission, each in the reader's language.
pub fn messages<T>(result: Option<Result<T, AppError>>) -> Vec<String> {
    let locale = super::locale();
    match result {
        Some(Err(e)) => error_messages(locale, &e),
        _ => Vec::new(),
    }
}

/// The sentences for an error.
pub fn error_messages(locale: Locale, error: &AppError) -> Vec<String> {
    match error {
        AppError::Validation(fields) => {
            fields.iter().map(|f| error_text(locale, &f.code)).collect()
        }
        AppError::Unauthorized => vec![td_string!(locale, err_unauthorized).to_string()],
        AppError::Forbidden => vec![td_string!(locale, err_forbidden).to_string()],
        AppError::TooManyRequests(seconds) => {
            let minutes = (seconds + 59) / 60;
            vec![format!(
                "{} ({minutes} {})",
                td_string!(locale, err_rate_limited),
                td_string!(locale, minutes_unit)
            )]
        }
        _ => vec![td_string!(locale, err_generic).to_string()],
    }
}

/// A form as its page is drawn. After a refused plain post to the server function at `path`
/// (the server sends the reader back with `__path` and `__err` in the URL), it holds the error
/// and what was typed (see `crate::drafts`), so the form comes back filled in, every message
/// next to its field; otherwise it is empty and fields show their saved values.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    error: Option<AppError>,
    typed: Vec<(String, String)>,
    locale: Option<Locale>,
}

impl FormState {
    pub fn of(path: &str) -> Self {
        let query = leptos_router::hooks::use_query_map();
        let error = query.with_untracked(|q| match (q.get("__path"), q.get("__err")) {
            (Some(p), Some(e)) if p == path => {
                Some(leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&e))
            }
            _ => None,
        });
        #[cfg(feature = "ssr")]
        let typed = match error {
            Some(_) => crate::drafts::current()
                .filter(|d| d.path == path)
                .map(|d| d.fields)
                .unwrap_or_default(),
            None => Vec::new(),
        };
        #[cfg(not(feature = "ssr"))]
        let typed = Vec::new();
        FormState {
            error,
            typed,
            locale: Some(super::locale()),
        }
    }

    /// The value to show in field `name`: what was typed in the refused post, else `saved`.
    pub fn value(&self, name: &str, saved: impl Into<String>) -> String {
        self.typed
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| saved.into())
    }

    /// Whether the refused post named a problem with field `name`.
    pub fn invalid(&self, name: &str) -> bool {
        matches!(&self.error, Some(AppError::Validation(list)) if list.iter().any(|f| f.field == name))
    }

    /// Every message of the refusal, for the summary above the form.
    pub fn messages(&self) -> Vec<String> {
        match &self.error {
            Some(e) => error_messages(self.locale.unwrap_or(Locale::hi), e),
            None => Vec::new(),
        }
    }

    /// The messages about field `name`, for under it.
    pub fn field_messages(&self, name: &str) -> Vec<String> {
        let locale = self.locale.unwrap_or(Locale::hi);
        match &self.error {
            Some(AppError::Validation(list)) => list
                .iter()
                .filter(|f| f.field == name)
                .map(|f| error_text(locale, &f.code))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The summary's messages as a signal, for [`FormErrors`].
    pub fn summary(&self) -> Signal<Vec<String>> {
        let list = self.messages();
        Signal::derive(move || list.clone())
    }

    /// `aria-invalid` for field `name`'s input.
    pub fn aria_invalid(&self, name: &str) -> Option<&'static str> {
        self.invalid(name).then_some("true")
    }

    /// `aria-describedby` for field `name`'s input: its hint (if any), and its message when it
    /// has one ([`FieldMessage`] gives it the id `<name>-error`).
    pub fn described_by(&self, name: &str, hint: Option<&str>) -> Option<String> {
        let message = self.invalid(name).then(|| format!("{name}-error"));
        match (hint, message) {
            (Some(h), Some(m)) => Some(format!("{h} {m}")),
            (Some(h), None) => Some(h.to_string()),
            (None, m) => m,
        }
    }
}

/// A field's messages, under it (nothing when it has none), with the id `<name>-error`.
#[component]
pub fn FieldMessage(form: FormState, name: &'static str) -> impl IntoView {
    let list = form.field_messages(name);
    (!list.is_empty()).then(|| {
        view! { <small class="field-error" id=format!("{name}-error") data-testid="field-error">{list.join(" ")}</small> }
    })
}

/// The errors a plain (non-`ActionForm`) form post to the server function at `path` brought
/// back in the URL: the server redirects there with `__path` and `__err`.
pub fn url_errors(path: &'static str) -> Signal<Vec<String>> {
    let locale = super::locale();
    let query = leptos_router::hooks::use_query_map();
    Signal::derive(move || {
        query.with(|q| match (q.get("__path"), q.get("__err")) {
            (Some(p), Some(e)) if p == path => error_messages(
                locale,
                &leptos::server_fn::error::ServerFnUrlError::<AppError>::decode_err(&e),
            ),
            _ => Vec::new(),
        })
    })
}

/// The messages of a refused form. With an `id`, the place stays in the page even when empty,
/// so an island can put the server's next answer there (see `ui::live::refresh_marked`).
#[component]
pub fn FormErrors(
    errors: Signal<Vec<String>>,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let list = move || {
        let list = errors.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="form-errors" role="alert" data-testid="form-errors">
                    <ul>{list.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
                </div>
            }
        })
    };
    match id {
        Some(id) => view! { <div id=id data-live="">{list}</div> }.into_any(),
        None => list.into_any(),
    }
}

/// A form that, with JavaScript, shows a refusal in place: it is sent in the background as the
/// plain post it is, and when the server sends the reader back to this page with the error,
/// the part of the page inside `id` is replaced by the server's — messages beside their fields,
/// what was typed kept (see `crate::drafts`) — without loading the page. Any other answer (the
/// next step, the account page …) is opened as usual. Without JavaScript it is the plain form.
#[island]
pub fn LiveForm(#[prop(into)] id: String, children: Children) -> impl IntoView {
    let region = id.clone();
    let send = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev
                .target()
                .and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok())
                .filter(|f| f.method().eq_ignore_ascii_case("post"))
            else {
                return;
            };
            ev.prevent_default();
            leptos::task::spawn_local(super::live::send_form(form, region.clone()));
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &region);
    };
    view! { <div id=id class="live-form" on:submit=send>{children()}</div> }
}
