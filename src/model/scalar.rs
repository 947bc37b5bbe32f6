//! The scalar types of format.md (date, id, person, owner, money), parsed from a scalar's text.
//!
//! Each parser returns the value or a short reason, which the schema walk turns into an
//! `invalid-value` diagnostic. The reasons are lowercase fragments: "not a date".

use std::fmt;

use chrono::NaiveDate;

/// Partner roles, the role words besides `learner` and `manager`.
pub const PARTNER_ROLES: &[&str] = &["hr", "l&d", "mentor", "coach", "sponsor", "peer"];

pub const MAX_ID_LEN: usize = 64;

/// Parses `YYYY-MM-DD`, strictly: four-digit year, two-digit month and day, a real calendar day.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let b = text.as_bytes();
    let shape_ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape_ok {
        return Err(match date_hint(text) {
            Some(date) => format!("`{text}` is not a date as lc reads it: write `{date}`"),
            None => format!("`{text}` is not a date"),
        });
    }
    // The shape is checked, so each part is all digits.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    NaiveDate::from_ymd_opt(number(0..4) as i32, number(5..7), number(8..10))
        .ok_or_else(|| format!("`{text}` is not a day of the calendar"))
}

/// `2026/3/15`, `15.03.2026`, `2026-3-5` or `31/03/2026` as `YYYY-MM-DD`, when it is certainly
/// that real day. A day written with `/` or `-` and the year last is certain only when one of
/// its first two numbers cannot be a month (`31/03/2026`, `11/30/2026`); `03/04/2026` is
/// ambiguous and gets none.
pub fn date_hint(text: &str) -> Option<String> {
    match date_readings(text)[..] {
        [one] => Some(one.format("%Y-%m-%d").to_string()),
        _ => None,
    }
}

/// Every real day `text` can mean: one when it is certain, two for `01/02/2026` (1 February
/// or 2 January), none when it is no day in any common spelling.
pub fn date_readings(text: &str) -> Vec<NaiveDate> {
    let parts: Vec<&str> = text.trim().split(['-', '/', '.']).collect();
    let [a, b, c] = parts[..] else {
        return Vec::new();
    };
    let number = |s: &str| {
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|d| d.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (Some(x), Some(y), Some(z)) = (number(a), number(b), number(c)) else {
        return Vec::new();
    };
    let day = |year: u32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day)
    };
    let readings = if a.len() == 4 {
        vec![day(x, y, z)]
    } else if c.len() == 4 && text.contains('.') {
        vec![day(z, y, x)]
    } else if c.len() == 4 {
        // Day first or month first: a reading that is no day drops out.
        vec![day(z, y, x), day(z, x, y)]
    } else {
        Vec::new()
    };
    let mut readings: Vec<NaiveDate> = readings.into_iter().flatten().collect();
    readings.dedup();
    readings
}

/// Checks an id: `[a-z0-9][a-z0-9-]*`, at most 64 characters.
pub fn parse_id(text: &str) -> Result<String, String> {
    let first_ok = text
        .bytes()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rest_ok = text
        .bytes()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-');
    if !first_ok || !rest_ok {
        return Err(format!("`{text}` is not an id"));
    }
    if text.len() > MAX_ID_LEN {
        return Err(format!(
            "the id is {} characters long, over {MAX_ID_LEN}",
            text.len()
        ));
    }
    Ok(text.to_string())
}

/// A person in git's author form: `Name` or `Name <email>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub email: Option<String>,
}

impl Person {
    /// The same person: the same email when both have one, else the same name ignoring case.
    pub fn same_as(&self, other: &Person) -> bool {
        match (&self.email, &other.email) {
            (Some(a), Some(b)) => a.eq_ignore_ascii_case(b),
            _ => self.name.to_lowercase() == other.name.to_lowercase(),
        }
    }

