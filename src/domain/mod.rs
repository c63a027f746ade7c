//! Domain types: inputs become these at the edge ("parse, don't validate"). Each parses what a
//! person types (spaces, lower case, a +91 prefix …) into one canonical form, and is shared by the
//! browser (instant feedback) and the server (the authority).
pub mod contact;
pub mod gst;
pub mod money;
pub mod order;
pub mod payment;
pub mod product;
pub mod seller;
pub mod slug;
pub mod state;
pub mod tax;

pub use contact::{Email, Phone, Pin};
pub use gst::{GstEnrolment, Gstin, Pan, Udyam};
pub use money::Paise;
pub use payment::{BankAccount, Ifsc, UpiVpa};
pub use slug::Slug;

/// Why an input was refused; the view turns the code into a sentence in the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Invalid {
    Empty,
    Format,
    /// A GSTIN whose last character does not match the other fourteen.
    CheckCharacter,
    /// A GSTIN registered in another state than the one required.
    WrongState,
}

/// Upper-cases and drops spaces: how people type codes printed in capitals.
fn compact_upper(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}
