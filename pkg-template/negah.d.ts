/* Types of the negah npm package: the wasm-bindgen functions and the Analysis schema.
 *
 * Hand-written to mirror `src/analysis.rs` (the one serde schema every face shares); the build
 * copies this file over wasm-bindgen's generated one, whose `analyze` returns `any`. The Node
 * tests compare these declarations with real results, so a field added in Rust and not here
 * fails `make test`.
 */

// ---------------------------------------------------------------------------------------------
// Options

/** The unit of every offset in a result. The JS API defaults to `"utf16"` so that
 * `text.slice(start, end)` cuts exactly a span; the CLI and JSON files use `"codepoint"`. */
export type OffsetUnit = "byte" | "codepoint" | "utf16";

/** Kinds of normalization edit; each can be switched off with `normalize.disabled`. */
export type EditKind =
  | "char"
  | "digit"
  | "diacritic"
  | "invisible"
  | "punctuation"
  | "spacing"
  | "zwnj"
  | "split"
  | "boilerplate";

/** Which script digits are written in after normalization (default `"persian"`). */
export type DigitStyle = "keep" | "persian" | "ascii";

export interface NormalizeOptions {
  /** Edit kinds that are not applied. */
  disabled?: EditKind[];
  digits?: DigitStyle;
}

export interface AnalyzeOptions {
  /** Offset unit of the result; `"utf16"` when omitted. */
  offsets?: OffsetUnit;
  normalize?: NormalizeOptions;
  /** Skip entity recognition (quotes then have no resolved speaker names). */
  no_entities?: boolean;
  /** Skip quote extraction. */
  no_quotes?: boolean;
}

// ---------------------------------------------------------------------------------------------
// The Analysis schema (schema_version 1)

/** Entity types; PEYMA and ARMAN types map onto these. */
export type EntityType =
  | "PER"
  | "ORG"
  | "LOC"
  | "FAC"
  | "EVE"
  | "PRO"
  | "ROLE"
  | "DAT"
  | "TIM"
  | "MON"
  | "PCT"
  | "NUM";

/** Where an entity mention came from. */
export type EntitySource = "model" | "gazetteer" | "rule";

/** How a speaker's words are given: their own words, reported content, or reported content
 * with a quoted fragment inside. */
export type QuoteKind = "direct" | "indirect" | "mixed";

/** A span in both coordinates. `start`/`end` index the original `text` (end exclusive),
 * `norm_start`/`norm_end` the `normalized` text, in the unit of `Analysis.offsets`. */
export interface Span {
  start: number;
  end: number;
  /** The original text of the span: `analysis.text.slice(start, end)` with UTF-16 offsets. */
  text: string;
  norm_start: number;
  norm_end: number;
}

/** One reversible normalization edit: `original` (at `start..end` of the original text) became
 * `replacement` (at `norm_start..norm_end` of the normalized text). */
export interface Edit {
  kind: EditKind;
  start: number;
  end: number;
  /** The original text that was replaced (empty for an insertion). */
  original: string;
  replacement: string;
  norm_start: number;
  norm_end: number;
}

export interface Sentence extends Span {
  /** Index of the paragraph the sentence is in. */
  paragraph: number;
  /** Number of tokens in the sentence. */
  tokens: number;
}

export interface Entity extends Span {
  /** Index in `Analysis.entities`. */
  id: number;
  type: EntityType;
  source: EntitySource;
  score: number;
  /** Index in `Analysis.clusters`, or null when the mention is alone. */
  cluster: number | null;
}

/** Mentions of one referent (a person named in full, then by surname or by role). */
export interface Cluster {
  id: number;
  type: EntityType;
  canonical: string;
  /** Entity ids, in text order. */
  mentions: number[];
}

export interface Quote {
  id: number;
  kind: QuoteKind;
  /** The surface construction: "colon", "guillemet", "guillemet-unclosed", "headline",
   * "ke-clause", "bare-clause", "ra-verb", "khast", "khastar-shod", "ba-bayan-inke",
   * "be-gofte", "doc". */
  form: string;
  /** What was said. */
  content: Span;
  /** The speech verb or phrase (گفت، اظهار داشت …). */
  cue: Span | null;
  /** Who said it, as written in the text. */
  speaker: Span | null;
  /** Canonical name of the speaker (without titles) when the text names the person. */
  speaker_name: string | null;
  /** Index of the speaker's entity cluster. */
  cluster: number | null;
  /** 0..1 (three decimals): how sure the extractor is. */
  confidence: number;
  /** `confidence` ≥ 0.75, the threshold every face (page, CLI text, README) calls certain. */
  certain: boolean;
}

/** A region of site furniture (bylines, "related news", end-of-story marks). */
export interface Boilerplate extends Span {
  label: string;
}

export interface Warning {
  code: string;
  message: string;
}

/** Everything Negah found in one text. */
export interface Analysis {
  schema_version: number;
  offsets: OffsetUnit;
  /** The original text, unchanged. */
  text: string;
  normalized: string;
  edits: Edit[];
  sentences: Sentence[];
  entities: Entity[];
  clusters: Cluster[];
  quotes: Quote[];
  boilerplate: Boilerplate[];
  warnings: Warning[];
}

/** The result of `normalize`. */
export interface Normalized {
  text: string;
  edits: Edit[];
}

// ---------------------------------------------------------------------------------------------
// Functions (call `init` or `initSync` once first)

/** Analyzes `text`. Throws an `Error` for invalid options; never for odd text. */
export function analyze(text: string, options?: AnalyzeOptions | null): Analysis;

/** Normalizes `text`; edits carry UTF-16 offsets. */
export function normalize(text: string, options?: NormalizeOptions | null): Normalized;

/** The largest text `analyze` and `normalize` accept, in UTF-8 bytes (67108864: 64 MiB). A
 * longer text throws an `Error` naming its size and the limit, before any work starts. */
export function maxInputBytes(): number;

/** The crate version, e.g. `"0.1.0"`. */
export function version(): string;

/** Installs the panic hook; run automatically when the module is instantiated. */
export function start(): void;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;
export type SyncInitInput = BufferSource | WebAssembly.Module;

/** The raw exports of the instantiated WebAssembly module (low level; not needed normally). */
export interface InitOutput {
  readonly memory: WebAssembly.Memory;
  readonly [name: string]: unknown;
}

/** Instantiates the module synchronously from its bytes or a compiled module (Node:
 * `initSync({ module: readFileSync(new URL(import.meta.resolve("negah/negah_bg.wasm"))) })`). */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/** Fetches and instantiates the module (browsers: `await init()` finds `negah_bg.wasm` next to
 * `negah.js`). */
export default function __wbg_init(
  module_or_path?:
    | { module_or_path: InitInput | Promise<InitInput> }
    | InitInput
    | Promise<InitInput>,
): Promise<InitOutput>;
