//! Vendure (3.x) through its Admin GraphQL API: log in (the bearer token comes back in
//! the `vendure-auth-token` header and is kept for the next calls), read orders by
//! `updatedAt`, set variants' stock and prices by SKU, fulfil orders. Answers are read
//! at most 16 MB and parsed with serde_json's depth limit.
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use super::model::{ShopAddress, ShopCustomer, ShopLine, ShopOrder, ShopShipping, ShopState};
use super::shop::{Connection, ShippedLine, Shop, ShopError, ShopResult};
use crate::db::BoxFuture;

const MAX_ANSWER: usize = 16 * 1024 * 1024;
const PAGE: i64 = 100;

/// Tokens by (admin API address, user): a login costs the shop a password hash.
fn tokens() -> &'static Mutex<HashMap<(String, String), String>> {
    static T: OnceLock<Mutex<HashMap<(String, String), String>>> = OnceLock::new();
    T.get_or_init(Default::default)
}

pub struct Vendure {
    api: String,
    username: String,
    secret: String,
    http: reqwest::Client,
}

impl Vendure {
    pub fn new(c: &Connection, http: reqwest::Client) -> Self {
        Vendure { api: format!("{}/admin-api", c.url.trim_end_matches('/')), username: c.username.clone(), secret: c.secret.clone(), http }
    }

    fn key(&self) -> (String, String) {
        (self.api.clone(), self.username.clone())
    }

    async fn login(&self) -> ShopResult<String> {
        let q = "mutation Login($u: String!, $p: String!) { login(username: $u, password: $p) { ... on CurrentUser { id } ... on ErrorResult { errorCode message } } }";
        let resp = self.post(None, q, json!({"u": self.username, "p": self.secret})).await?;
        let token = resp.0.get("vendure-auth-token").and_then(|v| v.to_str().ok()).map(str::to_string);
        let answer = resp.1;
        if let Some(msg) = answer.pointer("/data/login/message").and_then(Value::as_str) {
            return Err(ShopError::Refused(format!("login as {}: {msg}", self.username)));
        }
        let token = token.ok_or_else(|| ShopError::Refused("login gave no token (is this a Vendure Admin API?)".into()))?;
        if let Ok(mut t) = tokens().lock() {
            t.insert(self.key(), token.clone());
        }
        Ok(token)
    }

    async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> ShopResult<(reqwest::header::HeaderMap, Value)> {
        let mut req = self.http.post(&self.api).json(&json!({"query": query, "variables": variables}));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let (status, headers, body) = crate::db::http::send_capped(req, MAX_ANSWER).await.map_err(|e| match e {
            crate::db::http::Failed::Unavailable(m) => ShopError::Unavailable(m),
            crate::db::http::Failed::Refused(m) => ShopError::Refused(m),
        })?;
        if !status.is_success() {
            return Err(ShopError::Refused(format!("HTTP {status}: {}", String::from_utf8_lossy(&body).chars().take(300).collect::<String>())));
        }
        let value: Value = serde_json::from_slice(&body).map_err(|e| ShopError::Refused(format!("the answer is not JSON: {e}")))?;
        Ok((headers, value))
    }

    /// Runs a query with the kept token, logging in first or again when the shop says so.
    async fn call(&self, query: &str, variables: Value) -> ShopResult<Value> {
        let kept = tokens().lock().ok().and_then(|t| t.get(&self.key()).cloned());
        let token = match kept {
            Some(t) => t,
            None => self.login().await?,
        };
        let (_, answer) = self.post(Some(&token), query, variables.clone()).await?;
        let answer = if forbidden(&answer) {
            let token = self.login().await?;
            self.post(Some(&token), query, variables).await?.1
        } else {
            answer
        };
        if let Some(errors) = answer.get("errors").and_then(Value::as_array).filter(|e| !e.is_empty()) {
            let msg: Vec<&str> = errors.iter().filter_map(|e| e.get("message").and_then(Value::as_str)).collect();
            return Err(ShopError::Refused(msg.join("; ")));
        }
        answer.get("data").cloned().ok_or_else(|| ShopError::Refused("the answer has no data".into()))
    }

