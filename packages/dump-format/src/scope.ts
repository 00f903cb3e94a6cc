import { HeaderFlag, type FrameKind } from './constants.js';
import type { ContentScope } from './types.js';

/** Whether a scope covers a frame kind; master pieces follow the metadata scope, index and trailer are never transformed. */
export function inScope(scope: ContentScope, kind: FrameKind): boolean {
  switch (kind) {
    case 'metadata':
    case 'master':
      return scope === 'ALL' || scope === 'METADATA_ONLY';
    case 'data':
      return scope === 'ALL' || scope === 'DATA_ONLY';
    case 'index':
    case 'trailer':
      return false;
  }
}

/** Whether a set with these header flags encrypts frames of `kind`. */
export function encryptedKind(flags: number, kind: FrameKind): boolean {
  switch (kind) {
    case 'metadata':
    case 'master':
      return (flags & HeaderFlag.METADATA_ENCRYPTED) !== 0;
    case 'data':
      return (flags & HeaderFlag.DATA_ENCRYPTED) !== 0;
    case 'index':
    case 'trailer':
      return false;
  }
}
