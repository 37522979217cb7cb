-- A CRM record deleted in the CRM: its link stays, marked gone (when it was seen
-- gone), so the customer is neither synced nor made again in the CRM.
ALTER TABLE crm_links ADD COLUMN gone_at INTEGER;
