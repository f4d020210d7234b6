/* Types of `negah/normalize`: the normalizer alone, in its own small wasm. The option and
 * result types are the full package's (negah.d.ts). */

import type { InitInput, NormalizeOptions, Normalized, SyncInitInput } from "./negah.js";
export type { DigitStyle, Edit, EditKind, InitInput, NormalizeOptions, Normalized, SyncInitInput } from "./negah.js";

/** Fetches and instantiates `normalize_bg.wasm` (browsers); resolves at once when already
 * loaded, and in Node, where the file is read from disk. */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<void>;

/** Instantiates the wasm synchronously from its bytes or a compiled module. In Node the
 * argument may be left out. */
export function initSync(options?: { module: SyncInitInput }): void;

/** The largest text `normalize` accepts, in UTF-8 bytes (67108864: 64 MiB). */
export const MAX_INPUT_BYTES: number;

/** `MAX_INPUT_BYTES` as a function (works before init too). */
export function maxInputBytes(): number;

/** Normalizes `text`; edits carry UTF-16 offsets. Same result as `normalize` of the full
 * package. Throws a `TypeError` for a wrong argument type and an `Error` for invalid options
 * or text over the limit; the module stays usable. */
export function normalize(text: string, options?: NormalizeOptions | null): Normalized;

/** The crate version, e.g. `"0.1.0"`. */
export function version(): string;