    /// Whether `needle` matches the name or the email, ignoring case and accents (for report
    /// filters: `Zoe Angstrom` finds `Zoë Ångström`).
    pub fn matches(&self, needle: &str) -> bool {
        let needle = fold(needle);
        fold(&self.name) == needle || self.email.as_ref().is_some_and(|e| fold(e) == needle)
    }
}

/// A text for comparing names: accents folded (`ë` → `e`, `Å` → `A`, `ß` → `ss`), lower case,
/// runs of white space as one space.
pub fn fold(text: &str) -> String {
    deunicode::deunicode(text)
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl fmt::Display for Person {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.email {
            Some(email) => write!(f, "{} <{email}>", self.name),
            None => f.write_str(&self.name),
        }
    }
}

pub fn parse_person(text: &str) -> Result<Person, String> {
    let text = text.trim();
    let (name, email) = match text.split_once('<') {
        None => (text, None),
        Some((name, rest)) => {
            let Some(email) = rest.strip_suffix('>') else {
                return Err(format!(
                    "`{text}` is not a person: an email goes inside `<…>` at the end"
                ));
            };
            (name.trim(), Some(email.trim()))
        }
    };
    if name.is_empty() {
        return Err(format!("`{text}` has no name"));
    }
    if name.contains(['<', '>', '\n']) {
        return Err(format!("`{text}` is not a person"));
    }
    if email.is_none() && name.contains('@') {
        let (name_part, address) = name.rsplit_once(' ').unwrap_or(("Name", name));
        return Err(format!(
            "`{text}` looks like an email: write it as `{name_part} <{address}>`"
        ));
    }
    if let Some(email) = email {
        let valid = email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && !domain.is_empty())
            && !email.contains(|c: char| c.is_whitespace() || c == '<' || c == '>');
        if !valid {
            return Err(format!("`{email}` is not an email address"));
        }
    }
    Ok(Person {
        name: name.to_string(),
        email: email.map(str::to_string),
    })
}

/// Who must act on an item: a role word or a person with an email.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// `learner`, `manager`, or one of `PARTNER_ROLES`.
    Role(String),
    Person(Person),
}

pub fn parse_owner(text: &str) -> Result<Owner, String> {
    let text = text.trim();
    if text == "learner" || text == "manager" || PARTNER_ROLES.contains(&text) {
        return Ok(Owner::Role(text.to_string()));
    }
    let lower = text.to_lowercase();
    if lower == "learner" || lower == "manager" || PARTNER_ROLES.contains(&lower.as_str()) {
        return Err(format!("role words are lowercase: write `{lower}`"));
    }
    let person = parse_person(text)?;
    if person.email.is_none() {
        return Err(format!(
            "`{text}` is neither a role word nor a person with an email"
        ));
    }
    Ok(Owner::Person(person))
}

/// Cents as a decimal string with two places: `10450.00`.
pub fn decimal(cents: i64) -> String {
    format!("{}.{:02}", cents / 100, cents % 100)
}

/// An amount of money in cents of a currency.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Money {
    pub cents: i64,
    pub currency: String,
}

/// Parses `AMOUNT CUR`, or a bare number in `default_currency`.
pub fn parse_money(text: &str, default_currency: &str) -> Result<Money, String> {
    let text = text.trim();
    if let Some(hint) = money_hint(text) {
        return Err(format!("`{text}` is not money as lc reads it: {hint}"));
    }
    let (amount, currency) = match text.split_once(char::is_whitespace) {
        Some((amount, currency)) => (amount, currency.trim()),
        None => (text, default_currency),
    };
    if !is_currency(currency) {
        return Err(format!("`{currency}` is not an ISO 4217 currency code"));
    }
    let cents = parse_cents(amount).ok_or_else(|| format!("`{amount}` is not an amount"))?;
    Ok(Money {
        cents,
        currency: currency.to_string(),
    })
}

