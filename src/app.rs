//! Routes and page layout.
use crate::auth::pages::{AccountPage, AdminPage, RegisterPage, SignInPage};
use crate::cart::pages::{CartBadge, CartPage};
use crate::catalog::pages::{CataloguePage, DistrictPage, HomePage, ProductPage};
use crate::districts::pages::DistrictsPage;
use crate::i18n::*;
use crate::i18n_util::lang_code;
use crate::listings::pages::{AdminProductsPage, DashboardPage, ImportPage, ProductEditorPage};
use crate::orders::pages::{CheckoutPage, OrderPage, OrdersPage, SellerOrdersPage, UpiQueue};
use crate::payments::pages::RefundsQueue;
use crate::payouts::pages::RatesForm;
use crate::sellers::pages::{AdminSellersPage, SellPage, SellerPage};
use crate::ui::{locale, NotFound};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::{path, SsrMode};

/// The reader's language: the saved choice, else Hindi (the server reads it from the request;
/// the browser never renders the app itself, only its islands).
fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::request::locale()
    }
    #[cfg(not(feature = "ssr"))]
    Locale::hi
}

/// The HTML document around the app (server only). Pages render here only: the browser gets
/// the islands (`#[island]`), which the island script finds in the HTML and brings to life.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // Hindi first: without a saved choice the site speaks Hindi, whatever the browser prefers.
    let locale = request_locale();
    provide_context(locale);
    #[cfg(feature = "ssr")]
    crate::request::set_page_policy();
    view! {
        <!DOCTYPE html>
        <html lang=lang_code(locale)>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#7a1f3d"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <link rel="stylesheet" id="leptos" href="/pkg/odop-mart.css"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    if use_context::<Locale>().is_none() {
        provide_context(request_locale());
    }
    view! {
        <Router>
            <Layout/>
        </Router>
    }
}

#[component]
fn Layout() -> impl IntoView {
    let locale = locale();
    view! {
        <a class="skip-link" href="#main">{td_string!(locale, skip_to_content).to_string()}</a>
        <Header/>
        <main id="main">
            <Routes fallback=|| view! { <NotFound/> }>
                <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                <Route path=path!("/districts") view=DistrictsPage ssr=SsrMode::Async/>
                <Route path=path!("/district/:slug") view=DistrictPage ssr=SsrMode::Async/>
                <Route path=path!("/products") view=CataloguePage ssr=SsrMode::Async/>
                <Route path=path!("/product/:slug") view=ProductPage ssr=SsrMode::Async/>
                <Route path=path!("/credits") view=CreditsPage ssr=SsrMode::Async/>
                <Route path=path!("/register") view=RegisterPage ssr=SsrMode::Async/>
                <Route path=path!("/sign-in") view=SignInPage ssr=SsrMode::Async/>
                <Route path=path!("/account") view=AccountPage ssr=SsrMode::Async/>
                <Route path=path!("/sell") view=SellPage ssr=SsrMode::Async/>
                <Route path=path!("/seller/:slug") view=SellerPage ssr=SsrMode::Async/>
                <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard") view=DashboardPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/products/:id") view=ProductEditorPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/sellers") view=AdminSellersPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/products") view=AdminProductsPage ssr=SsrMode::Async/>
                <Route path=path!("/admin/payments") view=AdminPaymentsPage ssr=SsrMode::Async/>
                <Route path=path!("/cart") view=CartPage ssr=SsrMode::Async/>
                <Route path=path!("/checkout") view=CheckoutPage ssr=SsrMode::Async/>
                <Route path=path!("/orders") view=OrdersPage ssr=SsrMode::Async/>
                <Route path=path!("/orders/:reference") view=OrderPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/import") view=ImportPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/orders") view=SellerOrdersPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/orders/:id/slip") view=crate::invoices::pages::PackingSlipPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/payouts") view=crate::payouts::pages::PayoutsPage ssr=SsrMode::Async/>
                <Route path=path!("/invoice/:id") view=crate::invoices::pages::InvoicePage ssr=SsrMode::Async/>
                <Route path=path!("/product/:slug/review") view=crate::reviews::pages::ReviewPage ssr=SsrMode::Async/>
                <Route path=path!("/dashboard/reviews") view=crate::reviews::pages::SellerReviewsPage ssr=SsrMode::Async/>
            </Routes>
        </main>
        <Footer/>
    }
}

#[component]
fn Header() -> impl IntoView {
    let locale = locale();
    let location = use_location();
    // Where the language switch returns to: this very page.
    let here = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    let other = match locale {
        Locale::hi => (
            Locale::en,
            td_string!(locale, switch_to_english).to_string(),
        ),
        Locale::en => (Locale::hi, td_string!(locale, switch_to_hindi).to_string()),
    };
    view! {
        <header class="site-header">
            <div class="bar">
                <a class="brand" href="/">{td_string!(locale, site_name).to_string()}</a>
                <form class="lang-switch" method="post" action="/lang">
                    <input type="hidden" name="next" value=here/>
                    <input type="hidden" name="lang" value=lang_code(other.0)/>
                    <button type="submit">
                        <span class="visually-hidden">{td_string!(locale, language).to_string()}": "</span>
                        <span lang=lang_code(other.0)>{other.1}</span>
                    </button>
                </form>
            </div>
            <nav aria-label=td_string!(locale, nav_main).to_string()>
                <a href="/">{td_string!(locale, nav_home).to_string()}</a>
                <a href="/districts">{td_string!(locale, nav_districts).to_string()}</a>
                <a href="/products">{td_string!(locale, nav_products).to_string()}</a>
                <a href="/sell">{td_string!(locale, nav_sell).to_string()}</a>
                <a href="/account">{td_string!(locale, nav_account).to_string()}</a>
                <CartBadge/>
            </nav>
            <form class="search" method="get" action="/products" role="search">
                <label for="search-q" class="visually-hidden">{td_string!(locale, search_label).to_string()}</label>
                <input id="search-q" type="search" name="q" placeholder=td_string!(locale, search_placeholder).to_string()/>
                <button type="submit" class="button">{td_string!(locale, search_button).to_string()}</button>
            </form>
        </header>
    }
}

#[component]
fn Footer() -> impl IntoView {
    let locale = locale();
    view! {
        <footer class="site-footer">
            <p>{td_string!(locale, footer_note).to_string()}</p>
            <p><a href="/credits">{td_string!(locale, footer_credits).to_string()}</a></p>
        </footer>
    }
}

/// `/admin/payments`, the ODOP cell's money: UPI payments to confirm (orders), refunds to pay
/// back (payments), the payout rates (payouts) — three features' widgets, so composed here.
#[component]
fn AdminPaymentsPage() -> impl IntoView {
    let locale = locale();
    view! {
        <Title text=td_string!(locale, admin_payments_title).to_string()/>
        <h1>{td_string!(locale, admin_payments_title).to_string()}</h1>
        <UpiQueue/>
        <RefundsQueue/>
        <RatesForm/>
    }
}

#[component]
fn CreditsPage() -> impl IntoView {
    let locale = locale();
    view! {
        <Title text=td_string!(locale, credits_title).to_string()/>
        <h1>{td_string!(locale, credits_title).to_string()}</h1>
        <p>{td_string!(locale, credits_map).to_string()}</p>
        <pre class="licence" data-testid="map-licence">{MAP_LICENCE}</pre>
        <p>{td_string!(locale, credits_data).to_string()}</p>
    }
}

/// The map's MIT notice, which its licence requires us to show.
const MAP_LICENCE: &str = "MIT License

Copyright (c) 2020 Guneet Narula

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the \"Software\"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.";
