//! Public endpoints of the catalogue. All are reads, open to everyone, answered with GET so
//! they can be cached.
use super::{CatalogPage, ProductCard, ProductDetail};
use crate::districts::DistrictSummary;
use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};

/// What the home page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeData {
    pub districts: Vec<DistrictSummary>,
    pub products: Vec<ProductCard>,
}

#[server(input = GetUrl, endpoint = "home")]
pub async fn load_home() -> Result<HomeData, AppError> {
    let db = crate::request::db()?;
    let districts = crate::districts::store::featured(&db, 8).await?;
    let products = super::store::featured(&db, 8).await?;
    Ok(HomeData {
        districts,
        products,
    })
}

/// One page of products: of one district when `district` is set, else of all districts.
/// `query` is the page's raw URL query; values that are not understood come back as notices.
#[server(input = GetUrl, endpoint = "catalog")]
pub async fn list_products(
    district: Option<String>,
    query: String,
) -> Result<CatalogPage, AppError> {
    let db = crate::request::db()?;
    let result = load_catalog_page(&db, district.as_deref(), &query).await;
    if let Err(e) = &result {
        crate::request::set_status(e);
    }
    result
}

/// The logic of [`list_products`], callable from tests without a request.
#[cfg(feature = "ssr")]
pub async fn load_catalog_page(
    db: &crate::db::Db,
    district: Option<&str>,
    query: &str,
) -> Result<CatalogPage, AppError> {
    use super::filter::{parse_filter, query_pairs, FilterNotice};
    use crate::domain::slug::Slug;
    let pairs = query_pairs(query);
    let (mut filter, mut notices) =
        parse_filter(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));

    let district = match district {
        Some(slug) => {
            let slug = Slug::parse(slug).ok_or(AppError::NotFound)?;
            Some(
                crate::districts::store::get(db, slug.as_str())
                    .await?
                    .ok_or(AppError::NotFound)?,
            )
        }
        None => None,
    };
    let categories =
        super::store::categories(db, district.as_ref().map(|d| d.slug.as_str())).await?;
    filter.categories.retain(|slug| {
        let known = categories.iter().any(|(c, _)| &c.slug == slug);
        if !known {
            notices.push(FilterNotice::UnknownCategory(slug.clone()));
        }
        known
    });
    let all_districts = match &district {
        Some(d) => {
            // A district page shows that district only, whatever the query says.
            filter.districts = vec![d.slug.clone()];
            Vec::new()
        }
        None => {
            let names = super::store::district_names(db).await?;
            filter.districts.retain(|slug| {
                let known = names.iter().any(|(s, _)| s == slug);
                if !known {
                    notices.push(FilterNotice::UnknownDistrict(slug.clone()));
                }
                known
            });
            names
        }
    };
    let (products, total) = super::store::search(db, &filter).await?;
    if products.is_empty() && filter.page > 1 {
        notices.push(FilterNotice::BadPage(filter.page.to_string()));
    }
    // The filter form offers the categories that have products here, and any already chosen.
    let categories = categories
        .into_iter()
        .filter(|(c, n)| *n > 0 || filter.categories.contains(&c.slug))
        .map(|(c, _)| c)
        .collect();
    Ok(CatalogPage {
        district,
        filter,
        notices,
        categories,
        all_districts,
        products,
        total,
    })
}

#[server(input = GetUrl, endpoint = "product")]
pub async fn get_product(slug: String) -> Result<ProductDetail, AppError> {
    let db = crate::request::db()?;
    let result = match crate::domain::slug::Slug::parse(&slug) {
        Some(slug) => super::store::product(&db, slug.as_str())
            .await
            .map_err(AppError::from)
            .and_then(|p| p.ok_or(AppError::NotFound)),
        None => Err(AppError::NotFound),
    };
    if let Err(e) = &result {
        crate::request::set_status(e);
    }
    result
}
