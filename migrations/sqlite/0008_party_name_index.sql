-- The similar-name search keeps a trigram index of party names in memory, per
-- company and process, instead of the party_grams tables: at 100 000 parties the
-- common trigrams made every search read tens of thousands of index rows.
-- Every write of a party takes the next companies.party_version (the row stays
-- locked until commit, so the values follow commit order) and stamps it on the
-- party; a search reads the counter and loads only the parties stamped after what
-- its index holds, so several app servers on one database stay in step.
ALTER TABLE companies ADD COLUMN party_version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE parties ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
CREATE INDEX parties_version ON parties(company_id, version);
DROP TABLE party_grams;
DROP TABLE party_gram_counts;