/// A suggestion for money written in another common way: `€1500`, `EUR 1500`, `1,500 EUR`,
/// `1.200,50 €`. A spelling is suggested only when it is what the next run accepts and the
/// amount is certain; otherwise the hint says what is wrong without guessing.
fn money_hint(text: &str) -> Option<String> {
    let (amount, currency, why) = money_parts(text)?;
    let Some(plain) = plain_amount(&amount) else {
        let decimals = amount.rsplit_once(['.', ',']).map_or(0, |(_, f)| f.len());
        return if amount.contains(['.', ',']) && decimals > 2 {
            Some("an amount has at most two decimal places".into())
        } else if amount.contains(|c: char| !c.is_ascii_digit()) {
            Some(format!(
                "write the amount in digits, with `.` before at most two decimals (`1500 {currency}`, `249.90 {currency}`)"
            ))
        } else {
            None
        };
    };
    let suggestion = format!("{plain} {currency}");
    if suggestion == text || parse_cents(&plain).is_none() {
        return None;
    }
    let why = if !why.is_empty() {
        why
    } else if plain != amount {
        "no thousands separator, and `.` before the decimals"
    } else {
        "currency codes are in capitals"
    };
    Some(format!("write `{suggestion}` ({why})"))
}

/// The amount and currency of money written another way, and what was wrong with the order.
fn money_parts(text: &str) -> Option<(String, String, &'static str)> {
    let symbols = [('€', "EUR"), ('$', "USD"), ('£', "GBP"), ('¥', "JPY")];
    if let Some((symbol, code)) = symbols.iter().find(|(s, _)| text.contains(*s)) {
        let amount = text.replace(*symbol, "").trim().to_string();
        return Some((amount, code.to_string(), "the code after the amount"));
    }
    let (first, rest) = text.split_once(' ')?;
    let (front, last) = text.rsplit_once(' ')?;
    if is_currency(&last.trim().to_uppercase()) {
        Some((front.trim().to_string(), last.trim().to_uppercase(), ""))
    } else if is_currency(&first.trim().to_uppercase()) {
        let why = "the currency goes after the amount";
        Some((rest.trim().to_string(), first.trim().to_uppercase(), why))
    } else {
        None
    }
}

/// Money written another way (`€1.200`, `1,200 EUR`) as lc reads it (`1200 EUR`), when the
/// amount is certain; the spelling is one `parse_money` accepts.
pub fn money_spelling(text: &str) -> Option<String> {
    let (amount, currency, _) = money_parts(text.trim())?;
    let spelling = format!("{} {currency}", plain_amount(&amount)?);
    parse_money(&spelling, "EUR").is_ok().then_some(spelling)
}

/// An amount with thousands separators (`1,200`, `1.200`, `1 200`) and a decimal comma or
/// point, as lc reads it (`1200`, `1200.50`); `None` when that is not certain (`1.2345`,
/// `1.200.50`).
fn plain_amount(amount: &str) -> Option<String> {
    if parse_cents(amount).is_some() {
        return Some(amount.to_string());
    }
    // The last `,` or `.` followed by one or two digits is the decimal mark.
    let (whole, mark, decimals) = match amount.rfind([',', '.']) {
        Some(at) if (2..=3).contains(&(amount.len() - at)) => (
            &amount[..at],
            amount[at..].chars().next(),
            &amount[at + 1..],
        ),
        _ => (amount, None, ""),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !decimals.is_empty() && !digits(decimals) {
        return None;
    }
    let whole = if digits(whole) {
        whole.to_string()
    } else {
        // Thousands: one kind of separator, not the decimal mark, parting groups of three
        // digits after a first group of one to three.
        let separators: Vec<char> = whole.chars().filter(|c| !c.is_ascii_digit()).collect();
        let separator = *separators.first()?;
        let groups: Vec<&str> = whole.split(separator).collect();
        let grouped = [',', '.', ' ', '\u{a0}', '\u{202f}', '\''].contains(&separator)
            && separators.iter().all(|c| *c == separator)
            && Some(separator) != mark
            && (1..=3).contains(&groups[0].len())
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| digits(g));
        if !grouped {
            return None;
        }
        groups.concat()
    };
    let plain = if decimals.is_empty() {
        whole
    } else {
        format!("{whole}.{decimals}")
    };
    parse_cents(&plain).map(|_| plain)
}

