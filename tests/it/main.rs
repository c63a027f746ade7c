//! Every integration test in one binary (one link instead of one per file): each module is
//! one area, `common` their fresh databases and helpers.
mod common;

mod accounts;
mod after_sale;
mod auth_http;
mod cart;
mod catalog;
mod client;
mod http_pages;
mod layers;
mod listings;
mod orders;
mod page_cache;
mod payments;
mod schema;
mod sellers;
