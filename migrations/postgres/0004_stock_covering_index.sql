-- The valuation report aggregates every move up to a date per item and warehouse.
-- With quantity and cost in the index, that is an index-only scan in group order.
CREATE INDEX stock_moves_valuation ON stock_moves(company_id, item_id, warehouse_id, move_date, qty_milli, unit_cost_e4);
DROP INDEX stock_moves_item;
