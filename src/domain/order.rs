//! The states of an order and of its parts (one part per seller), the steps that move a part,
//! and how an order is paid: closed enums, stored as the same text values they always were
//! (no data migration), parsed once where they come in — a database row, a form.
use serde::{Deserialize, Serialize};

/// A closed set of values with one text each: `as_str` for SQL and forms, `parse` back, and
/// every value in `ALL` (for tests that walk them all).
macro_rules! text_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vmeta])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn parse(text: &str) -> Option<$name> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

text_enum! {
    /// Where one seller's part of an order stands (`sub_orders.status`, `order_events.status`).
    PartStatus {
        /// UPI or gateway money not yet seen; sellers do not see the part yet.
        AwaitingPayment = "awaiting_payment",
        Placed = "placed",
        Accepted = "accepted",
        Packed = "packed",
        Shipped = "shipped",
        Delivered = "delivered",
        Cancelled = "cancelled",
        /// Not paid in time; its stock went back.
        Expired = "expired",
        ReturnRequested = "return_requested",
        ReturnRejected = "return_rejected",
        Returned = "returned",
        /// A returned part whose money went back.
        Refunded = "refunded",
    }
}

text_enum! {
    /// Where a whole order stands (`orders.status`): its parts move on their own after it is
    /// placed.
    OrderStatus {
        AwaitingPayment = "awaiting_payment",
        Placed = "placed",
        Expired = "expired",
        /// Every part was cancelled.
        Cancelled = "cancelled",
    }
}

text_enum! {
    /// A step a seller or the buyer asks for on a part (the forms' `action`).
    Action {
        Accept = "accept",
        Pack = "pack",
        Ship = "ship",
        Deliver = "deliver",
        Cancel = "cancel",
        /// The buyer asks to send it back.
        Return = "return",
        ApproveReturn = "approve_return",
        RejectReturn = "reject_return",
    }
}

text_enum! {
    /// How an order is paid (`orders.payment_method`).
    PaymentMethod {
        /// Cash on delivery.
        Cod = "cod",
        /// UPI to the platform's own UPI id, confirmed by the ODOP cell.
        Upi = "upi",
        /// Cards, netbanking and UPI apps through the gateway.
        Gateway = "gateway",
    }
}

text_enum! {
    /// Why money is owed back (`refunds.reason`).
    RefundReason {
        /// A paid part was cancelled before it shipped.
        Cancelled = "cancelled",
        /// The seller approved a return.
        Returned = "returned",
        /// The payment arrived after the unpaid order had expired.
        PaidAfterExpiry = "paid_after_expiry",
        /// Paid for a part cancelled before the money came.
        Overpaid = "overpaid",
        /// Paid again after another payment had placed the order.
        Duplicate = "duplicate",
    }
}

/// An order's status is also the status its parts start in (`placed` or `awaiting_payment`) or end
/// in together (`expired`, `cancelled`): the same words, the same messages.
impl From<OrderStatus> for PartStatus {
    fn from(status: OrderStatus) -> PartStatus {
        match status {
            OrderStatus::AwaitingPayment => PartStatus::AwaitingPayment,
            OrderStatus::Placed => PartStatus::Placed,
            OrderStatus::Expired => PartStatus::Expired,
            OrderStatus::Cancelled => PartStatus::Cancelled,
        }
    }
}

/// Who asks for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Seller,
    Buyer,
}

impl PaymentMethod {
    /// The order's status once placed: cash on delivery is placed at once, the others wait for
    /// their money.
    pub fn initial_status(self) -> OrderStatus {
        match self {
            PaymentMethod::Cod => OrderStatus::Placed,
            PaymentMethod::Upi | PaymentMethod::Gateway => OrderStatus::AwaitingPayment,
        }
    }

    /// Whether money was taken before delivery (so a cancelled paid part owes a refund).
    pub fn paid_before_delivery(self) -> bool {
        !matches!(self, PaymentMethod::Cod)
    }
}

