import { defineConfig } from "vite";

// The UI source lives in web/; `alga build` runs `npm run build:ui`, which writes dist/ui/,
// the folder `alga pack` puts in the bundle as ui/.
export default defineConfig({
  root: "web",
  base: "./",
  build: { outDir: "../dist/ui", emptyOutDir: true, assetsDir: "assets" },
  esbuild: { jsx: "automatic" },
});