/// Money written another common way, spelt as lc reads it — only when that is certain: the
/// suggestion must itself be money, and an amount like `1.200` (a thousands dot, or a decimal
/// one?) gets none.
pub fn money_fix(text: &str, default_currency: &str) -> Option<String> {
    let text = text.trim();
    let symbols = [('€', "EUR"), ('$', "USD"), ('£', "GBP"), ('¥', "JPY")];
    let candidate = if let Some((symbol, code)) = symbols.iter().find(|(s, _)| text.contains(*s)) {
        format!(
            "{} {code}",
            text.replace(*symbol, "").trim().replace(',', "")
        )
    } else {
        let (first, rest) = text.split_once(' ')?;
        let rest = rest.trim();
        if is_currency(&first.to_uppercase()) {
            format!("{} {}", rest.replace(',', ""), first.to_uppercase())
        } else {
            format!("{} {}", first.replace(',', ""), rest.to_uppercase())
        }
    };
    // A comma is certainly a thousands separator only before groups of three digits.
    let digits: String = text
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .collect();
    let whole = digits.split('.').next().unwrap_or("");
    let thousands = whole
        .split(',')
        .skip(1)
        .all(|group| group.len() == 3 && group.bytes().all(|b| b.is_ascii_digit()));
    (thousands && candidate != text && parse_money(&candidate, default_currency).is_ok())
        .then_some(candidate)
}

/// `1500`, `249.9`, `249.90`: a non-negative decimal with at most two places, as cents.
fn parse_cents(amount: &str) -> Option<i64> {
    let (whole, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let digits = |s: &str| s.bytes().all(|c| c.is_ascii_digit());
    if whole.is_empty() || whole.len() > 15 || !digits(whole) || frac.len() > 2 || !digits(frac) {
        return None;
    }
    if amount.ends_with('.') {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let frac: i64 = format!("{frac:0<2}").parse().ok()?;
    whole.checked_mul(100)?.checked_add(frac)
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{:02} {}",
            self.cents / 100,
            self.cents % 100,
            self.currency
        )
    }
}

/// A non-negative number (`hours`).
pub fn parse_number(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(format!("`{text}` is not a number of zero or more")),
    }
}

impl Person {
    /// Whether this is the pseudonym `lc offboard --pseudonymise` gives a leaver
    /// (`Leaver 3f2a9c <leaver-3f2a9c@invalid>`).
    pub fn is_pseudonym(&self) -> bool {
        let hex = |t: &str| t.len() == 6 && t.bytes().all(|b| b.is_ascii_hexdigit());
        let named = self.name.strip_prefix("Leaver ").is_some_and(hex);
        let mailed = self.email.as_deref().is_some_and(|e| {
            e.strip_prefix("leaver-")
                .and_then(|e| e.strip_suffix("@invalid"))
                .is_some_and(hex)
        });
        named && mailed
    }
}

/// A slug: lowercase ASCII, accents folded (`Zoë Ångström` → `zoe-angstrom`, `ß` → `ss`),
/// every other run of characters one `-`, none at the ends.
pub fn slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

pub fn is_currency(code: &str) -> bool {
    CURRENCIES.binary_search(&code).is_ok()
}

