/** Bundle `entry` into `outfile`, `@sluice/*` imports resolved to the packages' sources (vitest.shared.ts's table); `lz4` linked beside it. */
export declare function bundleWithWorkspaceSources(options: { readonly entry: string; readonly outfile: string }): Promise<string>;
