//! Host bindings of the `alga:extension/runner` world, generated from `wit/`.

wasmtime::component::bindgen!({
    world: "runner",
    path: "wit",
    imports: { default: async },
    exports: { default: async },
});