/// ISO 4217 active codes, sorted.
const CURRENCIES: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD",
    "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ",
    "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD",
    "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR",
    "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
    "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR",
    "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB",
    "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS",
    "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn date(text: &str, ok: bool) {
        assert_eq!(parse_date(text).is_ok(), ok, "{text}");
    }

    #[test]
    fn date_hints() {
        assert_eq!(
            parse_date("2026/11/30").unwrap_err(),
            "`2026/11/30` is not a date as lc reads it: write `2026-11-30`"
        );
        assert!(
            parse_date("30.11.2026")
                .unwrap_err()
                .contains("`2026-11-30`")
        );
        assert!(parse_date("2026-1-5").unwrap_err().contains("`2026-01-05`"));
        assert!(
            parse_date("11/30/2026")
                .unwrap_err()
                .contains("write `2026-11-30`")
        );
        assert!(
            parse_date("31/03/2026")
                .unwrap_err()
                .contains("write `2026-03-31`")
        );
        assert!(
            parse_date("30-06-2026")
                .unwrap_err()
                .contains("`2026-06-30`")
        );
        assert_eq!(
            parse_date("01/02/2026").unwrap_err(),
            "`01/02/2026` is not a date"
        );
        assert_eq!(
            parse_date("31/13/2026").unwrap_err(),
            "`31/13/2026` is not a date"
        );
        assert_eq!(date_hint("02/02/2026").as_deref(), Some("2026-02-02"));
        assert_eq!(date_readings("01/02/2026").len(), 2);
        assert!(date_readings("x/02/2026").is_empty());
    }

    #[test]
    fn money_fixes_only_when_certain() {
        let fix = |text: &str| money_fix(text, "EUR");
        assert_eq!(fix("€1200").as_deref(), Some("1200 EUR"));
        assert_eq!(fix("EUR 1200").as_deref(), Some("1200 EUR"));
        assert_eq!(fix("1,200 EUR").as_deref(), Some("1200 EUR"));
        assert_eq!(fix("1,200.50 usd").as_deref(), Some("1200.50 USD"));
        assert_eq!(fix("1200 eur").as_deref(), Some("1200 EUR"));
        assert_eq!(fix("€1.200"), None);
        assert_eq!(fix("1,20 EUR"), None);
        assert_eq!(fix("1.200,50 EUR"), None);
        assert_eq!(fix("1200 EUR"), None);
        assert_eq!(fix("lots"), None);
    }

    #[test]
    fn money_hints() {
        let hint = |t: &str| parse_money(t, "EUR").unwrap_err();
        assert!(hint("€1500").contains("`1500 EUR`"));
        assert!(hint("EUR 1500").contains("`1500 EUR`"));
        assert!(hint("1,500 EUR").contains("`1500 EUR`"));
        assert!(hint("1500 eur").contains("`1500 EUR`"));
        assert!(hint("1500.123 EUR").contains("two decimal places"));
    }

    /// The spelling a hint suggests, when it suggests one.
    fn suggested(text: &str) -> Option<String> {
        let hint = parse_money(text, "EUR").unwrap_err();
        let (_, rest) = hint.split_once("write `")?;
        Some(rest.split_once('`')?.0.to_string())
    }

    #[track_caller]
    fn suggests(text: &str, expected: Option<&str>) {
        let got = suggested(text);
        assert_eq!(got.as_deref(), expected, "{text}");
        if let Some(got) = got {
            assert!(parse_money(&got, "EUR").is_ok(), "{text}: {got} is refused");
        }
    }

    #[test]
    fn money_hints_are_accepted_as_written_and_never_guess() {
        suggests("€1.200", Some("1200 EUR"));
        suggests("€1,200", Some("1200 EUR"));
        suggests("€ 1.200,50", Some("1200.50 EUR"));
        suggests("1,200.50 EUR", Some("1200.50 EUR"));
        suggests("1.200.000 EUR", Some("1200000 EUR"));
        suggests("1 200 EUR", Some("1200 EUR"));
        suggests("1200,50 EUR", Some("1200.50 EUR"));
        suggests("$99.90", Some("99.90 USD"));
        suggests("chf 120", Some("120 CHF"));
        // Not certain: no spelling is suggested.
        suggests("€1.2345", None);
        suggests("1.200.50 EUR", None);
        suggests("1,20,000 EUR", None);
        suggests("€12.34.56", None);
        suggests("-5 EUR", None);
        assert!(
            parse_money("€1.2345", "EUR")
                .unwrap_err()
                .contains("two decimal places")
        );
    }

    #[test]
    fn dates() {
        date("2026-03-15", true);
        date("2026-02-29", false);
        date("2024-02-29", true);
        date("2026-3-15", false);
        date("15.03.2026", false);
        date("2026-03-15T10:00", false);
        date("２０２６-03-15", false);
    }

    #[track_caller]
    fn id(text: &str, ok: bool) {
        assert_eq!(parse_id(text).is_ok(), ok, "{text}");
    }

    #[test]
    fn ids() {
        id("2026-jane-doe", true);
        id("2026", true);
        id("-x", false);
        id("Jane", false);
        id("a_b", false);
        id(&"a".repeat(64), true);
        id(&"a".repeat(65), false);
    }

    #[track_caller]
    fn person(text: &str, expected: Option<(&str, Option<&str>)>) {
        let got = parse_person(text).ok();
        let got = got.as_ref().map(|p| (p.name.as_str(), p.email.as_deref()));
        assert_eq!(got, expected, "{text}");
    }

    #[test]
    fn persons() {
        person("Jane Doe", Some(("Jane Doe", None)));
        person(
            "Jane Doe <jane@example.org>",
            Some(("Jane Doe", Some("jane@example.org"))),
        );
        person(
            "Zoë Ångström <zoe@example.org>",
            Some(("Zoë Ångström", Some("zoe@example.org"))),
        );
        person("Jane <jane>", None);
        person("<jane@example.org>", None);
        person("Jane <jane@example.org", None);
        person("Jane <jane@example.org> x", None);
        person("Jane Doe jane@example.org", None);
        assert!(
            parse_person("Jane Doe jane@example.org")
                .unwrap_err()
                .contains("`Jane Doe <jane@example.org>`")
        );
        assert!(
            parse_owner("sam@example.org")
                .unwrap_err()
                .contains("looks like an email")
        );
        assert_eq!(
            parse_owner("Manager").unwrap_err(),
            "role words are lowercase: write `manager`"
        );
    }

    #[test]
    fn owners() {
        assert_eq!(parse_owner("l&d"), Ok(Owner::Role("l&d".into())));
        assert!(parse_owner("boss").is_err());
        assert!(parse_owner("Ana Ruiz").is_err());
        assert!(parse_owner("Ana Ruiz <ana@example.org>").is_ok());
    }

    #[track_caller]
    fn money(text: &str, expected: Option<(i64, &str)>) {
        let got = parse_money(text, "EUR").ok();
        assert_eq!(
            got.as_ref().map(|m| (m.cents, m.currency.as_str())),
            expected,
            "{text}"
        );
    }

    #[test]
    fn moneys() {
        money("1500 EUR", Some((150_000, "EUR")));
        money("249.90 USD", Some((24_990, "USD")));
        money("249.9 USD", Some((24_990, "USD")));
        money("800", Some((80_000, "EUR")));
        money("800 euros", None);
        money("-5 EUR", None);
        money("1.234 EUR", None);
        money("1. EUR", None);
        money("EUR 100", None);
        money("99999999999999999999 EUR", None);
    }

    #[track_caller]
    fn slugs(text: &str, expected: &str) {
        assert_eq!(slug(text), expected, "{text}");
    }

    #[test]
    fn slug_folds_accents_and_joins_words() {
        slugs("Zoë Ångström", "zoe-angstrom");
        slugs("Jürgen Groß", "jurgen-gross");
        slugs("Aisling O'Brien", "aisling-o-brien");
        slugs(
            "  Claims: the NEW rules (2026)!  ",
            "claims-the-new-rules-2026",
        );
        slugs("Łukasz Żółć", "lukasz-zolc");
        slugs("---", "");
    }

    #[test]
    fn currencies_are_sorted_for_binary_search() {
        assert!(CURRENCIES.windows(2).all(|w| w[0] < w[1]));
    }
}
