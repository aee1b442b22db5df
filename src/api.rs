//! The Alga server's extension API, as both sides here speak it: the publish client and the
//! local registry of `alga dev --registry` (CONTRACT.md section 1). Route paths and limits are
//! written once, here.

/// `POST`: the bundle bytes, streamed; answers the staging key.
pub const UPLOAD_PROXY: &str = "/api/ext-bundles/upload-proxy";
/// `POST`: registers the staged bundle as a version (`key`, `size`, `declaredHash`,
/// `manifestJson`, `signature`).
pub const FINALIZE: &str = "/api/ext-bundles/finalize";
/// `POST`: installs a version for the tenant (`registryId`, `version`).
pub const INSTALL: &str = "/api/v1/extensions/install";
/// `POST`: uninstalls an extension from the tenant (`registryId`).
pub const UNINSTALL: &str = "/api/v1/extensions/uninstall";

/// The largest bundle the server accepts (200 MiB).
pub const MAX_BUNDLE_BYTES: u64 = 200 * 1024 * 1024;
