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
  | "dash"
  | "spacing"
  | "zwnj"
  | "ezafe"
  | "split"
  | "boilerplate";

/** Which script digits are written in after normalization (`"latin"` is the same as
 * `"ascii"`). */
export type DigitStyle = "keep" | "persian" | "ascii" | "latin";

/** The named house styles. `"academy"` (the default) follows the Academy of Persian Language
 * and Literature: نامهٔ، بزرگ‌تر، کتاب‌ها، Persian digits and marks. `"press"`: the same with
 * the ezafe written ه‌ی. `"joined"`: بزرگتر، کتابها where the letters allow. `"minimal"`: ezafe,
 * digits and marks as written. */
export type StyleName = "academy" | "press" | "joined" | "minimal";

/** A house style: a name, optionally followed by comma-separated overrides, e.g.
 * `"academy,ezafe=yeh,comparative=joined,plural=joined,digits=latin,punctuation=keep"`
 * (ezafe: hamza | yeh | keep; comparative, plural: zwnj | joined; digits: persian | latin |
 * keep; punctuation: persian | keep). An unknown name or key is an error. */
export type StyleSpec = StyleName | `${StyleName},${string}` | `${string}=${string}`;

export interface NormalizeOptions {
  /** Edit kinds that are not applied. */
  disabled?: EditKind[];
  /** House style; `"academy"` when omitted. */
  style?: StyleSpec;
  /** Digits, overriding the style's choice. */
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

/** The surface construction of a quote: a colon after the cue (`گفت: …`), guillemets
 * (closed or not), a headline, a که-clause or a bare clause after the cue, `را … دانست`,
 * `خواست`, `خواستار شد`, `با بیان اینکه`, `به گفتهٔ`. */
export type QuoteForm =
  | "colon"
  | "guillemet"
  | "guillemet-unclosed"
  | "headline"
  | "ke-clause"
  | "bare-clause"
  | "ra-verb"
  | "khast"
  | "khastar-shod"
  | "ba-bayan-inke"
  | "be-gofte";

/** The site-furniture phrases (data/lexicon/boilerplate.txt) that label a boilerplate region. */
export type BoilerplateLabel =
  | "انتهای پیام"
  | "کد خبر"
  | "اخبار پیشنهادی"
  | "تبادل نظر"
  | "آدرس ایمیل خود را"
  | "آخرین اخبار"
  | "اخبار مرتبط"
  | "پربیننده‌ترین"
  | "پربازدیدترین"
  | "برچسب‌ها"
  | "کلید واژه‌ها"
  | "ارسال نظر"
  | "نظرات کاربران"
  | "منبع:"
  | "بیشتر بخوانید"
  | "بخوانید:"
  | "مطالب مرتبط";

/** Why a result carries a warning: the text has no Persian letters (`not-persian`); it
 * contains U+FFFD replacement characters, the trace of a wrong decoding (`replacement-char`);
 * the JS string had lone surrogates, each read as U+FFFD (`lone-surrogate`). */
export type WarningCode = "not-persian" | "replacement-char" | "lone-surrogate";

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
  /** Per mention (same order), 0..1 (three decimals): how sure its link to this cluster is;
   * 1 for the mention that opens the cluster; under 0.75 is uncertain. */
  link_scores: number[];
}

export interface Quote {
  id: number;
  kind: QuoteKind;
  /** The surface construction the quote was found in. */
  form: QuoteForm;
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
  /** 0..1 (three decimals): how sure `speaker_name` is (0 without a name); under 0.75 the
   * name is uncertain. */
  speaker_score: number;
}

/** A region of site furniture (bylines, "related news", end-of-story marks). */
export interface Boilerplate extends Span {
  /** The phrase that gave the region away. */
  label: BoilerplateLabel;
}

export interface Warning {
  code: WarningCode;
  /** The warning in English words. */
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
  /** As in `Analysis.warnings` (e.g. `lone-surrogate`). */
  warnings: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Environment types, taken from whatever the consumer's project declares (the DOM, @types/node,
// neither): these declarations must compile in a browser project and in a Node-only one
// (`lib: ["es2023"], types: ["node"]`, which has no `WebAssembly` and no `BufferSource`).

/** The instance type of the global class `K`, or `never` where the project does not declare it. */
type GlobalClass<K extends string> = typeof globalThis extends { [P in K]: abstract new (...args: any) => infer T } ? T : never;
/** `WebAssembly.Module` where the project declares WebAssembly (DOM, webworker). */
type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: any) => infer M } } ? M : never;

