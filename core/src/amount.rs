//! Exact decimal amounts in ISO 4217 currencies (DESIGN §3).
//!
//! An amount is kept as an integer count of the currency's minor unit, so it
//! never passes through a float. Output always carries the currency's
//! minor-unit digits: "0.1" EUR is "0.10", "5" JPY is "5".

use std::fmt;

use crate::validate::{Reason, ValueError};

/// Active ISO 4217 currency codes and their minor-unit digits. Codes without
/// a minor unit (precious metals, testing codes, SDR) cannot carry amounts.
const CURRENCIES: &[(&str, u8)] = &[
    ("AED", 2),
    ("AFN", 2),
    ("ALL", 2),
    ("AMD", 2),
    ("AOA", 2),
    ("ARS", 2),
    ("AUD", 2),
    ("AWG", 2),
    ("AZN", 2),
    ("BAM", 2),
    ("BBD", 2),
    ("BDT", 2),
    ("BGN", 2),
    ("BHD", 3),
    ("BIF", 0),
    ("BMD", 2),
    ("BND", 2),
    ("BOB", 2),
    ("BOV", 2),
    ("BRL", 2),
    ("BSD", 2),
    ("BTN", 2),
    ("BWP", 2),
    ("BYN", 2),
    ("BZD", 2),
    ("CAD", 2),
    ("CDF", 2),
    ("CHE", 2),
    ("CHF", 2),
    ("CHW", 2),
    ("CLF", 4),
    ("CLP", 0),
    ("CNY", 2),
    ("COP", 2),
    ("COU", 2),
    ("CRC", 2),
    ("CUP", 2),
    ("CVE", 2),
    ("CZK", 2),
    ("DJF", 0),
    ("DKK", 2),
    ("DOP", 2),
    ("DZD", 2),
    ("EGP", 2),
    ("ERN", 2),
    ("ETB", 2),
    ("EUR", 2),
    ("FJD", 2),
    ("FKP", 2),
    ("GBP", 2),
    ("GEL", 2),
    ("GHS", 2),
    ("GIP", 2),
    ("GMD", 2),
    ("GNF", 0),
    ("GTQ", 2),
    ("GYD", 2),
    ("HKD", 2),
    ("HNL", 2),
    ("HTG", 2),
    ("HUF", 2),
    ("IDR", 2),
    ("ILS", 2),
    ("INR", 2),
    ("IQD", 3),
    ("IRR", 2),
    ("ISK", 0),
    ("JMD", 2),
    ("JOD", 3),
    ("JPY", 0),
    ("KES", 2),
    ("KGS", 2),
    ("KHR", 2),
    ("KMF", 0),
    ("KPW", 2),
    ("KRW", 0),
    ("KWD", 3),
    ("KYD", 2),
    ("KZT", 2),
    ("LAK", 2),
    ("LBP", 2),
    ("LKR", 2),
    ("LRD", 2),
    ("LSL", 2),
    ("LYD", 3),
    ("MAD", 2),
    ("MDL", 2),
    ("MGA", 2),
    ("MKD", 2),
    ("MMK", 2),
    ("MNT", 2),
    ("MOP", 2),
    ("MRU", 2),
    ("MUR", 2),
    ("MVR", 2),
    ("MWK", 2),
    ("MXN", 2),
    ("MXV", 2),
    ("MYR", 2),
    ("MZN", 2),
    ("NAD", 2),
    ("NGN", 2),
    ("NIO", 2),
    ("NOK", 2),
    ("NPR", 2),
    ("NZD", 2),
    ("OMR", 3),
    ("PAB", 2),
    ("PEN", 2),
    ("PGK", 2),
    ("PHP", 2),
    ("PKR", 2),
    ("PLN", 2),
    ("PYG", 0),
    ("QAR", 2),
    ("RON", 2),
    ("RSD", 2),
    ("RUB", 2),
    ("RWF", 0),
    ("SAR", 2),
    ("SBD", 2),
    ("SCR", 2),
    ("SDG", 2),
    ("SEK", 2),
    ("SGD", 2),
    ("SHP", 2),
    ("SLE", 2),
    ("SOS", 2),
    ("SRD", 2),
    ("SSP", 2),
    ("STN", 2),
    ("SVC", 2),
    ("SYP", 2),
    ("SZL", 2),
    ("THB", 2),
    ("TJS", 2),
    ("TMT", 2),
    ("TND", 3),
    ("TOP", 2),
    ("TRY", 2),
    ("TTD", 2),
    ("TWD", 2),
    ("TZS", 2),
    ("UAH", 2),
    ("UGX", 0),
    ("USD", 2),
    ("USN", 2),
    ("UYI", 0),
    ("UYU", 2),
    ("UYW", 4),
    ("UZS", 2),
    ("VED", 2),
    ("VES", 2),
    ("VND", 0),
    ("VUV", 0),
    ("WST", 2),
    ("XAF", 0),
    ("XCD", 2),
    ("XCG", 2),
    ("XOF", 0),
    ("XPF", 0),
    ("YER", 2),
    ("ZAR", 2),
    ("ZMW", 2),
    ("ZWG", 2),
];

