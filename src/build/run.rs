//! Running the external tools of a build step, with their output kept for the error.

use std::process::Command;

use super::BuildError;

/// Runs `cmd`; on failure the error names the step and carries the tail of its output.
pub fn run_step(step: &str, cmd: &mut Command) -> Result<String, BuildError> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let shown = std::iter::once(program.clone())
        .chain(
            cmd.get_args()
                .map(|a| a.to_string_lossy().into_owned())
                .filter(|a| !a.contains('\n')),
        )
        .collect::<Vec<_>>()
        .join(" ");
    let output = cmd.output().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            BuildError::ToolMissing {
                step: step.to_string(),
                tool: program.rsplit('/').next().unwrap_or(&program).to_string(),
            }
        } else {
            BuildError::Io {
                context: format!("cannot run `{shown}`"),
                source: e,
            }
        }
    })?;
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    text.push_str(&String::from_utf8_lossy(&output.stderr));
    if !output.status.success() {
        return Err(BuildError::StepFailed {
            step: step.to_string(),
            command: shown,
            status: output
                .status
                .code()
                .map_or("a signal".to_string(), |c| format!("exit code {c}")),
            headline: headline(&text),
            output: tail(&text, 40),
        });
    }
    Ok(text)
}

/// The first line of a tool's output that reports an error (`ComponentError: …`,
/// `Error [ERR_MODULE_NOT_FOUND]: …`, `✘ [ERROR] …`), trimmed and cut to 300 characters.
pub(super) fn headline(text: &str) -> Option<String> {
    // `ComponentError: …`, `TypeError [ERR_X]: …`, `✘ [ERROR] …`, `error: …`, `npm error …`.
    let is_message = |l: &str| {
        let l = l.strip_prefix("npm ").unwrap_or(l);
        let word: String = l
            .trim_start_matches("✘ ")
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '[' || *c == ']')
            .collect();
        let lower = word.to_ascii_lowercase();
        (lower.ends_with("error") || lower == "[error]")
            && l[l.find(&word).unwrap_or(0) + word.len()..].starts_with([':', ' ', '['])
    };
    let line = text.lines().map(str::trim).find(|l| is_message(l))?;
    Some(line.chars().take(300).collect())
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    lines[start..].join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tools_own_error_line_comes_first() {
        let node = "file:///p/node_modules/x.js:5095\n    throw new ComponentError(retCopy.val);\n          ^\n\nComponentError: reading file /p/.alga/wit-1\n\nCaused by:\n    No such file or directory (os error 44)\n    at Object.spliceBindings (file:///x.js:1:1)\n";
        // The source line quoting `ComponentError(` is not the message; the message is.
        assert_eq!(
            headline(node).as_deref(),
            Some("ComponentError: reading file /p/.alga/wit-1")
        );
        let missing = "node:internal/modules/esm/resolve:873\n  throw new ERR_MODULE_NOT_FOUND(packageName);\n        ^\n\nError [ERR_MODULE_NOT_FOUND]: Cannot find package '@bytecodealliance/preview2-shim'\n";
        assert_eq!(
            headline(missing).as_deref(),
            Some(
                "Error [ERR_MODULE_NOT_FOUND]: Cannot find package '@bytecodealliance/preview2-shim'"
            )
        );
        assert_eq!(
            headline("npm error code ENOENT\n").as_deref(),
            Some("npm error code ENOENT")
        );
        let esbuild = "✘ [ERROR] Could not resolve \"./gone\"\n\n    src/index.ts:1:7:\n";
        assert_eq!(
            headline(esbuild).as_deref(),
            Some("✘ [ERROR] Could not resolve \"./gone\"")
        );
        assert_eq!(headline("all good\n"), None);
    }
}
