//! Where a seller's application stands.
use serde::{Deserialize, Serialize};

/// Where an application stands. Only `Verified` sellers are public and may publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SellerStatus {
    Draft,
    Pending,
    Verified,
    Rejected,
}

impl SellerStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SellerStatus::Draft => "draft",
            SellerStatus::Pending => "pending",
            SellerStatus::Verified => "verified",
            SellerStatus::Rejected => "rejected",
        }
    }

    pub fn parse(s: &str) -> Option<SellerStatus> {
        Some(match s {
            "draft" => SellerStatus::Draft,
            "pending" => SellerStatus::Pending,
            "verified" => SellerStatus::Verified,
            "rejected" => SellerStatus::Rejected,
            _ => return None,
        })
    }

    /// The seller may still change the application (before it is sent, or after a rejection).
    pub fn editable(self) -> bool {
        matches!(self, SellerStatus::Draft | SellerStatus::Rejected)
    }
}