/// What `action` by `party` does to a part in `current`: the state it leads to, or `None` when
/// that step is not theirs to take now.
pub fn next_status(current: PartStatus, action: Action, party: Party) -> Option<PartStatus> {
    use PartStatus as S;
    let seller = party == Party::Seller;
    match (current, action) {
        (S::Placed, Action::Accept) if seller => Some(S::Accepted),
        (S::Accepted, Action::Pack) if seller => Some(S::Packed),
        (S::Accepted | S::Packed, Action::Ship) if seller => Some(S::Shipped),
        (S::Shipped, Action::Deliver) if seller => Some(S::Delivered),
        // Either side may cancel until the parcel leaves; an unpaid part only its buyer.
        (S::Placed | S::Accepted | S::Packed, Action::Cancel) => Some(S::Cancelled),
        (S::AwaitingPayment, Action::Cancel) if !seller => Some(S::Cancelled),
        // After delivery the buyer may ask to send it back (within the return window); the
        // seller approves (a refund is owed) or rejects.
        (S::Delivered, Action::Return) if !seller => Some(S::ReturnRequested),
        (S::ReturnRequested, Action::ApproveReturn) if seller => Some(S::Returned),
        (S::ReturnRequested, Action::RejectReturn) if seller => Some(S::ReturnRejected),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PartStatus as S;

    /// Every step every party may take, and nothing else: the whole table, both ways.
    #[test]
    fn only_these_steps_move_a_part() {
        let allowed: &[(PartStatus, Action, Party, PartStatus)] = &[
            (S::Placed, Action::Accept, Party::Seller, S::Accepted),
            (S::Accepted, Action::Pack, Party::Seller, S::Packed),
            (S::Accepted, Action::Ship, Party::Seller, S::Shipped),
            (S::Packed, Action::Ship, Party::Seller, S::Shipped),
            (S::Shipped, Action::Deliver, Party::Seller, S::Delivered),
            (S::Placed, Action::Cancel, Party::Seller, S::Cancelled),
            (S::Placed, Action::Cancel, Party::Buyer, S::Cancelled),
            (S::Accepted, Action::Cancel, Party::Seller, S::Cancelled),
            (S::Accepted, Action::Cancel, Party::Buyer, S::Cancelled),
            (S::Packed, Action::Cancel, Party::Seller, S::Cancelled),
            (S::Packed, Action::Cancel, Party::Buyer, S::Cancelled),
            (
                S::AwaitingPayment,
                Action::Cancel,
                Party::Buyer,
                S::Cancelled,
            ),
            (
                S::Delivered,
                Action::Return,
                Party::Buyer,
                S::ReturnRequested,
            ),
            (
                S::ReturnRequested,
                Action::ApproveReturn,
                Party::Seller,
                S::Returned,
            ),
            (
                S::ReturnRequested,
                Action::RejectReturn,
                Party::Seller,
                S::ReturnRejected,
            ),
        ];
        let mut moves = 0;
        for &current in PartStatus::ALL {
            for &action in Action::ALL {
                for party in [Party::Seller, Party::Buyer] {
                    let expected = allowed
                        .iter()
                        .find(|(c, s, p, _)| *c == current && *s == action && *p == party)
                        .map(|(_, _, _, next)| *next);
                    assert_eq!(
                        next_status(current, action, party),
                        expected,
                        "{current} --{action}--> by {party:?}"
                    );
                    moves += usize::from(expected.is_some());
                }
            }
        }
        assert_eq!(moves, allowed.len());
    }

    #[test]
    fn a_shipped_or_finished_part_cannot_be_cancelled() {
        for current in [
            S::Shipped,
            S::Delivered,
            S::Cancelled,
            S::Expired,
            S::Returned,
            S::Refunded,
        ] {
            for party in [Party::Seller, Party::Buyer] {
                assert_eq!(
                    next_status(current, Action::Cancel, party),
                    None,
                    "{current}"
                );
            }
        }
    }

    #[test]
    fn every_value_reads_back_from_its_text() {
        for s in PartStatus::ALL {
            assert_eq!(PartStatus::parse(s.as_str()), Some(*s));
        }
        for s in OrderStatus::ALL {
            assert_eq!(OrderStatus::parse(s.as_str()), Some(*s));
        }
        for s in Action::ALL {
            assert_eq!(Action::parse(s.as_str()), Some(*s));
        }
        for m in PaymentMethod::ALL {
            assert_eq!(PaymentMethod::parse(m.as_str()), Some(*m));
        }
        for r in RefundReason::ALL {
            assert_eq!(RefundReason::parse(r.as_str()), Some(*r));
        }
        assert_eq!(PartStatus::parse("Placed"), None);
        assert_eq!(Action::parse(""), None);
        // The JSON a server function sends is the same text.
        assert_eq!(
            serde_json::to_string(&PartStatus::ReturnRequested).unwrap(),
            "\"return_requested\""
        );
    }

    #[test]
    fn only_cash_on_delivery_is_placed_at_once() {
        assert_eq!(PaymentMethod::Cod.initial_status(), OrderStatus::Placed);
        assert_eq!(
            PaymentMethod::Upi.initial_status(),
            OrderStatus::AwaitingPayment
        );
        assert_eq!(
            PaymentMethod::Gateway.initial_status(),
            OrderStatus::AwaitingPayment
        );
        assert!(!PaymentMethod::Cod.paid_before_delivery());
        for s in OrderStatus::ALL {
            assert_eq!(PartStatus::from(*s).as_str(), s.as_str());
        }
        assert!(PaymentMethod::Gateway.paid_before_delivery());
    }
}