    /// The shop's variants of these SKUs: (sku, variant id, stock location id, allocated).
    async fn variants(&self, skus: &[String]) -> ShopResult<Vec<(String, String, String, i64)>> {
        let q = "query V($skus: [String!]!, $take: Int!) { productVariants(options: {filter: {sku: {in: $skus}}, take: $take}) {
            items { id sku stockLevels { stockLocationId stockOnHand stockAllocated } } } }";
        let mut out = Vec::new();
        for chunk in skus.chunks(PAGE as usize) {
            let data = self.call(q, json!({"skus": chunk, "take": PAGE})).await?;
            for v in data.pointer("/productVariants/items").and_then(Value::as_array).into_iter().flatten() {
                let level = v.pointer("/stockLevels/0");
                out.push((
                    text(v, "sku"),
                    text(v, "id"),
                    level.map(|l| text(l, "stockLocationId")).unwrap_or_default(),
                    level.and_then(|l| l.get("stockAllocated")).and_then(Value::as_i64).unwrap_or(0),
                ));
            }
        }
        Ok(out)
    }

    async fn update_variants(&self, input: Vec<Value>) -> ShopResult<usize> {
        let q = "mutation U($input: [UpdateProductVariantInput!]!) { updateProductVariants(input: $input) { id } }";
        let mut n = 0;
        for chunk in input.chunks(PAGE as usize) {
            self.call(q, json!({"input": chunk})).await?;
            n += chunk.len();
        }
        Ok(n)
    }
}

fn forbidden(answer: &Value) -> bool {
    answer.get("errors").and_then(Value::as_array).is_some_and(|e| e.iter().any(|e| e.pointer("/extensions/code").and_then(Value::as_str) == Some("FORBIDDEN")))
}

fn text(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

fn int(v: &Value, key: &str) -> i64 {
    v.get(key).and_then(Value::as_i64).unwrap_or(0)
}

fn rate(v: &Value) -> Decimal {
    v.as_f64().and_then(Decimal::from_f64).map(|d| d.round_dp(4).normalize()).unwrap_or_default()
}

/// A Vendure order as Flyt reads it.
pub fn parse_order(o: &Value) -> Result<ShopOrder, String> {
    let id = text(o, "id");
    let updated = text(o, "updatedAt");
    let updated_at = chrono::DateTime::parse_from_rfc3339(&updated).map_err(|_| format!("order {id}: updatedAt '{updated}' is not a time"))?.timestamp_millis();
    let state = match (text(o, "state").as_str(), o.get("active").and_then(Value::as_bool).unwrap_or(true)) {
        ("Cancelled", _) => ShopState::Cancelled,
        (_, true) | ("Draft" | "AddingItems" | "ArrangingPayment" | "Modifying" | "ArrangingAdditionalPayment", _) => ShopState::Open,
        _ => ShopState::Placed,
    };
    let c = o.get("customer").cloned().unwrap_or(Value::Null);
    let a = o.get("shippingAddress").cloned().unwrap_or(Value::Null);
    let street = [text(&a, "streetLine1"), text(&a, "streetLine2")].into_iter().filter(|s| !s.trim().is_empty()).collect::<Vec<_>>().join(", ");
    let lines = o
        .get("lines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|l| ShopLine {
            id: text(l, "id"),
            sku: l.get("productVariant").map(|v| text(v, "sku")).unwrap_or_default(),
            name: l.get("productVariant").map(|v| text(v, "name")).unwrap_or_default(),
            qty: int(l, "quantity"),
            unit_price: int(l, "unitPrice"),
            line_price: int(l, "linePrice"),
            discounted_price: int(l, "proratedLinePrice"),
            tax_rate: l.get("taxRate").map(rate).unwrap_or_default(),
        })
        .collect();
    // a shipping line has no rate of its own: the order's rate nearest to its VAT
    let rates: Vec<Decimal> = o.get("taxSummary").and_then(Value::as_array).into_iter().flatten().filter_map(|t| t.get("taxRate")).map(rate).collect();
    let shipping = o
        .get("shippingLines")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|s| {
            let (net, gross) = (int(s, "discountedPrice"), int(s, "discountedPriceWithTax"));
            let seen = if net == 0 { Decimal::ZERO } else { Decimal::from(gross - net) * Decimal::ONE_HUNDRED / Decimal::from(net) };
            let tax_rate = rates.iter().copied().min_by_key(|r| (*r - seen).abs()).filter(|_| net != 0).unwrap_or(seen.round_dp(2));
            ShopShipping { name: s.pointer("/shippingMethod/name").and_then(Value::as_str).unwrap_or("Frakt").to_string(), price: net, tax_rate }
        })
        .collect();
    Ok(ShopOrder {
        id,
        code: text(o, "code"),
        updated_at,
        state,
        currency: text(o, "currencyCode"),
        customer: ShopCustomer {
            id: text(&c, "id"),
            email: text(&c, "emailAddress").trim().to_lowercase(),
            first_name: text(&c, "firstName"),
            last_name: text(&c, "lastName"),
            phone: text(&c, "phoneNumber"),
        },
        address: ShopAddress {
            name: text(&a, "fullName"),
            company: text(&a, "company"),
            street,
            postcode: text(&a, "postalCode"),
            city: text(&a, "city"),
            country: text(&a, "countryCode").to_uppercase(),
            phone: text(&a, "phoneNumber"),
        },
        lines,
        shipping,
        discounts: o.get("discounts").and_then(Value::as_array).into_iter().flatten().map(|d| text(d, "description")).filter(|d| !d.is_empty()).collect(),
        total_with_tax: int(o, "totalWithTax"),
    })
}