/** Where `init` can find the wasm: a URL, a fetch `Request` or `Response`, the bytes, or a
 * compiled module. */
export type InitInput =
  | string
  | GlobalClass<"URL">
  | GlobalClass<"Request">
  | GlobalClass<"Response">
  | ArrayBuffer
  | ArrayBufferView
  | WasmModule;
/** What `initSync` instantiates: the bytes or a compiled module. */
export type SyncInitInput = ArrayBuffer | ArrayBufferView | WasmModule;

// ---------------------------------------------------------------------------------------------
// Loading (browsers; in Node the module loads itself from disk on first use)

/** Fetches and instantiates the wasm (browsers: `await init()` finds `negah_bg.wasm` next to
 * `negah.js`, or where a bundler put it). Resolves at once when already loaded; in Node it
 * loads the file from disk. */
export default function init(options?: { module_or_path?: InitInput | Promise<InitInput> }): Promise<void>;

/** Instantiates the wasm synchronously from its bytes or a compiled module (workers, tests).
 * In Node the argument may be left out. */
export function initSync(options?: { module: SyncInitInput }): void;

// ---------------------------------------------------------------------------------------------
// Synchronous functions (browsers: after `await init()`; a call before throws an Error that
// says so)

/** The largest text `analyze` and `normalize` accept, in UTF-8 bytes (67108864: 64 MiB). A
 * longer text throws an `Error` naming its size and the limit, before any work starts. */
export const MAX_INPUT_BYTES: number;

/** Analyzes `text`. Throws a `TypeError` when `text` is not a string or `options` not an
 * object, an `Error` for invalid or unknown options and for text over `MAX_INPUT_BYTES` or
 * binary (a NUL byte); never for odd text. The module stays usable after any of them. Lone
 * surrogates (half of an emoji cut apart by code) are read as U+FFFD, one unit each as before,
 * with a `lone-surrogate` warning naming their offsets. */
export function analyze(text: string, options?: AnalyzeOptions | null): Analysis;

/** Normalizes `text`; edits carry UTF-16 offsets. Throws as `analyze` does. */
export function normalize(text: string, options?: NormalizeOptions | null): Normalized;

/** `MAX_INPUT_BYTES` as a function (works before init too). */
export function maxInputBytes(): number;

/** The crate version, e.g. `"0.1.0"`. */
export function version(): string;

// ---------------------------------------------------------------------------------------------
// The worker client

/** How far a worker call got: waiting behind other calls, waiting for the worker to load the
 * wasm, or running. */
export interface Progress {
  stage: "queued" | "loading" | "running";
}

/** Per-call options of the worker client. */
export interface CallOptions {
  /** Aborting rejects the call with `signal.reason`: a waiting call is dropped, a running one
   * stops (its worker is replaced; the next call starts a new one). */
  signal?: GlobalClass<"AbortSignal">;
  onProgress?: (progress: Progress) => void;
}

/** The functions above, run in a Web Worker (browsers) or a worker_threads Worker (Node). Calls
 * run one at a time, in order. Errors reject with the same class and message as the
 * synchronous functions throw. */
export interface Analyzer {
  analyze(text: string, options?: AnalyzeOptions | null, call?: CallOptions): Promise<Analysis>;
  normalize(text: string, options?: NormalizeOptions | null, call?: CallOptions): Promise<Normalized>;
  version(call?: CallOptions): Promise<string>;
  /** Stops the worker for good; waiting and running calls are rejected, and so are later ones. */
  terminate(): void;
}

export interface AnalyzerOptions {
  /** Where the worker script is, when a bundler did not place it (`worker.js` of this package
   * in browsers, `node-worker.js` in Node). */
  workerUrl?: string | GlobalClass<"URL">;
  /** Browsers: makes the worker instead of `workerUrl` (for example a classic worker from a
   * blob: URL, in a page opened from disk). */
  worker?: () => GlobalClass<"Worker">;
  /** Browsers: the wasm (bytes or a compiled module) for the first worker, when it cannot
   * fetch it itself (no URL, e.g. a file:// page). */
  module?: SyncInitInput;
  /** Browsers: receive each analysis in parts (a message per chunk of its long arrays), so a
   * large result never blocks the receiving thread in one long task. Default false (one
   * transferred JSON buffer, parsed at once). */
  parts?: boolean;
}

/** Starts a worker client. No init is needed: the worker loads the wasm itself, on the first
 * call. */
export function createAnalyzer(options?: AnalyzerOptions): Analyzer;
