//! The item form (the item list is the stock area's first page).
use leptos::prelude::*;

use super::api::SaveItem;
use super::model::{Item, ItemKind};
use crate::core::{format, Lang, T};
use crate::ui::form::{ActionStatus, Field};
use crate::ui::lang;

pub fn kind_label(k: ItemKind) -> T {
    match k {
        ItemKind::Stock => T::KindStock,
        ItemKind::NonStock => T::KindNonStock,
        ItemKind::Service => T::KindService,
    }
}

/// The item form: new when `item` is None. Saving a new item goes to its page.
#[component]
pub fn ItemForm(item: Option<Item>) -> impl IntoView {
    let save = ServerAction::<SaveItem>::new();
    let l: Lang = lang();
    let is_new = item.is_none();
    let i = item.unwrap_or(Item {
        id: 0,
        item_no: String::new(),
        description: String::new(),
        unit: String::new(),
        sales_price: Default::default(),
        purchase_price: Default::default(),
        vat_code: "S25".into(),
        barcode: None,
        kind: ItemKind::Stock,
        safety_stock: Default::default(),
        reorder_qty: Default::default(),
        pack_size: rust_decimal::Decimal::ONE,
        active: true,
        notes: String::new(),
        default_supplier: None,
        item_group: String::new(),
    });
    if is_new {
        Effect::new(move |_| {
            if let Some(Ok(saved)) = save.value().get() {
                let navigate = leptos_router::hooks::use_navigate();
                navigate(&format!("/stock/items/{}", saved.item_no), Default::default());
            }
        });
    }
    let existing = if is_new { String::new() } else { i.item_no.clone() };
    view! {
        <ActionForm action=save attr:class="grid-form" attr:data-testid="item-form">
            <input type="hidden" name="existing" value=existing/>
            {if is_new {
                view! { <Field label=T::ItemNo name="input[item_no]" required=true/> }.into_any()
            } else {
                view! { <input type="hidden" name="input[item_no]" value=i.item_no.clone()/> }.into_any()
            }}
            <Field label=T::Description name="input[description]" value=i.description.clone() required=true/>
            <Field label=T::Unit name="input[unit]" value=i.unit.clone() required=true/>
            <Field label=T::SalesPrice name="input[sales_price]" value=format::amount(i.sales_price, l)/>
            <Field label=T::PurchasePrice name="input[purchase_price]" value=format::amount(i.purchase_price, l)/>
            <Field label=T::VatCode name="input[vat_code]" value=i.vat_code.clone() required=true/>
            <Field label=T::Barcode name="input[barcode]" value=i.barcode.clone().unwrap_or_default()/>
            <label class="field">
                <span>{l.t(T::ItemType)}</span>
                <select name="input[kind]">
                    {ItemKind::ALL.into_iter().map(|k| view! { <option value=k.code() selected=k == i.kind>{l.t(kind_label(k))}</option> }).collect_view()}
                </select>
            </label>
            <Field label=T::SafetyStock name="input[safety_stock]" value=i.safety_stock.to_string()/>
            <Field label=T::ReorderQty name="input[reorder_qty]" value=i.reorder_qty.to_string()/>
            <Field label=T::PackSize name="input[pack_size]" value=i.pack_size.to_string()/>
            <Field label=T::DefaultSupplier name="input[default_supplier]" value=i.default_supplier.clone().unwrap_or_default()/>
            <Field label=T::ItemGroup name="input[item_group]" value=i.item_group.clone()/>
            <Field label=T::Notes name="input[notes]" value=i.notes.clone()/>
            <label class="field check"><input type="checkbox" name="input[active]" value="on" checked=i.active/><span>{l.t(T::Active)}</span></label>
            <button type="submit" class="primary">{l.t(T::Save)}</button>
        </ActionForm>
        <ActionStatus value=save.value()/>
    }
}
