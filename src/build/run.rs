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
            output: tail(&text, 40),
        });
    }
    Ok(text)
}

/// The last `n` lines of `text`.
pub fn tail(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines.len().saturating_sub(n);
    lines[start..].join("\n")
}
