-- Objects Sluice does not carry, loaded only by mysql-object-kinds.test.ts (not in manifest.json):
-- each must be named in the export's log as not exported, the job ending with exit 5.

-- A transaction-precise system-versioned table (ROW START / ROW END are transaction ids, which mean
-- nothing on another server): the table and its current rows are exported, its history is not.
CREATE TABLE sv_trx (
  id INT PRIMARY KEY,
  v INT,
  trx_start BIGINT UNSIGNED GENERATED ALWAYS AS ROW START,
  trx_end BIGINT UNSIGNED GENERATED ALWAYS AS ROW END,
  PERIOD FOR SYSTEM_TIME (trx_start, trx_end)
) ENGINE = InnoDB WITH SYSTEM VERSIONING;
INSERT INTO sv_trx (id, v) VALUES (1, 1);
UPDATE sv_trx SET v = 2 WHERE id = 1;
