// The official pipeline's componentize step (`jco componentize --disable all`), called directly
// because the jco CLI cannot read WIT paths on this machine.
const [sourcePath, witPath, outPath] = process.argv.slice(2);
const { componentize } = await import(process.cwd() + "/node_modules/@bytecodealliance/componentize-js/src/componentize.js");
const { writeFile } = await import("node:fs/promises");
const { component } = await componentize({ sourcePath, witPath, worldName: "runner", disableFeatures: ["stdio", "random", "clocks", "http", "fetch-event"] });
await writeFile(outPath, component);
