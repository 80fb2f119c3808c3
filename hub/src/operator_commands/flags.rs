//! Reading `--name value` flags of the operator subcommands, with errors that name the flag.

use std::collections::BTreeMap;

use super::OperatorError;

/// The flags of one invocation: each flag with every value it was given, in order.
#[derive(Debug, Default)]
pub struct Flags {
    values: BTreeMap<String, Vec<String>>,
}

impl Flags {
    /// Parses `arguments` allowing only `with_value` (which take the next argument) and
    /// `switches` (which take none).
    pub fn parse(
        arguments: &[String],
        with_value: &[&str],
        switches: &[&str],
    ) -> Result<Self, OperatorError> {
        let mut flags = Flags::default();
        let mut arguments = arguments.iter();
        while let Some(argument) = arguments.next() {
            let name = argument.as_str();
            if switches.contains(&name) {
                flags.values.entry(name.to_owned()).or_default();
            } else if with_value.contains(&name) {
                let value = arguments
                    .next()
                    .ok_or_else(|| OperatorError::Usage(format!("{name} needs a value")))?;
                flags
                    .values
                    .entry(name.to_owned())
                    .or_default()
                    .push(value.clone());
            } else {
                return Err(OperatorError::Usage(format!("unknown argument {name:?}")));
            }
        }
        Ok(flags)
    }

    /// The one value of `name`; an error if it is missing or given twice.
    pub fn required(&self, name: &str) -> Result<&str, OperatorError> {
        match self.values.get(name).map(Vec::as_slice) {
            Some([value]) => Ok(value),
            Some([]) | None => Err(OperatorError::Usage(format!("{name} is required"))),
            Some(_) => Err(OperatorError::Usage(format!(
                "{name} is given more than once"
            ))),
        }
    }

    /// `name` as a whole number greater than zero.
    pub fn positive(&self, name: &str) -> Result<u32, OperatorError> {
        let text = self.required(name)?;
        text.parse::<u32>()
            .ok()
            .filter(|number| *number > 0)
            .ok_or_else(|| {
                OperatorError::Refused(format!(
                    "{name} must be a whole number above 0, not {text:?}"
                ))
            })
    }

    /// The one value of `name` when it is given at all.
    pub fn optional(&self, name: &str) -> Result<Option<&str>, OperatorError> {
        if self.has(name) {
            self.required(name).map(Some)
        } else {
            Ok(None)
        }
    }

    /// `name` as a whole number greater than zero, when it is given at all.
    pub fn optional_positive(&self, name: &str) -> Result<Option<u32>, OperatorError> {
        if self.has(name) {
            self.positive(name).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.values.get(name).cloned().unwrap_or_default()
    }

    pub fn has(&self, name: &str) -> bool {
        self.values.contains_key(name)
    }
}
