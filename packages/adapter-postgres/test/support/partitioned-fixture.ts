/**
 * A RANGE-partitioned table in schema `src` whose partitions were made three ways: PARTITION OF, a
 * table of its own (other column order, its own default) ATTACHed later, and a LIST sub-partitioned
 * one. The parent has a key over the partition keys, a secondary index, a replica identity index, a
 * CHECK, a default, NOT NULLs and a collation; some rows leave the defaults and NULLs to the server.
 */
export function partitionedSchema(): string[] {
  return [
    'CREATE SCHEMA src',
    `CREATE TABLE src.readings (
       id bigint NOT NULL,
       at date NOT NULL,
       region text NOT NULL DEFAULT 'eu',
       qty integer CONSTRAINT readings_qty_check CHECK (qty >= 0),
       note text COLLATE "C",
       PRIMARY KEY (id, at, region)
     ) PARTITION BY RANGE (at)`,
    'CREATE INDEX readings_note ON src.readings (note)',
    'CREATE UNIQUE INDEX readings_identity ON src.readings (at, id, region)',
    'ALTER TABLE src.readings REPLICA IDENTITY USING INDEX readings_identity',
    "CREATE TABLE src.readings_2023 PARTITION OF src.readings FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
    // ATTACH needs the parent's CHECK to be there already; the length CHECK is the partition's own.
    `CREATE TABLE src.readings_2024 (
       note text COLLATE "C" CONSTRAINT readings_2024_note_length CHECK (length(note) < 100),
       qty integer CONSTRAINT readings_qty_check CHECK (qty >= 0),
       region text NOT NULL DEFAULT 'us',
       at date NOT NULL,
       id bigint NOT NULL
     )`,
    "ALTER TABLE src.readings ATTACH PARTITION src.readings_2024 FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
    "CREATE TABLE src.readings_2025 PARTITION OF src.readings FOR VALUES FROM ('2025-01-01') TO ('2026-01-01') PARTITION BY LIST (region)",
    "CREATE TABLE src.readings_2025_eu PARTITION OF src.readings_2025 FOR VALUES IN ('eu')",
    'CREATE TABLE src.readings_2025_other PARTITION OF src.readings_2025 DEFAULT',
    `INSERT INTO src.readings (id, at, region, qty, note) VALUES
       (1, '2023-03-01', 'eu', 5, 'first'), (2, '2023-12-31', 'us', NULL, NULL), (3, '2024-02-29', 'eu', 0, 'tab\there'),
       (4, '2025-01-01', 'eu', 7, 'new year'), (5, '2025-06-30', 'ap', 1, 'ünïcödé'), (6, '2025-06-30', 'us', NULL, 'x')`,
    // The parent's default, and the attached partition's own one.
    "INSERT INTO src.readings (id, at, qty) VALUES (7, '2023-05-05', 2), (8, '2025-05-05', 3)",
    "INSERT INTO src.readings_2024 (id, at, note) VALUES (9, '2024-09-09', 'own default')",
  ];
}
