//! Statuses, kinds and other closed lists of codes: one enum per list, stored and
//! sent as its code (snake_case text), shown by its label. An unknown code parses to
//! `None`, never to a default.

/// Declares a coded enum: each variant with its code and the label it shows.
///
/// ```ignore
/// coded! {
///     /// Where a thing stands.
///     pub enum Stand { Open = "open" => StOpen, Closed = "closed" => StClosed }
/// }
/// ```
/// gives the enum (Copy, Eq, Hash, serde as the code, an OpenAPI schema on the
/// server), `ALL`, `code()`, `parse()` and `label()` (a `core::T` text).
#[macro_export]
macro_rules! coded {
    ($(#[$m:meta])* $vis:vis enum $name:ident { $($(#[$vm:meta])* $var:ident = $code:literal => $label:ident),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        // the codes are the variants in snake_case (`app/tests/codes.rs` checks that
        // JSON, the OpenAPI schema and `code()` agree): a per-variant rename written
        // through this macro reaches serde but not utoipa's schema
        #[serde(rename_all = "snake_case")]
        $vis enum $name {
            $($(#[$vm])* $var),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];
            /// The code it is stored and sent as.
            pub fn code(self) -> &'static str {
                match self { $($name::$var => $code),+ }
            }
            /// The variant with this code; None for anything else.
            pub fn parse(code: &str) -> Option<$name> {
                Self::ALL.iter().copied().find(|x| x.code() == code)
            }
            /// What the user reads.
            pub fn label(self) -> $crate::core::T {
                match self { $($name::$var => $crate::core::T::$label),+ }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }
    };
}

/// A list filter as typed in a URL: empty for everything, else one code of `all`;
/// anything else is an error that names `what` and the codes to use.
pub fn filter<T: Copy>(input: &str, what: &str, all: &[T], code: impl Fn(T) -> &'static str) -> Result<Option<T>, String> {
    match input.trim() {
        "" => Ok(None),
        s => all.iter().copied().find(|x| code(*x) == s).map(Some).ok_or_else(|| {
            let codes: Vec<&str> = all.iter().map(|x| code(*x)).collect();
            format!("Unknown {what} '{s}': use one of {}", codes.join(", "))
        }),
    }
}

/// The macro by its module's path (`crate::core::code::coded!`), so that its users
/// name the area they depend on.
pub use crate::coded;

#[cfg(test)]
mod tests {
    coded! {
        #[derive(Default)]
        enum Stand {
            #[default]
            Open = "open" => StOpen,
            PartlyDone = "partly_done" => StClosed,
        }
    }

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for s in Stand::ALL {
            assert_eq!(Stand::parse(s.code()), Some(*s));
            assert_eq!(serde_json::to_string(s).unwrap(), format!("\"{}\"", s.code()));
        }
        assert_eq!(Stand::parse("Open"), None);
        assert_eq!(Stand::parse(""), None);
        assert!(serde_json::from_str::<Stand>("\"closed\"").is_err());
        assert_eq!(Stand::default().to_string(), "open");
        assert_eq!(Stand::PartlyDone.label(), crate::core::T::StClosed);
    }

    #[test]
    fn a_filter_is_empty_or_a_known_code() {
        let f = |s: &str| super::filter(s, "status", Stand::ALL, Stand::code);
        assert_eq!(f(" "), Ok(None));
        assert_eq!(f("partly_done"), Ok(Some(Stand::PartlyDone)));
        assert_eq!(f("done").unwrap_err(), "Unknown status 'done': use one of open, partly_done");
    }
}
