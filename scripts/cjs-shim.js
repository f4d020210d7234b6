// Injected by esbuild into pkg/node.cjs (see build.sh): what `import.meta.url` is in CommonJS.
export const import_meta_url = require("node:url").pathToFileURL(__filename).href;
