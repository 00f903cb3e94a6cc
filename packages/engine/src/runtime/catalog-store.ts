import { isTableObject, type CatalogObject } from '@sluice/adapter-kit';
import { BlockStore } from '../master-table/master-document-parts.js';
import { heapCheckpoint } from './heap-governor.js';

/**
 * Blocks of 64 KiB: a table read back out of catalog order (chunk planning goes largest table first)
 * inflates 64 KiB, not a megabyte; JSON catalog objects still compress about 15 to 1.
 */
const CATALOG_BLOCK = 64 * 1024;

/**
 * An export's selected catalog, held as the JSON of each object in compressed blocks: 31,000 objects
 * (10,000 tables with a key and an index each) take about 2 MB instead of 45 MB of object graphs, so
 * what planning holds after introspection no longer grows with the number of objects. An object is
 * decoded when asked for; the last one decoded is kept, as callers ask for one object's parts in turn.
 */
export class CatalogStore {
  private readonly blocks = new BlockStore(CATALOG_BLOCK);
  /** Start and end byte of each object's JSON. */
  private readonly spans: Float64Array;
  /** The positions of the TABLE objects. */
  private readonly tables: Uint32Array;
  private last: { readonly at: number; readonly object: CatalogObject } | undefined;

  /** Store `objects` in order; each entry of the array is cleared once stored, so the graphs go as the store fills. */
  static take(objects: (CatalogObject | undefined)[]): CatalogStore {
    return new CatalogStore(objects);
  }

  private constructor(objects: (CatalogObject | undefined)[]) {
    this.spans = new Float64Array(2 * objects.length);
    const tables: number[] = [];
    let offset = 0;
    for (let i = 0; i < objects.length; i++) {
      const object = objects[i] as CatalogObject;
      objects[i] = undefined;
      if (isTableObject(object)) tables.push(i);
      this.spans[2 * i] = offset;
      offset += this.blocks.appendText(JSON.stringify(object));
      this.spans[2 * i + 1] = offset;
      // One long synchronous loop: the heap governor's timer cannot fire in it.
      if (i % 1_000 === 999) heapCheckpoint();
    }
    this.blocks.end();
    this.tables = Uint32Array.from(tables);
  }

  /** How many objects the store holds. */
  get length(): number {
    return this.spans.length / 2;
  }

  /** Object `at`'s JSON, exactly as `JSON.stringify` wrote it. */
  text(at: number): string {
    if (at < 0 || at >= this.length) throw new RangeError(`catalog object ${at} is not in a store of ${this.length}`);
    return this.blocks.text(this.spans[2 * at] as number, this.spans[2 * at + 1] as number);
  }

  /** Object `at`, decoded (a new object graph, except when it was the last one asked for). */
  object(at: number): CatalogObject {
    if (this.last?.at === at) return this.last.object;
    const object = JSON.parse(this.text(at)) as CatalogObject;
    this.last = { at, object };
    return object;
  }

  /**
   * The TABLE objects, each standing in for its stored object: names and kind at hand, the rest
   * (detail, DDL, dependencies) decoded when read. Chunk planning holds one per table this way
   * for as long as it runs, not thousands of whole tables.
   */
  tableObjects(): CatalogObject[] {
    const out: CatalogObject[] = [];
    for (const at of this.tables) out.push(this.standIn(at));
    return out;
  }

  private standIn(at: number): CatalogObject {
    const o = this.object(at);
    const read = <K extends keyof CatalogObject>(key: K) => ({ enumerable: true, get: (): CatalogObject[K] => this.object(at)[key] });
    const head = {
      kind: o.kind,
      path: o.path,
      schema: o.schema,
      name: o.name,
      ...(o.table === undefined ? {} : { table: o.table }),
      ...(o.owner === undefined ? {} : { owner: o.owner }),
      phase: o.phase,
    };
    // Own enumerable getters, in the object's key order: spreading or serialising one reads it whole.
    return Object.defineProperties(head, { dependsOn: read('dependsOn'), ddl: read('ddl'), detail: read('detail') }) as CatalogObject;
  }
}
