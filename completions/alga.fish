# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_alga_global_optspecs
    string join \n q/quiet v/verbose color= json h/help V/version
end

function __fish_alga_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_alga_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_alga_using_subcommand
    set -l cmd (__fish_alga_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c alga -n "__fish_alga_needs_command" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_needs_command" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_needs_command" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_needs_command" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_needs_command" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_needs_command" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_needs_command" -f -a "create" -d 'Scaffold a new extension or component from a built-in template'
complete -c alga -n "__fish_alga_needs_command" -f -a "component" -d 'Component commands (`alga component create` is `alga create component`)'
complete -c alga -n "__fish_alga_needs_command" -f -a "build" -d 'Build the UI and the handler component of a project'
complete -c alga -n "__fish_alga_needs_command" -f -a "pack" -d 'Pack a project into a canonical, reproducible `bundle.tar.zst`'
complete -c alga -n "__fish_alga_needs_command" -f -a "sign" -d 'Sign a bundle (x509 CMS, OpenPGP or cosign)'
complete -c alga -n "__fish_alga_needs_command" -f -a "verify" -d 'Verify a bundle\'s signature against a trust bundle'
complete -c alga -n "__fish_alga_needs_command" -f -a "inspect" -d 'Show what is inside a bundle or a component'
complete -c alga -n "__fish_alga_needs_command" -f -a "keys" -d 'Generate signing keys'
complete -c alga -n "__fish_alga_needs_command" -f -a "extension" -d 'Publish, install and uninstall extensions on an Alga server'
complete -c alga -n "__fish_alga_needs_command" -f -a "dev" -d 'Run a local Alga host: runner, UI server and host page'
complete -c alga -n "__fish_alga_needs_command" -f -a "invoke" -d 'Run one request through the embedded runner, without a server'
complete -c alga -n "__fish_alga_needs_command" -f -a "test" -d 'Run the project\'s request tests (tests/**/*.hurl) against its handler'
complete -c alga -n "__fish_alga_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c alga -n "__fish_alga_needs_command" -f -a "doctor" -d 'Check the machine for what building extensions needs'
complete -c alga -n "__fish_alga_needs_command" -f -a "cache" -d 'Manage the compile caches (components and functions compiled to native code, in the user\'s cache folder)'
complete -c alga -n "__fish_alga_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -l list -d 'List the templates with a one-line summary'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -f -a "extension" -d 'Scaffold an extension (iframe UI, optionally with a handler)'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -f -a "component" -d 'Scaffold a server-side handler component'
complete -c alga -n "__fish_alga_using_subcommand create; and not __fish_seen_subcommand_from extension component help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -s t -l template -d 'Template to start from (`alga create --list` shows them)' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l publisher -d 'Publisher written to the manifest' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l id -d 'Reverse-domain extension id (default `com.<publisher>.<name>`)' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l version -d 'First version of the extension' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l dir -l directory -d 'Folder in which the project folder is created' -r -F
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -s f -l force -d 'Write into a folder that already has files'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from extension" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -s t -l template -d 'Template to start from (`alga create --list` shows them)' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l publisher -d 'Publisher written to the manifest' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l id -d 'Reverse-domain extension id (default `com.<publisher>.<name>`)' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l version -d 'First version of the extension' -r
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l dir -l directory -d 'Folder in which the project folder is created' -r -F
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -s f -l force -d 'Write into a folder that already has files'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from component" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "extension" -d 'Scaffold an extension (iframe UI, optionally with a handler)'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "component" -d 'Scaffold a server-side handler component'
complete -c alga -n "__fish_alga_using_subcommand create; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -f -a "create" -d 'Same as `alga create component`'
complete -c alga -n "__fish_alga_using_subcommand component; and not __fish_seen_subcommand_from create help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -s t -l template -d 'Template to start from (`alga create --list` shows them)' -r
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l publisher -d 'Publisher written to the manifest' -r
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l id -d 'Reverse-domain extension id (default `com.<publisher>.<name>`)' -r
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l version -d 'First version of the extension' -r
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l dir -l directory -d 'Folder in which the project folder is created' -r -F
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -s f -l force -d 'Write into a folder that already has files'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from help" -f -a "create" -d 'Same as `alga create component`'
complete -c alga -n "__fish_alga_using_subcommand component; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand build" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand build" -l wasm -d 'Componentize this core wasm module instead of building JS/TS' -r -F
complete -c alga -n "__fish_alga_using_subcommand build" -l entry -d 'The handler\'s entry file, relative to the project (default: `alga.entry` in package.json, a source file the manifest\'s endpoints name, package.json\'s `main`/`exports`, then src/index.ts, src/index.js, src/handler.ts, src/handler.js)' -r -F
complete -c alga -n "__fish_alga_using_subcommand build" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand build" -l skip-install -d 'Do not run `npm install` when `node_modules` is missing'
complete -c alga -n "__fish_alga_using_subcommand build" -l release -d 'Optimised build'
complete -c alga -n "__fish_alga_using_subcommand build" -l skip-ui -d 'Do not run the UI\'s npm script (`build:ui`, or `alga.uiScript` in package.json)'
complete -c alga -n "__fish_alga_using_subcommand build" -l fix-capabilities -d 'Add the capabilities the handler needs to manifest.json, keeping its layout'
complete -c alga -n "__fish_alga_using_subcommand build" -l no-capability-check -d 'Build even when the manifest lacks capabilities the handler needs (a warning; the platform denies those calls at run time)'
complete -c alga -n "__fish_alga_using_subcommand build" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand build" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand build" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand build" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand build" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand pack" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand pack" -s o -l out -l outfile -d 'Output file (default: `<project>/dist/bundle.tar.zst`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand pack" -l level -d 'zstd compression level, 1 to 22 (default 19)' -r
complete -c alga -n "__fish_alga_using_subcommand pack" -l sign -d 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does' -r -F
complete -c alga -n "__fish_alga_using_subcommand pack" -l sign-algorithm -d 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)' -r -f -a "x509\t''
pgp\t''
cosign\t''"
complete -c alga -n "__fish_alga_using_subcommand pack" -l cert -d 'With `--sign`: the publisher certificate (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand pack" -l chain -d 'With `--sign`: intermediate certificates (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand pack" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand pack" -s f -l force -d 'Replace the output file when it exists'
complete -c alga -n "__fish_alga_using_subcommand pack" -l fast -d 'Compress quickly (zstd level 1) for local loops; the bytes differ from a release pack'
complete -c alga -n "__fish_alga_using_subcommand pack" -l export -d 'With `--sign`: also write the peer tools\' sidecar files (.p7s, .asc, .sig + .sigstore.json)'
complete -c alga -n "__fish_alga_using_subcommand pack" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand pack" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand pack" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand pack" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand pack" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand sign" -l algorithm -l alg -d 'Signature algorithm (default: pgp for an OpenPGP key, x509 with `--cert`, else cosign)' -r -f -a "x509\t''
pgp\t''
cosign\t''"
complete -c alga -n "__fish_alga_using_subcommand sign" -l key -d 'Private key file (cosign: password from COSIGN_PASSWORD; pgp: passphrase, if any, from ALGA_PGP_PASSPHRASE)' -r -F
complete -c alga -n "__fish_alga_using_subcommand sign" -l cert -d 'Publisher certificate, PEM; may be followed by intermediates (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand sign" -l chain -d 'Intermediate certificates, PEM (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand sign" -l tsa -d 'x509: ask this RFC 3161 time-stamping authority to stamp the signature, so that it verifies after the certificate expires (the token goes into the CMS)' -r
complete -c alga -n "__fish_alga_using_subcommand sign" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand sign" -l export -d 'Also write the peer tools\' sidecar files'
complete -c alga -n "__fish_alga_using_subcommand sign" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand sign" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand sign" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand sign" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand sign" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand verify" -l signature -d 'SIGNATURE file (default: next to the bundle), or a peer tool\'s signature (.p7s, .asc, .sig, .sigstore.json)' -r -F
complete -c alga -n "__fish_alga_using_subcommand verify" -l trust -d 'Trusted signers: CA certificates and public keys (PEM) or OpenPGP certificates; a file, or the PEM text itself (as SIGNING_TRUST_BUNDLE holds it)' -r
complete -c alga -n "__fish_alga_using_subcommand verify" -l at -d 'x509: check the certificates at this time instead of now, on purpose (RFC 3339, or YYYY-MM-DD for midnight UTC). Without it, only a timestamp from a trusted time-stamping authority in the CMS moves the time; the signer\'s own signingTime never does' -r
complete -c alga -n "__fish_alga_using_subcommand verify" -l crl -d 'x509: a certificate revocation list (PEM or DER) to check the chain against; repeatable. CRLs in the trust bundle (`X509 CRL` blocks) are used too' -r -F
complete -c alga -n "__fish_alga_using_subcommand verify" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand verify" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand verify" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand verify" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand verify" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand verify" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand inspect" -l max-size -d 'Largest unpacked bundle accepted (bytes, or with KiB/MiB/GiB)' -r
complete -c alga -n "__fish_alga_using_subcommand inspect" -l max-file-size -d 'Largest single file accepted inside a bundle' -r
complete -c alga -n "__fish_alga_using_subcommand inspect" -l max-files -d 'Most entries accepted inside a bundle' -r
complete -c alga -n "__fish_alga_using_subcommand inspect" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand inspect" -l wit -d 'Print the component\'s WIT world'
complete -c alga -n "__fish_alga_using_subcommand inspect" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand inspect" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand inspect" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -f -a "generate" -d 'Generate a key pair (and for x509 a development CA)'
complete -c alga -n "__fish_alga_using_subcommand keys; and not __fish_seen_subcommand_from generate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l algorithm -l alg -d 'Kind of key' -r -f -a "x509\t''
pgp\t''
cosign\t''"
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l out -d 'Folder for the key files' -r -F
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l name -d 'Signer name (x509 common name, OpenPGP user id)' -r
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l ca -d 'x509: issue the publisher certificate from this CA certificate instead of a new CA' -r -F
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l ca-key -d 'x509: the private key of `--ca`' -r -F
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l days -d 'x509: days the publisher certificate is valid (a new CA: at least 3650)' -r
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l not-before -d 'x509: first day the publisher certificate is valid (YYYY-MM-DD, UTC; default now)' -r
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l not-after -d 'x509: last day the publisher certificate is valid (YYYY-MM-DD, UTC; overrides `--days`)' -r
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate a key pair (and for x509 a development CA)'
complete -c alga -n "__fish_alga_using_subcommand keys; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -f -a "publish" -d 'Upload a bundle (packing a project first), register it and install it'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -f -a "install" -d 'Install a published version for the tenant'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -f -a "uninstall" -d 'Uninstall an extension from the tenant'
complete -c alga -n "__fish_alga_using_subcommand extension; and not __fish_seen_subcommand_from publish install uninstall help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l api-key -l apikey -d 'API key (sent as `x-api-key`; never printed)' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l tenant -l tenant-id -d 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l base-url -l url -d 'Server base URL' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l timeout -d 'Overall time limit in milliseconds' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l sign -d 'Sign the bundle in the same step with this private key (cosign.key, pgp.key.asc, or an x509 key with `--cert`), as `alga sign --key` does' -r -F
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l sign-algorithm -d 'With `--sign`: the signature algorithm (default: from the key file and `--cert`)' -r -f -a "x509\t''
pgp\t''
cosign\t''"
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l cert -d 'With `--sign`: the publisher certificate (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l chain -d 'With `--sign`: intermediate certificates (x509)' -r -F
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l allow-insecure-http -d 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l no-install -d 'Register the version without installing it'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -s f -l force -d 'Accepted as `@alga-psa/cli` takes it; publishing always replaces the project\'s own `dist/bundle.tar.zst` (packing is deterministic)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from publish" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l version -d 'Version to install (`-v` is accepted after `install`, as in @alga-psa/cli)' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l api-key -l apikey -d 'API key (sent as `x-api-key`; never printed)' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l tenant -l tenant-id -d 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l base-url -l url -d 'Server base URL' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l timeout -d 'Overall time limit in milliseconds' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l allow-insecure-http -d 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l api-key -l apikey -d 'API key (sent as `x-api-key`; never printed)' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l tenant -l tenant-id -d 'Tenant id (sent as `x-tenant-id`); `ALGA_TENANT` is read too' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l base-url -l url -d 'Server base URL' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l timeout -d 'Overall time limit in milliseconds' -r
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l allow-insecure-http -d 'Send the API key over plain `http://` to a server that is not on this machine (refused otherwise: anyone on the network path could read the key)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from uninstall" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from help" -f -a "publish" -d 'Upload a bundle (packing a project first), register it and install it'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from help" -f -a "install" -d 'Install a published version for the tenant'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from help" -f -a "uninstall" -d 'Uninstall an extension from the tenant'
complete -c alga -n "__fish_alga_using_subcommand extension; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand dev" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand dev" -l listen -d 'Address to listen on (`127.0.0.1:0` picks a free port and prints it)' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l ui-port -d 'Port of the extension UI on the `--listen` address: its own origin, as the Runner\'s domain is in production (default: the next port when free, else any free one)' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l allowed-host -d 'A name browsers may reach the server by, besides loopback names and IP addresses (repeatable); requests with any other `Host` are refused, which stops DNS rebinding' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l max-concurrency -d 'How many requests may run handler code at once; more are answered 503 with `Retry-After`' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l bundle -d 'Serve a packed bundle (its hash checked against its `.sha256` sidecar) instead of a project' -r -F
complete -c alga -n "__fish_alga_using_subcommand dev" -l trust -d 'With `--registry`: accept only bundles signed by these signers (CA certificates, public keys, OpenPGP certificates)' -r -F
complete -c alga -n "__fish_alga_using_subcommand dev" -l api-key -d 'With `--registry`: the API key clients must send (default: a random key made at start and printed once)' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l build-timeout -d 'The most one build step may take in the node worker that rebuilds the handler, in seconds (componentize-js runs the handler\'s top-level code); then the worker goes, with what it started, and the next save starts a new one' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l allow-host -d 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l secret -d 'A secret for the handler (overrides `.alga/secrets.toml`); never printed' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l tenant -d 'Tenant id requests run as' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l install-id -d 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l fuel -d 'Fuel per request (turns on fuel metering)' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l timeout-ms -d 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l memory-mb -d 'Memory limit of one request, in MiB (at most 1024, the runner\'s cap); also the most a `/v1/execute` caller may ask for' -r
complete -c alga -n "__fish_alga_using_subcommand dev" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand dev" -l registry -d 'Also serve the server\'s publish API (upload-proxy, finalize, install, uninstall) with a local registry in `.alga/registry`; installing a version serves it'
complete -c alga -n "__fish_alga_using_subcommand dev" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand dev" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand dev" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand dev" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand dev" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand invoke" -s d -l data -d 'Request body: text, `@file`, or `-` for standard input' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -s H -l header -d 'Request header `NAME:VALUE` (repeatable)' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand invoke" -l allow-host -d 'Hosts `http.fetch` may reach (exact or any subdomain, any port); none means no egress. `EXT_EGRESS_ALLOWLIST` (comma-separated) adds to it' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l secret -d 'A secret for the handler (overrides `.alga/secrets.toml`); never printed' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l tenant -d 'Tenant id requests run as' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l install-id -d 'Install id requests run with (storage, scheduler, clients... need one); storage and schedules are kept per install id, as on the server' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l fuel -d 'Fuel per request (turns on fuel metering)' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l timeout-ms -d 'Time limit of one request, in milliseconds; also the most a `/v1/execute` caller may ask for' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l memory-mb -d 'Memory limit of one request, in MiB (at most 1024, the runner\'s cap); also the most a `/v1/execute` caller may ask for' -r
complete -c alga -n "__fish_alga_using_subcommand invoke" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand invoke" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand invoke" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand invoke" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand invoke" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand invoke" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand test" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand test" -l bundle -d 'Test the handler inside this packed bundle (exactly what ships) instead of building the project; tests still come from the project\'s tests/ folder' -r -F
complete -c alga -n "__fish_alga_using_subcommand test" -s j -l jobs -d 'How many files run at once' -r
complete -c alga -n "__fish_alga_using_subcommand test" -l junit -d 'Also write the results as JUnit XML to FILE (for GitLab, GitHub and Jenkins)' -r -F
complete -c alga -n "__fish_alga_using_subcommand test" -l variable -d 'A variable for the files, `NAME=VALUE` (repeatable)' -r
complete -c alga -n "__fish_alga_using_subcommand test" -l timeout-ms -d 'Time limit of one request, in milliseconds; an entry\'s `max-time` option can only lower it' -r
complete -c alga -n "__fish_alga_using_subcommand test" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand test" -l update -d 'Rewrite the response body files entries compare with (`file,expected.json;`) from what the handler answers'
complete -c alga -n "__fish_alga_using_subcommand test" -l skip-install -d 'Do not run `npm install` before building'
complete -c alga -n "__fish_alga_using_subcommand test" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand test" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand test" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand test" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand test" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand completions" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand completions" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand completions" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand completions" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand completions" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand completions" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand doctor" -l project -l dir -l cwd -d 'Project folder (the one holding `manifest.json`)' -r -F
complete -c alga -n "__fish_alga_using_subcommand doctor" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand doctor" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand doctor" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand doctor" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand doctor" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand doctor" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -f -a "dir" -d 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform\'s cache folder)'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -f -a "clean" -d 'Remove every compiled component and function; they are compiled again when next needed'
complete -c alga -n "__fish_alga_using_subcommand cache; and not __fish_seen_subcommand_from dir clean help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from dir" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -l color -d 'When to use colors. `NO_COLOR` in the environment means `never` unless set here' -r -f -a "auto\t''
always\t''
never\t''"
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -s q -l quiet -d 'Print only errors and the command\'s result'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -s v -l verbose -d 'Print more detail (repeat for even more)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -l json -d 'Print machine-readable JSON on stdout instead of human text (for CI)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -s h -l help -d 'Print help'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from clean" -s V -l version -d 'Print version'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "dir" -d 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform\'s cache folder)'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "clean" -d 'Remove every compiled component and function; they are compiled again when next needed'
complete -c alga -n "__fish_alga_using_subcommand cache; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "create" -d 'Scaffold a new extension or component from a built-in template'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "component" -d 'Component commands (`alga component create` is `alga create component`)'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "build" -d 'Build the UI and the handler component of a project'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "pack" -d 'Pack a project into a canonical, reproducible `bundle.tar.zst`'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "sign" -d 'Sign a bundle (x509 CMS, OpenPGP or cosign)'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "verify" -d 'Verify a bundle\'s signature against a trust bundle'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "inspect" -d 'Show what is inside a bundle or a component'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "keys" -d 'Generate signing keys'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "extension" -d 'Publish, install and uninstall extensions on an Alga server'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "dev" -d 'Run a local Alga host: runner, UI server and host page'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "invoke" -d 'Run one request through the embedded runner, without a server'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "test" -d 'Run the project\'s request tests (tests/**/*.hurl) against its handler'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "completions" -d 'Print a shell completion script'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "doctor" -d 'Check the machine for what building extensions needs'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "cache" -d 'Manage the compile caches (components and functions compiled to native code, in the user\'s cache folder)'
complete -c alga -n "__fish_alga_using_subcommand help; and not __fish_seen_subcommand_from create component build pack sign verify inspect keys extension dev invoke test completions doctor cache help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "extension" -d 'Scaffold an extension (iframe UI, optionally with a handler)'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from create" -f -a "component" -d 'Scaffold a server-side handler component'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from component" -f -a "create" -d 'Same as `alga create component`'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from keys" -f -a "generate" -d 'Generate a key pair (and for x509 a development CA)'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from extension" -f -a "publish" -d 'Upload a bundle (packing a project first), register it and install it'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from extension" -f -a "install" -d 'Install a published version for the tenant'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from extension" -f -a "uninstall" -d 'Uninstall an extension from the tenant'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "dir" -d 'Print the cache folder (`$XDG_CACHE_HOME/alga`, else the platform\'s cache folder)'
complete -c alga -n "__fish_alga_using_subcommand help; and __fish_seen_subcommand_from cache" -f -a "clean" -d 'Remove every compiled component and function; they are compiled again when next needed'