/// Minor-unit digits of an ISO 4217 code, or [`Reason::InvalidCurrency`].
pub fn currency_minor_units(code: &str) -> Result<u8, ValueError> {
    CURRENCIES
        .binary_search_by(|(c, _)| (*c).cmp(code))
        .map(|i| CURRENCIES[i].1)
        .map_err(|_| {
            ValueError::new(
                Reason::InvalidCurrency,
                format!("`{code}` is not an ISO 4217 currency code"),
            )
        })
}

/// A positive amount in one currency, counted in its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Amount {
    pub minor_units: i64,
    pub scale: u8,
}

impl Amount {
    /// Parses a decimal string (`"1250"`, `"0.1"`, `"12.345"` for BHD) for a
    /// currency. Zero, negative, malformed amounts and more fraction digits
    /// than the currency has are [`Reason::InvalidAmount`].
    pub fn parse(text: &str, currency: &str) -> Result<Amount, ValueError> {
        let scale = currency_minor_units(currency)?;
        let invalid = |why: &str| {
            ValueError::new(
                Reason::InvalidAmount,
                format!("`{text}` is not a valid {currency} amount: {why}"),
            )
        };
        let (int_part, frac_part) = match text.split_once('.') {
            Some((i, f)) => (i, Some(f)),
            None => (text, None),
        };
        let digits_only = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !digits_only(int_part) || frac_part.is_some_and(|f| !digits_only(f)) {
            return Err(invalid(
                "use digits with an optional decimal point, e.g. \"1250.00\"",
            ));
        }
        let frac = frac_part.unwrap_or("");
        if frac.len() > usize::from(scale) {
            return Err(invalid(&format!(
                "{currency} allows {scale} fraction digits"
            )));
        }
        let mut minor: i64 = 0;
        let padded = frac
            .bytes()
            .chain(std::iter::repeat_n(b'0', usize::from(scale) - frac.len()));
        for b in int_part.bytes().chain(padded) {
            minor = minor
                .checked_mul(10)
                .and_then(|m| m.checked_add(i64::from(b - b'0')))
                .ok_or_else(|| invalid("too large"))?;
        }
        if minor == 0 {
            return Err(invalid("must be greater than zero"));
        }
        Ok(Amount {
            minor_units: minor,
            scale,
        })
    }
}

impl fmt::Display for Amount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.scale == 0 {
            return write!(f, "{}", self.minor_units);
        }
        let divisor = 10i64.pow(u32::from(self.scale));
        write!(
            f,
            "{}.{:0width$}",
            self.minor_units / divisor,
            self.minor_units % divisor,
            width = usize::from(self.scale)
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn fmt(text: &str, cur: &str) -> String {
        Amount::parse(text, cur).unwrap().to_string()
    }

    #[test]
    fn currency_table_is_sorted_for_binary_search() {
        assert!(CURRENCIES.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn output_carries_the_currency_minor_unit_digits() {
        assert_eq!(fmt("0.1", "EUR"), "0.10");
        assert_eq!(fmt("1250", "TRY"), "1250.00");
        assert_eq!(fmt("5", "JPY"), "5");
        assert_eq!(fmt("1.5", "BHD"), "1.500");
        assert_eq!(fmt("007.5", "USD"), "7.50");
    }

    #[test]
    fn refuses_extra_digits_zero_negative_and_malformed() {
        for (bad, cur) in [
            ("0.001", "EUR"),
            ("5.0", "JPY"),
            ("0", "EUR"),
            ("0.00", "EUR"),
            ("-1", "EUR"),
            ("1e3", "EUR"),
            ("", "EUR"),
            (".5", "EUR"),
            ("5.", "EUR"),
            ("1,5", "EUR"),
            (" 1", "EUR"),
            ("99999999999999999999", "EUR"),
        ] {
            assert_eq!(
                Amount::parse(bad, cur).unwrap_err().reason,
                Reason::InvalidAmount,
                "{bad:?} {cur}"
            );
        }
    }

    #[test]
    fn currencies_must_be_iso_4217_upper_case() {
        for bad in ["eur", "EURO", "XAU", "ABC", ""] {
            assert_eq!(
                Amount::parse("1", bad).unwrap_err().reason,
                Reason::InvalidCurrency,
                "{bad:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_round_trips(minor in 1i64..i64::MAX, cur in prop::sample::select(vec!["EUR", "JPY", "BHD", "CLF"])) {
            let scale = currency_minor_units(cur).unwrap();
            let a = Amount { minor_units: minor, scale };
            prop_assert_eq!(Amount::parse(&a.to_string(), cur).unwrap(), a);
        }
    }
}
