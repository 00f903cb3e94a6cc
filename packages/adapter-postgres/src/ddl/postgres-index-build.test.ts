import { describe, expect, it } from 'vitest';
import { withIndexBuildMemory } from './postgres-index-build.js';

describe('withIndexBuildMemory', () => {
  const raised = (sql: string): boolean => withIndexBuildMemory(sql) !== sql;

  it('raises maintenance_work_mem with statements that build an index, in the same round trip', () => {
    expect(raised('CREATE INDEX i ON s.t USING btree (a)')).toBe(true);
    expect(raised('CREATE UNIQUE INDEX i ON ONLY s.t USING btree (a)')).toBe(true);
    expect(raised('ALTER TABLE ONLY s.t ADD CONSTRAINT t_pkey PRIMARY KEY (id)')).toBe(true);
    expect(raised('ALTER TABLE s.t ADD CONSTRAINT u UNIQUE NULLS NOT DISTINCT (a, b)')).toBe(true);
    expect(raised('ALTER TABLE s.t ADD CONSTRAINT x EXCLUDE USING gist (during WITH &&)')).toBe(true);
    const sent = withIndexBuildMemory('CREATE INDEX i ON s.t (a)');
    expect(sent.startsWith("SELECT set_config('maintenance_work_mem', GREATEST(")).toBe(true);
    expect(sent.endsWith('; CREATE INDEX i ON s.t (a)')).toBe(true);
  });

  it('sends everything else as it is', () => {
    expect(raised('CREATE INDEX CONCURRENTLY i ON s.t (a)')).toBe(false);
    expect(raised('ALTER TABLE s.t ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.u (id)')).toBe(false);
    expect(raised('ALTER TABLE s.t ADD CONSTRAINT c CHECK (a > 0)')).toBe(false);
    expect(raised('CREATE TABLE s.t (id int PRIMARY KEY)')).toBe(false);
    expect(raised("COMMENT ON INDEX s.i IS 'CREATE INDEX'")).toBe(false);
  });
});
