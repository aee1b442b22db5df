
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'alga' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'alga'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'alga' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scaffold a new extension or component from a built-in template')
            [CompletionResult]::new('component', 'component', [CompletionResultType]::ParameterValue, 'Component commands (`alga component create` is `alga create component`)')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the UI and the handler component of a project')
            [CompletionResult]::new('pack', 'pack', [CompletionResultType]::ParameterValue, 'Pack a project into a canonical, reproducible `bundle.tar.zst`')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a bundle (x509 CMS, OpenPGP or cosign)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a bundle''s signature against a trust bundle')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what is inside a bundle or a component')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Generate signing keys')
            [CompletionResult]::new('extension', 'extension', [CompletionResultType]::ParameterValue, 'Publish, install and uninstall extensions on an Alga server')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Run a local Alga host: runner, UI server and host page')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Run one request through the embedded runner, without a server')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the project''s request tests (tests/**/*.hurl) against its handler')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the machine for what building extensions needs')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Manage the compile caches (components and functions compiled to native code, in the user''s cache folder)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;create' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'List the templates with a one-line summary')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('extension', 'extension', [CompletionResultType]::ParameterValue, 'Scaffold an extension (iframe UI, optionally with a handler)')
            [CompletionResult]::new('component', 'component', [CompletionResultType]::ParameterValue, 'Scaffold a server-side handler component')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;create;extension' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--publisher', '--publisher', [CompletionResultType]::ParameterName, 'Publisher written to the manifest')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Reverse-domain extension id (default `com.<publisher>.<name>`)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'First version of the extension')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'alga;create;component' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--publisher', '--publisher', [CompletionResultType]::ParameterName, 'Publisher written to the manifest')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Reverse-domain extension id (default `com.<publisher>.<name>`)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'First version of the extension')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'alga;create;help' {
            [CompletionResult]::new('extension', 'extension', [CompletionResultType]::ParameterValue, 'Scaffold an extension (iframe UI, optionally with a handler)')
            [CompletionResult]::new('component', 'component', [CompletionResultType]::ParameterValue, 'Scaffold a server-side handler component')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;create;help;extension' {
            break
        }
        'alga;create;help;component' {
            break
        }
        'alga;create;help;help' {
            break
        }
        'alga;component' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Same as `alga create component`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;component;create' {
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--template', '--template', [CompletionResultType]::ParameterName, 'Template to start from (`alga create --list` shows them)')
            [CompletionResult]::new('--publisher', '--publisher', [CompletionResultType]::ParameterName, 'Publisher written to the manifest')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Reverse-domain extension id (default `com.<publisher>.<name>`)')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'First version of the extension')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--directory', '--directory', [CompletionResultType]::ParameterName, 'Folder in which the project folder is created')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Write into a folder that already has files')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'alga;component;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Same as `alga create component`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;component;help;create' {
            break
        }
        'alga;component;help;help' {
            break
        }
        'alga;build' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--wasm', '--wasm', [CompletionResultType]::ParameterName, 'Componentize this core wasm module instead of building JS/TS')
            [CompletionResult]::new('--entry', '--entry', [CompletionResultType]::ParameterName, 'The handler''s entry file, relative to the project (default: `alga.entry` in package.json, a source file the manifest''s endpoints name, package.json''s `main`/`exports`, then src/index.ts, src/index.js, src/handler.ts, src/handler.js)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--skip-install', '--skip-install', [CompletionResultType]::ParameterName, 'Do not run `npm install` when `node_modules` is missing')
            [CompletionResult]::new('--release', '--release', [CompletionResultType]::ParameterName, 'Optimised build')
            [CompletionResult]::new('--skip-ui', '--skip-ui', [CompletionResultType]::ParameterName, 'Do not run the UI''s npm script (`build:ui`, or `alga.uiScript` in package.json)')
            [CompletionResult]::new('--fix-capabilities', '--fix-capabilities', [CompletionResultType]::ParameterName, 'Add the capabilities the handler needs to manifest.json, keeping its layout')
            [CompletionResult]::new('--no-capability-check', '--no-capability-check', [CompletionResultType]::ParameterName, 'Build even when the manifest lacks capabilities the handler needs (a warning; the platform denies those calls at run time)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;pack' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Output file (default: `<project>/dist/bundle.tar.zst`)')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Output file (default: `<project>/dist/bundle.tar.zst`)')
            [CompletionResult]::new('--outfile', '--outfile', [CompletionResultType]::ParameterName, 'Output file (default: `<project>/dist/bundle.tar.zst`)')
            [CompletionResult]::new('--level', '--level', [CompletionResultType]::ParameterName, 'zstd compression level, 1 to 22 (default 19)')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does')
            [CompletionResult]::new('--sign-algorithm', '--sign-algorithm', [CompletionResultType]::ParameterName, 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'With `--sign`: the publisher certificate (x509)')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'With `--sign`: intermediate certificates (x509)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Replace the output file when it exists')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace the output file when it exists')
            [CompletionResult]::new('--fast', '--fast', [CompletionResultType]::ParameterName, 'Compress quickly (zstd level 1) for local loops; the bytes differ from a release pack')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'With `--sign`: also write the peer tools'' sidecar files (.p7s, .asc, .sig + .sigstore.json)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;sign' {
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign)')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign)')
            [CompletionResult]::new('--key', '--key', [CompletionResultType]::ParameterName, 'Private key file (cosign: password from COSIGN_PASSWORD; pgp: passphrase, if any, from ALGA_PGP_PASSPHRASE)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'Publisher certificate, PEM; may be followed by intermediates (x509)')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'Intermediate certificates, PEM (x509)')
            [CompletionResult]::new('--tsa', '--tsa', [CompletionResultType]::ParameterName, 'x509: ask this RFC 3161 time-stamping authority to stamp the signature, so that it verifies after the certificate expires (the token goes into the CMS)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--export', '--export', [CompletionResultType]::ParameterName, 'Also write the peer tools'' sidecar files')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;verify' {
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'SIGNATURE file (default: next to the bundle), or a peer tool''s signature (.p7s, .asc, .sig, .sigstore.json)')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'Trusted signers: CA certificates and public keys (PEM) or OpenPGP certificates; a file, or the PEM text itself (as SIGNING_TRUST_BUNDLE holds it)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'x509: check the certificates at this time instead of now, on purpose (RFC 3339, or YYYY-MM-DD for midnight UTC). Without it, only a timestamp from a trusted time-stamping authority in the CMS moves the time; the signer''s own signingTime never does')
            [CompletionResult]::new('--crl', '--crl', [CompletionResultType]::ParameterName, 'x509: a certificate revocation list (PEM or DER) to check the chain against; repeatable. CRLs in the trust bundle (`X509 CRL` blocks) are used too')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;inspect' {
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest unpacked bundle accepted (bytes, or with KiB/MiB/GiB)')
            [CompletionResult]::new('--max-file-size', '--max-file-size', [CompletionResultType]::ParameterName, 'Largest single file accepted inside a bundle')
            [CompletionResult]::new('--max-files', '--max-files', [CompletionResultType]::ParameterName, 'Most entries accepted inside a bundle')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--wit', '--wit', [CompletionResultType]::ParameterName, 'Print the component''s WIT world')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;keys' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a key pair (and for x509 a development CA)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;keys;generate' {
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'Kind of key')
            [CompletionResult]::new('--alg', '--alg', [CompletionResultType]::ParameterName, 'Kind of key')
            [CompletionResult]::new('--out', '--out', [CompletionResultType]::ParameterName, 'Folder for the key files')
            [CompletionResult]::new('--name', '--name', [CompletionResultType]::ParameterName, 'Signer name (x509 common name, OpenPGP user id)')
            [CompletionResult]::new('--ca', '--ca', [CompletionResultType]::ParameterName, 'x509: issue the publisher certificate from this CA certificate instead of a new CA')
            [CompletionResult]::new('--ca-key', '--ca-key', [CompletionResultType]::ParameterName, 'x509: the private key of `--ca`')
            [CompletionResult]::new('--days', '--days', [CompletionResultType]::ParameterName, 'x509: days the publisher certificate is valid (a new CA: at least 3650)')
            [CompletionResult]::new('--not-before', '--not-before', [CompletionResultType]::ParameterName, 'x509: first day the publisher certificate is valid (YYYY-MM-DD, UTC; default now)')
            [CompletionResult]::new('--not-after', '--not-after', [CompletionResultType]::ParameterName, 'x509: last day the publisher certificate is valid (YYYY-MM-DD, UTC; overrides `--days`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;keys;help' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a key pair (and for x509 a development CA)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;keys;help;generate' {
            break
        }
        'alga;keys;help;help' {
            break
        }
        'alga;extension' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Upload a bundle (packing a project first), register it and install it')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install a published version for the tenant')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Uninstall an extension from the tenant')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;extension;publish' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--apikey', '--apikey', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--tenant-id', '--tenant-id', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall time limit in milliseconds')
            [CompletionResult]::new('--sign', '--sign', [CompletionResultType]::ParameterName, 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does')
            [CompletionResult]::new('--sign-algorithm', '--sign-algorithm', [CompletionResultType]::ParameterName, 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)')
            [CompletionResult]::new('--cert', '--cert', [CompletionResultType]::ParameterName, 'With `--sign`: the publisher certificate (x509)')
            [CompletionResult]::new('--chain', '--chain', [CompletionResultType]::ParameterName, 'With `--sign`: intermediate certificates (x509)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)')
            [CompletionResult]::new('--no-install', '--no-install', [CompletionResultType]::ParameterName, 'Register the version without installing it')
            [CompletionResult]::new('-f', '-f', [CompletionResultType]::ParameterName, 'Accepted as `@alga-psa/cli` takes it; publishing always replaces the project''s own `dist/bundle.tar.zst` (packing is deterministic)')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Accepted as `@alga-psa/cli` takes it; publishing always replaces the project''s own `dist/bundle.tar.zst` (packing is deterministic)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;extension;install' {
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Version to install (`-v` is accepted after `install`, as in @alga-psa/cli)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--apikey', '--apikey', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--tenant-id', '--tenant-id', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall time limit in milliseconds')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'alga;extension;uninstall' {
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--apikey', '--apikey', [CompletionResultType]::ParameterName, 'API key (sent as `x-api-key`; never printed)')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--tenant-id', '--tenant-id', [CompletionResultType]::ParameterName, 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too')
            [CompletionResult]::new('--base-url', '--base-url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Server base URL')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Overall time limit in milliseconds')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--allow-insecure-http', '--allow-insecure-http', [CompletionResultType]::ParameterName, 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;extension;help' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Upload a bundle (packing a project first), register it and install it')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install a published version for the tenant')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Uninstall an extension from the tenant')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;extension;help;publish' {
            break
        }
        'alga;extension;help;install' {
            break
        }
        'alga;extension;help;uninstall' {
            break
        }
        'alga;extension;help;help' {
            break
        }
        'alga;dev' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--listen', '--listen', [CompletionResultType]::ParameterName, 'Address to listen on (`127.0.0.1:0` picks a free port and prints it)')
            [CompletionResult]::new('--ui-port', '--ui-port', [CompletionResultType]::ParameterName, 'Port of the extension UI on the `--listen` address: its own origin, as the Runner''s domain is in production (default: the next port when free, else any free one)')
            [CompletionResult]::new('--allowed-host', '--allowed-host', [CompletionResultType]::ParameterName, 'A name browsers may reach the server by, besides loopback names and IP addresses (repeatable); requests with any other `Host` are refused, which stops DNS rebinding')
            [CompletionResult]::new('--max-concurrency', '--max-concurrency', [CompletionResultType]::ParameterName, 'How many requests may run handler code at once; more are answered 503 with `Retry-After`')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Serve a packed bundle (its hash checked against its `.sha256` sidecar) instead of a project')
            [CompletionResult]::new('--trust', '--trust', [CompletionResultType]::ParameterName, 'With `--registry`: accept only bundles signed by these signers (CA certificates, public keys, OpenPGP certificates)')
            [CompletionResult]::new('--api-key', '--api-key', [CompletionResultType]::ParameterName, 'With `--registry`: the API key clients must send (default: a random key made at start and printed once)')
            [CompletionResult]::new('--build-timeout', '--build-timeout', [CompletionResultType]::ParameterName, 'The most one build step may take in the node worker that rebuilds the handler, in seconds (componentize-js runs the handler''s top-level code); then the worker goes, with what it started, and the next save starts a new one')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret for the handler (overrides `.alga/secrets.toml`); never printed')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant id requests run as')
            [CompletionResult]::new('--install-id', '--install-id', [CompletionResultType]::ParameterName, 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server')
            [CompletionResult]::new('--fuel', '--fuel', [CompletionResultType]::ParameterName, 'Fuel per request (turns on fuel metering)')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for')
            [CompletionResult]::new('--memory-mb', '--memory-mb', [CompletionResultType]::ParameterName, 'Memory limit of one request, in MiB (at most 1024, the runner''s cap); also the most a `/v1/execute` caller may ask for')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--registry', '--registry', [CompletionResultType]::ParameterName, 'Also serve the server''s publish API (upload-proxy, finalize, install, uninstall) with a local registry in `.alga/registry`; installing a version serves it')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;invoke' {
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Request body: text, `@file`, or `-` for standard input')
            [CompletionResult]::new('--data', '--data', [CompletionResultType]::ParameterName, 'Request body: text, `@file`, or `-` for standard input')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'Request header `NAME:VALUE` (repeatable)')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Request header `NAME:VALUE` (repeatable)')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--allow-host', '--allow-host', [CompletionResultType]::ParameterName, 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'A secret for the handler (overrides `.alga/secrets.toml`); never printed')
            [CompletionResult]::new('--tenant', '--tenant', [CompletionResultType]::ParameterName, 'Tenant id requests run as')
            [CompletionResult]::new('--install-id', '--install-id', [CompletionResultType]::ParameterName, 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server')
            [CompletionResult]::new('--fuel', '--fuel', [CompletionResultType]::ParameterName, 'Fuel per request (turns on fuel metering)')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for')
            [CompletionResult]::new('--memory-mb', '--memory-mb', [CompletionResultType]::ParameterName, 'Memory limit of one request, in MiB (at most 1024, the runner''s cap); also the most a `/v1/execute` caller may ask for')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;test' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--bundle', '--bundle', [CompletionResultType]::ParameterName, 'Test the handler inside this packed bundle (exactly what ships) instead of building the project; tests still come from the project''s tests/ folder')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'How many files run at once')
            [CompletionResult]::new('--jobs', '--jobs', [CompletionResultType]::ParameterName, 'How many files run at once')
            [CompletionResult]::new('--junit', '--junit', [CompletionResultType]::ParameterName, 'Also write the results as JUnit XML to FILE (for GitLab, GitHub and Jenkins)')
            [CompletionResult]::new('--variable', '--variable', [CompletionResultType]::ParameterName, 'A variable for the files, `NAME=VALUE` (repeatable)')
            [CompletionResult]::new('--timeout-ms', '--timeout-ms', [CompletionResultType]::ParameterName, 'Time limit of one request, in milliseconds; an entry''s `max-time` option can only lower it')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('--update', '--update', [CompletionResultType]::ParameterName, 'Rewrite the response body files entries compare with (`file,expected.json;`) from what the handler answers')
            [CompletionResult]::new('--skip-install', '--skip-install', [CompletionResultType]::ParameterName, 'Do not run `npm install` before building')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;doctor' {
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--cwd', '--cwd', [CompletionResultType]::ParameterName, 'Project folder (the one holding `manifest.json`)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;cache' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove every compiled component and function; they are compiled again when next needed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;cache;dir' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;cache;clean' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors. `NO_COLOR` in the environment means `never` unless set here')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and the command''s result')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Print more detail (repeat for even more)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print machine-readable JSON on stdout instead of human text (for CI)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'alga;cache;help' {
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove every compiled component and function; they are compiled again when next needed')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;cache;help;dir' {
            break
        }
        'alga;cache;help;clean' {
            break
        }
        'alga;cache;help;help' {
            break
        }
        'alga;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scaffold a new extension or component from a built-in template')
            [CompletionResult]::new('component', 'component', [CompletionResultType]::ParameterValue, 'Component commands (`alga component create` is `alga create component`)')
            [CompletionResult]::new('build', 'build', [CompletionResultType]::ParameterValue, 'Build the UI and the handler component of a project')
            [CompletionResult]::new('pack', 'pack', [CompletionResultType]::ParameterValue, 'Pack a project into a canonical, reproducible `bundle.tar.zst`')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Sign a bundle (x509 CMS, OpenPGP or cosign)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Verify a bundle''s signature against a trust bundle')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'Show what is inside a bundle or a component')
            [CompletionResult]::new('keys', 'keys', [CompletionResultType]::ParameterValue, 'Generate signing keys')
            [CompletionResult]::new('extension', 'extension', [CompletionResultType]::ParameterValue, 'Publish, install and uninstall extensions on an Alga server')
            [CompletionResult]::new('dev', 'dev', [CompletionResultType]::ParameterValue, 'Run a local Alga host: runner, UI server and host page')
            [CompletionResult]::new('invoke', 'invoke', [CompletionResultType]::ParameterValue, 'Run one request through the embedded runner, without a server')
            [CompletionResult]::new('test', 'test', [CompletionResultType]::ParameterValue, 'Run the project''s request tests (tests/**/*.hurl) against its handler')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('doctor', 'doctor', [CompletionResultType]::ParameterValue, 'Check the machine for what building extensions needs')
            [CompletionResult]::new('cache', 'cache', [CompletionResultType]::ParameterValue, 'Manage the compile caches (components and functions compiled to native code, in the user''s cache folder)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'alga;help;create' {
            [CompletionResult]::new('extension', 'extension', [CompletionResultType]::ParameterValue, 'Scaffold an extension (iframe UI, optionally with a handler)')
            [CompletionResult]::new('component', 'component', [CompletionResultType]::ParameterValue, 'Scaffold a server-side handler component')
            break
        }
        'alga;help;create;extension' {
            break
        }
        'alga;help;create;component' {
            break
        }
        'alga;help;component' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Same as `alga create component`')
            break
        }
        'alga;help;component;create' {
            break
        }
        'alga;help;build' {
            break
        }
        'alga;help;pack' {
            break
        }
        'alga;help;sign' {
            break
        }
        'alga;help;verify' {
            break
        }
        'alga;help;inspect' {
            break
        }
        'alga;help;keys' {
            [CompletionResult]::new('generate', 'generate', [CompletionResultType]::ParameterValue, 'Generate a key pair (and for x509 a development CA)')
            break
        }
        'alga;help;keys;generate' {
            break
        }
        'alga;help;extension' {
            [CompletionResult]::new('publish', 'publish', [CompletionResultType]::ParameterValue, 'Upload a bundle (packing a project first), register it and install it')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Install a published version for the tenant')
            [CompletionResult]::new('uninstall', 'uninstall', [CompletionResultType]::ParameterValue, 'Uninstall an extension from the tenant')
            break
        }
        'alga;help;extension;publish' {
            break
        }
        'alga;help;extension;install' {
            break
        }
        'alga;help;extension;uninstall' {
            break
        }
        'alga;help;dev' {
            break
        }
        'alga;help;invoke' {
            break
        }
        'alga;help;test' {
            break
        }
        'alga;help;completions' {
            break
        }
        'alga;help;doctor' {
            break
        }
        'alga;help;cache' {
            [CompletionResult]::new('dir', 'dir', [CompletionResultType]::ParameterValue, 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform''s cache folder)')
            [CompletionResult]::new('clean', 'clean', [CompletionResultType]::ParameterValue, 'Remove every compiled component and function; they are compiled again when next needed')
            break
        }
        'alga;help;cache;dir' {
            break
        }
        'alga;help;cache;clean' {
            break
        }
        'alga;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
