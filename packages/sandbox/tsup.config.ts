import { defineConfig, type Options } from "tsup";

const common: Options = {
  target: "node20",
  // maps give stack traces our file and line numbers; the sources themselves are not shipped
  sourcemap: true,
  esbuildOptions(options) {
    options.sourcesContent = false;
  },
};

export default defineConfig([
  // the library, for `import` and `require`; its clean-up spares the bin, which the second
  // build writes at the same time (tsup runs both at once)
  {
    ...common,
    entry: { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    clean: ["!cli.js", "!cli.js.map"],
  },
  // the `clientloop-sandbox` bin (package.json `bin`): ESM only, importing the library's
  // dist/index.js at run time instead of carrying a second copy of it
  {
    ...common,
    entry: { cli: "src/cli.ts" },
    format: ["esm"],
    esbuildPlugins: [
      {
        name: "library-stays-external",
        setup(build) {
          build.onResolve({ filter: /^\.\/index\.js$/ }, (args) => ({ path: args.path, external: true }));
        },
      },
    ],
  },
]);
