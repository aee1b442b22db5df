
use builtin;
use str;

set edit:completion:arg-completer[alga] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'alga'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'alga'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Scaffold a new extension or component from a built-in template'
            cand component 'Component commands (`alga component create` is `alga create component`)'
            cand build 'Build the UI and the handler component of a project'
            cand pack 'Pack a project into a canonical, reproducible `bundle.tar.zst`'
            cand sign 'Sign a bundle (x509 CMS, OpenPGP or cosign)'
            cand verify 'Verify a bundle''s signature against a trust bundle'
            cand inspect 'Show what is inside a bundle or a component'
            cand keys 'Generate signing keys'
            cand extension 'Publish, install and uninstall extensions on an Alga server'
            cand dev 'Run a local Alga host: runner, UI server and host page'
            cand invoke 'Run one request through the embedded runner, without a server'
            cand test 'Run the project''s request tests (tests/**/*.hurl) against its handler'
            cand completions 'Print a shell completion script'
            cand doctor 'Check the machine for what building extensions needs'
            cand cache 'Manage the compile caches (components and functions compiled to native code, in the user''s cache folder)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;create'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --list 'List the templates with a one-line summary'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand extension 'Scaffold an extension (iframe UI, optionally with a handler)'
            cand component 'Scaffold a server-side handler component'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;create;extension'= {
            cand -t 'Template to start from (`alga create --list` shows them)'
            cand --template 'Template to start from (`alga create --list` shows them)'
            cand --publisher 'Publisher written to the manifest'
            cand --id 'Reverse-domain extension id (default `com.<publisher>.<name>`)'
            cand --version 'First version of the extension'
            cand --dir 'Folder in which the project folder is created'
            cand --directory 'Folder in which the project folder is created'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -f 'Write into a folder that already has files'
            cand --force 'Write into a folder that already has files'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'alga;create;component'= {
            cand -t 'Template to start from (`alga create --list` shows them)'
            cand --template 'Template to start from (`alga create --list` shows them)'
            cand --publisher 'Publisher written to the manifest'
            cand --id 'Reverse-domain extension id (default `com.<publisher>.<name>`)'
            cand --version 'First version of the extension'
            cand --dir 'Folder in which the project folder is created'
            cand --directory 'Folder in which the project folder is created'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -f 'Write into a folder that already has files'
            cand --force 'Write into a folder that already has files'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'alga;create;help'= {
            cand extension 'Scaffold an extension (iframe UI, optionally with a handler)'
            cand component 'Scaffold a server-side handler component'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;create;help;extension'= {
        }
        &'alga;create;help;component'= {
        }
        &'alga;create;help;help'= {
        }
        &'alga;component'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand create 'Same as `alga create component`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;component;create'= {
            cand -t 'Template to start from (`alga create --list` shows them)'
            cand --template 'Template to start from (`alga create --list` shows them)'
            cand --publisher 'Publisher written to the manifest'
            cand --id 'Reverse-domain extension id (default `com.<publisher>.<name>`)'
            cand --version 'First version of the extension'
            cand --dir 'Folder in which the project folder is created'
            cand --directory 'Folder in which the project folder is created'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -f 'Write into a folder that already has files'
            cand --force 'Write into a folder that already has files'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'alga;component;help'= {
            cand create 'Same as `alga create component`'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;component;help;create'= {
        }
        &'alga;component;help;help'= {
        }
        &'alga;build'= {
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand --wasm 'Componentize this core wasm module instead of building JS/TS'
            cand --entry 'The handler''s entry file, relative to the project (default: `alga.entry` in package.json, a source file the manifest''s endpoints name, package.json''s `main`/`exports`, then src/index.ts, src/index.js, src/handler.ts, src/handler.js)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --skip-install 'Do not run `npm install` when `node_modules` is missing'
            cand --release 'Optimised build'
            cand --skip-ui 'Do not run the UI''s npm script (`build:ui`, or `alga.uiScript` in package.json)'
            cand --fix-capabilities 'Add the capabilities the handler needs to manifest.json, keeping its layout'
            cand --no-capability-check 'Build even when the manifest lacks capabilities the handler needs (a warning; the platform denies those calls at run time)'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;pack'= {
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand -o 'Output file (default: `<project>/dist/bundle.tar.zst`)'
            cand --out 'Output file (default: `<project>/dist/bundle.tar.zst`)'
            cand --outfile 'Output file (default: `<project>/dist/bundle.tar.zst`)'
            cand --level 'zstd compression level, 1 to 22 (default 19)'
            cand --sign 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does'
            cand --sign-algorithm 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)'
            cand --cert 'With `--sign`: the publisher certificate (x509)'
            cand --chain 'With `--sign`: intermediate certificates (x509)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -f 'Replace the output file when it exists'
            cand --force 'Replace the output file when it exists'
            cand --fast 'Compress quickly (zstd level 1) for local loops; the bytes differ from a release pack'
            cand --export 'With `--sign`: also write the peer tools'' sidecar files (.p7s, .asc, .sig + .sigstore.json)'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;sign'= {
            cand --algorithm 'Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign)'
            cand --alg 'Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign)'
            cand --key 'Private key file (cosign: password from COSIGN_PASSWORD; pgp: passphrase, if any, from ALGA_PGP_PASSPHRASE)'
            cand --cert 'Publisher certificate, PEM; may be followed by intermediates (x509)'
            cand --chain 'Intermediate certificates, PEM (x509)'
            cand --tsa 'x509: ask this RFC 3161 time-stamping authority to stamp the signature, so that it verifies after the certificate expires (the token goes into the CMS)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --export 'Also write the peer tools'' sidecar files'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;verify'= {
            cand --signature 'SIGNATURE file (default: next to the bundle), or a peer tool''s signature (.p7s, .asc, .sig, .sigstore.json)'
            cand --trust 'Trusted signers: CA certificates and public keys (PEM) or OpenPGP certificates; a file, or the PEM text itself (as SIGNING_TRUST_BUNDLE holds it)'
            cand --at 'x509: check the certificates at this time instead of now, on purpose (RFC 3339, or YYYY-MM-DD for midnight UTC). Without it, only a timestamp from a trusted time-stamping authority in the CMS moves the time; the signer''s own signingTime never does'
            cand --crl 'x509: a certificate revocation list (PEM or DER) to check the chain against; repeatable. CRLs in the trust bundle (`X509 CRL` blocks) are used too'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;inspect'= {
            cand --max-size 'Largest unpacked bundle accepted (bytes, or with KiB/MiB/GiB)'
            cand --max-file-size 'Largest single file accepted inside a bundle'
            cand --max-files 'Most entries accepted inside a bundle'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --wit 'Print the component''s WIT world'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;keys'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Generate a key pair (and for x509 a development CA)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;keys;generate'= {
            cand --algorithm 'Kind of key'
            cand --alg 'Kind of key'
            cand --out 'Folder for the key files'
            cand --name 'Signer name (x509 common name, OpenPGP user id)'
            cand --ca 'x509: issue the publisher certificate from this CA certificate instead of a new CA'
            cand --ca-key 'x509: the private key of `--ca`'
            cand --days 'x509: days the publisher certificate is valid (a new CA: at least 3650)'
            cand --not-before 'x509: first day the publisher certificate is valid (YYYY-MM-DD, UTC; default now)'
            cand --not-after 'x509: last day the publisher certificate is valid (YYYY-MM-DD, UTC; overrides `--days`)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;keys;help'= {
            cand generate 'Generate a key pair (and for x509 a development CA)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;keys;help;generate'= {
        }
        &'alga;keys;help;help'= {
        }
        &'alga;extension'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand publish 'Upload a bundle (packing a project first), register it and install it'
            cand install 'Install a published version for the tenant'
            cand uninstall 'Uninstall an extension from the tenant'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;extension;publish'= {
            cand --api-key 'API key (sent as `x-api-key`; never printed)'
            cand --apikey 'API key (sent as `x-api-key`; never printed)'
            cand --tenant 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --tenant-id 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --base-url 'Server base URL'
            cand --url 'Server base URL'
            cand --timeout 'Overall time limit in milliseconds'
            cand --sign 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does'
            cand --sign-algorithm 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)'
            cand --cert 'With `--sign`: the publisher certificate (x509)'
            cand --chain 'With `--sign`: intermediate certificates (x509)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --allow-insecure-http 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
            cand --no-install 'Register the version without installing it'
            cand -f 'Accepted as `@alga-psa/cli` takes it; publishing always replaces the project''s own `dist/bundle.tar.zst` (packing is deterministic)'
            cand --force 'Accepted as `@alga-psa/cli` takes it; publishing always replaces the project''s own `dist/bundle.tar.zst` (packing is deterministic)'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;extension;install'= {
            cand --version 'Version to install (`-v` is accepted after `install`, as in @alga-psa/cli)'
            cand --api-key 'API key (sent as `x-api-key`; never printed)'
            cand --apikey 'API key (sent as `x-api-key`; never printed)'
            cand --tenant 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --tenant-id 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --base-url 'Server base URL'
            cand --url 'Server base URL'
            cand --timeout 'Overall time limit in milliseconds'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --allow-insecure-http 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
        }
        &'alga;extension;uninstall'= {
            cand --api-key 'API key (sent as `x-api-key`; never printed)'
            cand --apikey 'API key (sent as `x-api-key`; never printed)'
            cand --tenant 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --tenant-id 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too'
            cand --base-url 'Server base URL'
            cand --url 'Server base URL'
            cand --timeout 'Overall time limit in milliseconds'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --allow-insecure-http 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;extension;help'= {
            cand publish 'Upload a bundle (packing a project first), register it and install it'
            cand install 'Install a published version for the tenant'
            cand uninstall 'Uninstall an extension from the tenant'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;extension;help;publish'= {
        }
        &'alga;extension;help;install'= {
        }
        &'alga;extension;help;uninstall'= {
        }
        &'alga;extension;help;help'= {
        }
        &'alga;dev'= {
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand --listen 'Address to listen on (`127.0.0.1:0` picks a free port and prints it)'
            cand --ui-port 'Port of the extension UI on the `--listen` address: its own origin, as the Runner''s domain is in production (default: the next port when free, else any free one)'
            cand --allowed-host 'A name browsers may reach the server by, besides loopback names and IP addresses (repeatable); requests with any other `Host` are refused, which stops DNS rebinding'
            cand --max-concurrency 'How many requests may run handler code at once; more are answered 503 with `Retry-After`'
            cand --bundle 'Serve a packed bundle (its hash checked against its `.sha256` sidecar) instead of a project'
            cand --trust 'With `--registry`: accept only bundles signed by these signers (CA certificates, public keys, OpenPGP certificates)'
            cand --api-key 'With `--registry`: the API key clients must send (default: a random key made at start and printed once)'
            cand --build-timeout 'The most one build step may take in the node worker that rebuilds the handler, in seconds (componentize-js runs the handler''s top-level code); then the worker goes, with what it started, and the next save starts a new one'
            cand --allow-host 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it'
            cand --secret 'A secret for the handler (overrides `.alga/secrets.toml`); never printed'
            cand --tenant 'Tenant id requests run as'
            cand --install-id 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server'
            cand --fuel 'Fuel per request (turns on fuel metering)'
            cand --timeout-ms 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for'
            cand --memory-mb 'Memory limit of one request, in MiB (at most 1024, the runner''s cap); also the most a `/v1/execute` caller may ask for'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --registry 'Also serve the server''s publish API (upload-proxy, finalize, install, uninstall) with a local registry in `.alga/registry`; installing a version serves it'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;invoke'= {
            cand -d 'Request body: text, `@file`, or `-` for standard input'
            cand --data 'Request body: text, `@file`, or `-` for standard input'
            cand -H 'Request header `NAME:VALUE` (repeatable)'
            cand --header 'Request header `NAME:VALUE` (repeatable)'
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand --allow-host 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it'
            cand --secret 'A secret for the handler (overrides `.alga/secrets.toml`); never printed'
            cand --tenant 'Tenant id requests run as'
            cand --install-id 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server'
            cand --fuel 'Fuel per request (turns on fuel metering)'
            cand --timeout-ms 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for'
            cand --memory-mb 'Memory limit of one request, in MiB (at most 1024, the runner''s cap); also the most a `/v1/execute` caller may ask for'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;test'= {
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand --bundle 'Test the handler inside this packed bundle (exactly what ships) instead of building the project; tests still come from the project''s tests/ folder'
            cand -j 'How many files run at once'
            cand --jobs 'How many files run at once'
            cand --junit 'Also write the results as JUnit XML to FILE (for GitLab, GitHub and Jenkins)'
            cand --variable 'A variable for the files, `NAME=VALUE` (repeatable)'
            cand --timeout-ms 'Time limit of one request, in milliseconds; an entry''s `max-time` option can only lower it'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand --update 'Rewrite the response body files entries compare with (`file,expected.json;`) from what the handler answers'
            cand --skip-install 'Do not run `npm install` before building'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;completions'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;doctor'= {
            cand --project 'Project folder (the one holding `manifest.json`)'
            cand --dir 'Project folder (the one holding `manifest.json`)'
            cand --cwd 'Project folder (the one holding `manifest.json`)'
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;cache'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand dir 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)'
            cand clean 'Remove every compiled component and function; they are compiled again when next needed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;cache;dir'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;cache;clean'= {
            cand --color 'When to use colors. `NO_COLOR` in the environment means `never` unless set here'
            cand -q 'Print only errors and the command''s result'
            cand --quiet 'Print only errors and the command''s result'
            cand -v 'Print more detail (repeat for even more)'
            cand --verbose 'Print more detail (repeat for even more)'
            cand --json 'Print machine-readable JSON on stdout instead of human text (for CI)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'alga;cache;help'= {
            cand dir 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)'
            cand clean 'Remove every compiled component and function; they are compiled again when next needed'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;cache;help;dir'= {
        }
        &'alga;cache;help;clean'= {
        }
        &'alga;cache;help;help'= {
        }
        &'alga;help'= {
            cand create 'Scaffold a new extension or component from a built-in template'
            cand component 'Component commands (`alga component create` is `alga create component`)'
            cand build 'Build the UI and the handler component of a project'
            cand pack 'Pack a project into a canonical, reproducible `bundle.tar.zst`'
            cand sign 'Sign a bundle (x509 CMS, OpenPGP or cosign)'
            cand verify 'Verify a bundle''s signature against a trust bundle'
            cand inspect 'Show what is inside a bundle or a component'
            cand keys 'Generate signing keys'
            cand extension 'Publish, install and uninstall extensions on an Alga server'
            cand dev 'Run a local Alga host: runner, UI server and host page'
            cand invoke 'Run one request through the embedded runner, without a server'
            cand test 'Run the project''s request tests (tests/**/*.hurl) against its handler'
            cand completions 'Print a shell completion script'
            cand doctor 'Check the machine for what building extensions needs'
            cand cache 'Manage the compile caches (components and functions compiled to native code, in the user''s cache folder)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'alga;help;create'= {
            cand extension 'Scaffold an extension (iframe UI, optionally with a handler)'
            cand component 'Scaffold a server-side handler component'
        }
        &'alga;help;create;extension'= {
        }
        &'alga;help;create;component'= {
        }
        &'alga;help;component'= {
            cand create 'Same as `alga create component`'
        }
        &'alga;help;component;create'= {
        }
        &'alga;help;build'= {
        }
        &'alga;help;pack'= {
        }
        &'alga;help;sign'= {
        }
        &'alga;help;verify'= {
        }
        &'alga;help;inspect'= {
        }
        &'alga;help;keys'= {
            cand generate 'Generate a key pair (and for x509 a development CA)'
        }
        &'alga;help;keys;generate'= {
        }
        &'alga;help;extension'= {
            cand publish 'Upload a bundle (packing a project first), register it and install it'
            cand install 'Install a published version for the tenant'
            cand uninstall 'Uninstall an extension from the tenant'
        }
        &'alga;help;extension;publish'= {
        }
        &'alga;help;extension;install'= {
        }
        &'alga;help;extension;uninstall'= {
        }
        &'alga;help;dev'= {
        }
        &'alga;help;invoke'= {
        }
        &'alga;help;test'= {
        }
        &'alga;help;completions'= {
        }
        &'alga;help;doctor'= {
        }
        &'alga;help;cache'= {
            cand dir 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)'
            cand clean 'Remove every compiled component and function; they are compiled again when next needed'
        }
        &'alga;help;cache;dir'= {
        }
        &'alga;help;cache;clean'= {
        }
        &'alga;help;help'= {
        }
    ]
    $completions[$command]
}
