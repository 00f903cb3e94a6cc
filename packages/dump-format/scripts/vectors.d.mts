// Types for vectors.mjs, so the TypeScript tests can import it.
import type { DumpSetWriter, DumpSetWriterOptions, JobIdentity } from '../src/index.js';

export declare const VECTOR_PASSWORD: string;
export declare const VECTOR_JOB: JobIdentity;
export declare function seededRandom(seed: string): (n: number) => Uint8Array;
export declare function vectorRows(count: number, t?: number): Buffer;
export interface VectorDefinition {
  readonly name: string;
  readonly spec: string;
  readonly options: Partial<DumpSetWriterOptions>;
  readonly rows: number;
}
export declare const VECTORS: readonly VectorDefinition[];
export interface VectorResult {
  readonly files: string[];
  readonly streams: Record<string, string>;
  readonly master: string;
}
export declare function writeVector(v: VectorDefinition, dir: string, writer: typeof DumpSetWriter): Promise<VectorResult>;
