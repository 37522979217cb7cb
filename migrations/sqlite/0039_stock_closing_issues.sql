-- The stock turnover report reads the issues to customers (moves of orders' deliveries
-- and invoices) of a period: each monthly closing now also sums them up to its end
-- (quantity, cost, the last issue's day), so a period's issues are two closings' rows
-- apart instead of every move since the company began.
ALTER TABLE stock_closing ADD COLUMN issued_milli INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_closing ADD COLUMN issued_e7 INTEGER NOT NULL DEFAULT 0;
ALTER TABLE stock_closing ADD COLUMN last_issue TEXT;
-- closings are made on demand from the moves (and the latest month at every start):
-- those made before carry no issues, so they are made again
DELETE FROM stock_closing;
DELETE FROM stock_periods;
