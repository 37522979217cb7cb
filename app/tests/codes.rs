//! Every coded enum (`core::code::coded!` and the hand-written ones on the wire) says
//! the same code three ways: `code()`, its JSON, and the values of its OpenAPI schema
//! — the schema is what API clients (and the schemathesis run in CI) check answers by.
use app::core::code::filter;
use serde::Serialize;
use utoipa::PartialSchema;

fn agree<T: Serialize + PartialSchema + Copy + std::fmt::Debug>(name: &str, all: &[T], code: impl Fn(T) -> &'static str) {
    let schema = serde_json::to_value(T::schema()).unwrap();
    let mut listed: Vec<String> =
        schema["enum"].as_array().unwrap_or_else(|| panic!("{name}: no enum in {schema}")).iter().map(|v| v.as_str().unwrap().to_string()).collect();
    let mut codes: Vec<String> = all.iter().map(|x| code(*x).to_string()).collect();
    listed.sort();
    codes.sort();
    assert_eq!(listed, codes, "{name}: the OpenAPI schema lists other values than the codes");
    for x in all {
        assert_eq!(serde_json::to_value(x).unwrap(), serde_json::Value::String(code(*x).into()), "{name}: {x:?} in JSON");
    }
    assert!(filter("nonsense", name, all, &code).is_err());
}

#[test]
fn codes_json_and_schemas_agree() {
    use app::core::document::{Channel, DocStatus};
    agree("DocStatus", DocStatus::ALL, DocStatus::code);
    agree("Channel", Channel::ALL, Channel::code);
    agree("OriginKind", app::stock::model::OriginKind::ALL, app::stock::model::OriginKind::code);
    agree("DocKind", app::outbox::model::DocKind::ALL, app::outbox::model::DocKind::code);
    agree("EntryKind", app::receivables::model::EntryKind::ALL, app::receivables::model::EntryKind::code);
    agree("BankLineKind", app::receivables::model::BankLineKind::ALL, app::receivables::model::BankLineKind::code);
    agree("Period", app::invoicing::model::Period::ALL, app::invoicing::model::Period::code);
    agree("Valuation", app::setup::model::Valuation::ALL, app::setup::model::Valuation::code);
    agree("AccountOwner", app::purchasing::model::AccountOwner::ALL, app::purchasing::model::AccountOwner::code);
    agree("SourceKind", app::accounting::model::SourceKind::ALL, app::accounting::model::SourceKind::code);
    agree("OrderStatus", &app::sales::model::OrderStatus::ALL, app::sales::model::OrderStatus::code);
    agree("PoStatus", &app::purchasing::model::PoStatus::ALL, app::purchasing::model::PoStatus::code);
    agree("ProjectStatus", &app::parties::model::ProjectStatus::ALL, app::parties::model::ProjectStatus::code);
    agree("KidMethod", &app::invoicing::model::KidMethod::ALL, app::invoicing::model::KidMethod::code);
}