const ORDERS: &str = "query Orders($after: DateTime!, $skip: Int!, $take: Int!) {
  orders(options: {filter: {updatedAt: {after: $after}, active: {eq: false}}, sort: {updatedAt: ASC, id: ASC}, skip: $skip, take: $take}) {
    totalItems
    items { id code state active updatedAt currencyCode totalWithTax
      customer { id emailAddress firstName lastName phoneNumber }
      shippingAddress { fullName company streetLine1 streetLine2 postalCode city countryCode phoneNumber }
      lines { id quantity unitPrice linePrice proratedLinePrice taxRate productVariant { sku name } }
      shippingLines { discountedPrice discountedPriceWithTax shippingMethod { name } }
      discounts { description }
      taxSummary { taxRate } } } }";

impl Shop for Vendure {
    fn orders_since(&self, after_ms: i64) -> BoxFuture<'_, ShopResult<Vec<ShopOrder>>> {
        Box::pin(async move {
            let after = chrono::DateTime::from_timestamp_millis(after_ms).unwrap_or_default().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
            let mut out = Vec::new();
            let mut skip = 0;
            loop {
                let data = self.call(ORDERS, json!({"after": after, "skip": skip, "take": PAGE})).await?;
                let items = data.pointer("/orders/items").and_then(Value::as_array).cloned().unwrap_or_default();
                for o in &items {
                    out.push(parse_order(o).map_err(ShopError::Refused)?);
                }
                skip += items.len() as i64;
                if (items.len() as i64) < PAGE || skip >= data.pointer("/orders/totalItems").and_then(Value::as_i64).unwrap_or(0) {
                    return Ok(out);
                }
            }
        })
    }

    fn set_stock<'a>(&'a self, stock: &'a [(String, i64)]) -> BoxFuture<'a, ShopResult<usize>> {
        Box::pin(async move {
            let skus: Vec<String> = stock.iter().map(|(s, _)| s.clone()).collect();
            let free: HashMap<&str, i64> = stock.iter().map(|(s, q)| (s.as_str(), *q)).collect();
            // the shop sells on hand less what its own open orders hold: set on hand so
            // that what it may sell is Flyt's free quantity
            let input: Vec<Value> = self
                .variants(&skus)
                .await?
                .into_iter()
                .filter(|(_, _, location, _)| !location.is_empty())
                .filter_map(|(sku, id, location, allocated)| {
                    free.get(sku.as_str()).map(|f| json!({"id": id, "stockLevels": [{"stockLocationId": location, "stockOnHand": (*f).max(0) + allocated}]}))
                })
                .collect();
            self.update_variants(input).await
        })
    }

    fn set_prices<'a>(&'a self, prices: &'a [(String, i64)]) -> BoxFuture<'a, ShopResult<usize>> {
        Box::pin(async move {
            let skus: Vec<String> = prices.iter().map(|(s, _)| s.clone()).collect();
            let price: HashMap<&str, i64> = prices.iter().map(|(s, p)| (s.as_str(), *p)).collect();
            let input: Vec<Value> =
                self.variants(&skus).await?.into_iter().filter_map(|(sku, id, _, _)| price.get(sku.as_str()).map(|p| json!({"id": id, "price": p}))).collect();
            self.update_variants(input).await
        })
    }

    fn mark_shipped<'a>(&'a self, order_id: &'a str, lines: &'a [ShippedLine], reference: &'a str) -> BoxFuture<'a, ShopResult<()>> {
        Box::pin(async move {
            let add = "mutation F($input: FulfillOrderInput!) { addFulfillmentToOrder(input: $input) {
                ... on Fulfillment { id state } ... on ErrorResult { errorCode message } } }";
            let input = json!({
                "lines": lines.iter().map(|l| json!({"orderLineId": l.line_id, "quantity": l.qty})).collect::<Vec<_>>(),
                "handler": {"code": "manual-fulfillment", "arguments": [{"name": "method", "value": "Flyt"}, {"name": "trackingCode", "value": reference}]},
            });
            let data = self.call(add, json!({"input": input})).await?;
            let f = data.get("addFulfillmentToOrder").cloned().unwrap_or(Value::Null);
            match f.get("errorCode").and_then(Value::as_str) {
                // sent before (a retry after a crash): nothing more to do
                Some("ITEMS_ALREADY_FULFILLED_ERROR") => return Ok(()),
                Some(code) => return Err(ShopError::Refused(format!("order {order_id}: {code} {}", text(&f, "message")))),
                None => {}
            }
            let ship = "mutation S($id: ID!) { transitionFulfillmentToState(id: $id, state: \"Shipped\") {
                ... on Fulfillment { id state } ... on ErrorResult { errorCode message } } }";
            let data = self.call(ship, json!({"id": text(&f, "id")})).await?;
            match data.pointer("/transitionFulfillmentToState/errorCode").and_then(Value::as_str) {
                Some(code) => Err(ShopError::Refused(format!("order {order_id}: {code}"))),
                None => Ok(()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_is_read_as_the_shop_sent_it() {
        let o = json!({"id": "1", "code": "U159", "state": "PaymentSettled", "active": false, "updatedAt": "2026-12-07T01:25:56.000Z",
            "currencyCode": "NOK", "totalWithTax": 32562,
            "customer": {"id": "1", "emailAddress": "Kari@Example.no", "firstName": "Kari", "lastName": "Nordmann", "phoneNumber": "+4791234567"},
            "shippingAddress": {"fullName": "Kari Nordmann", "company": null, "streetLine1": "Storgata 1", "streetLine2": null, "postalCode": "0155", "city": "Oslo", "countryCode": "no"},
            "lines": [{"id": "1", "quantity": 2, "unitPrice": 10000, "linePrice": 20000, "proratedLinePrice": 18000, "taxRate": 25, "productVariant": {"sku": "KOPP", "name": "Kaffekopp"}}],
            "shippingLines": [{"discountedPrice": 9900, "discountedPriceWithTax": 12375, "shippingMethod": {"name": "Posten"}}],
            "discounts": [{"description": "SOMMER10"}], "taxSummary": [{"taxRate": 25.0}, {"taxRate": 0}]});
        let s = parse_order(&o).unwrap();
        assert_eq!(
            (s.state, s.updated_at, s.customer.email.as_str(), s.address.country.as_str()),
            (ShopState::Placed, 1_796_606_756_000, "kari@example.no", "NO")
        );
        assert_eq!((s.lines[0].discounted_price, s.lines[0].tax_rate), (18000, Decimal::from(25)));
        assert_eq!((s.shipping[0].price, s.shipping[0].tax_rate), (9900, Decimal::from(25)));
        assert_eq!(s.discounts, ["SOMMER10"]);
        for (state, active, want) in [
            ("ArrangingPayment", false, ShopState::Open),
            ("AddingItems", true, ShopState::Open),
            ("Cancelled", false, ShopState::Cancelled),
            ("Shipped", false, ShopState::Placed),
        ] {
            let mut o = o.clone();
            o["state"] = json!(state);
            o["active"] = json!(active);
            assert_eq!(parse_order(&o).unwrap().state, want, "{state}");
        }
        let mut bad = o.clone();
        bad["updatedAt"] = json!("yesterday");
        assert!(parse_order(&bad).is_err());
    }
}
