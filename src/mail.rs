//! E-mail for `lc remind`: one RFC 5322 message per person (multipart/alternative, text and
//! HTML), the same bytes for the same digest and day, and its delivery over SMTP (lettre with
//! rustls; no OpenSSL).

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{Message, SmtpTransport, Transport};

use crate::render;
use crate::review::remind::Digest;

/// The sender when `--from` is not given (only `--out` allows that): no name of this machine.
pub const DEFAULT_FROM: &str = "Learning contracts <lc@localhost>";

/// Parses `--from`: `address` or `Name <address>`.
pub fn parse_from(text: &str) -> Result<Mailbox> {
    text.parse::<Mailbox>()
        .map_err(|e| anyhow::anyhow!("--from `{text}` is not an e-mail address ({e})"))
}

/// A digest's message to its person, who must have an e-mail address.
pub fn message(
    digest: &Digest,
    from: &Mailbox,
    as_of: NaiveDate,
    remind_days: i64,
) -> Result<Message> {
    let Some(email) = &digest.email else {
        bail!("{} has no e-mail address", digest.name);
    };
    let to = Mailbox::new(
        Some(digest.name.clone()),
        email
            .parse()
            .with_context(|| format!("`{email}` is not an e-mail address lc can send to"))?,
    );
    let id = message_id(email, as_of, from);
    let mut text = Vec::new();
    render::remind::text(&mut text, digest, as_of, remind_days)?;
    let mut html = Vec::new();
    render::remind::html(&mut html, digest, as_of, remind_days)?;
    // Quoted-printable for both parts: `=_` cannot occur in its output, so no text from a
    // contract can close the part early, and the boundary needs no randomness.
    let part = |content_type: ContentType, body: Vec<u8>| {
        SinglePart::builder()
            .header(content_type)
            .header(ContentTransferEncoding::QuotedPrintable)
            .body(String::from_utf8_lossy(&body).into_owned())
    };
    let body = MultiPart::alternative()
        .boundary(format!("=_lc_{}", &id.hash[..24]))
        .singlepart(part(ContentType::TEXT_PLAIN, text))
        .singlepart(part(ContentType::TEXT_HTML, html));
    Ok(Message::builder()
        .from(from.clone())
        .to(to)
        .subject(render::remind::subject(digest, as_of))
        .date(date_header(as_of))
        .message_id(Some(id.header))
        .multipart(body)?)
}

struct MessageId {
    hash: String,
    header: String,
}

/// `<hash@from-domain>`: the same for the same person, day and sender, so that a job run twice
/// on one day sends messages a mail system can tell are the same.
fn message_id(email: &str, as_of: NaiveDate, from: &Mailbox) -> MessageId {
    let seed = format!("lc remind\n{}\n{as_of}\n", email.to_lowercase());
    // git's object hash (SHA-1), already at hand through git2: stable across versions and runs.
    let hash = git2::Oid::hash_object(git2::ObjectType::Blob, seed.as_bytes())
        .map(|oid| oid.to_string())
        .unwrap_or_else(|_| format!("{:040x}", fnv(seed.as_bytes())));
    let header = format!("<remind.{hash}@{}>", from.email.domain());
    MessageId { hash, header }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Midnight UTC of the as-of day: the `Date` the message is about, not the clock's.
fn date_header(as_of: NaiveDate) -> SystemTime {
    let seconds = as_of
        .and_hms_opt(0, 0, 0)
        .map_or(0, |t| t.and_utc().timestamp());
    u64::try_from(seconds)
        .ok()
        .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)))
        .unwrap_or(SystemTime::UNIX_EPOCH)
}

/// The file name of a person's message under `--out`: their address, made safe.
pub fn file_name(email: &str) -> String {
    let safe: String = email
        .to_lowercase()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '@' | '+') {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{}.eml", safe.trim_start_matches('.'))
}

/// Where and how to send: `--smtp URL`, `--smtp-ca FILE`, and `LC_SMTP_PASSWORD`.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub url: String,
    pub ca: Option<PathBuf>,
    pub password: Option<String>,
}

/// A connection plan from `--smtp`.
pub struct Server {
    transport: SmtpTransport,
    /// `host:port`, for messages.
    pub name: String,
}

impl Server {
    /// Checks the URL and the certificate file; nothing is sent yet.
    pub fn new(config: &SmtpConfig, from: &Mailbox) -> Result<Server> {
        let url = url::Url::parse(&config.url).map_err(|e| {
            anyhow::anyhow!(
                "--smtp `{}` is not a URL ({e}): write smtp://host:port or smtps://host",
                config.url
            )
        })?;
        let implicit_tls = match url.scheme() {
            "smtp" => false,
            "smtps" => true,
            other => bail!("--smtp: the scheme must be smtp or smtps, not `{other}`"),
        };
        if url.password().is_some() {
            bail!("--smtp: put the password in LC_SMTP_PASSWORD, not in the URL");
        }
        let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
            bail!("--smtp `{}` names no host", config.url);
        };
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let port = url.port().unwrap_or(if implicit_tls { 465 } else { 587 });
        let mut tls = TlsParameters::builder(host.clone());
        if let Some(ca) = &config.ca {
            let pem = std::fs::read(ca)
                .with_context(|| format!("cannot read --smtp-ca `{}`", ca.display()))?;
            let cert = Certificate::from_pem(&pem).map_err(|e| {
                anyhow::anyhow!(
                    "--smtp-ca `{}` holds no PEM certificate ({e})",
                    ca.display()
                )
            })?;
            tls = tls.add_root_certificate(cert);
        }
        let tls = tls.build().context("cannot set up TLS")?;
        let user = percent_decode(url.username());
        let loopback = is_loopback(&host);
        let tls = if implicit_tls {
            Tls::Wrapper(tls)
        } else if !user.is_empty() && !loopback {
            // A password is never sent in the clear to another machine.
            Tls::Required(tls)
        } else {
            Tls::Opportunistic(tls)
        };
        let mut builder = SmtpTransport::builder_dangerous(&host)
            .port(port)
            .tls(tls)
            .timeout(Some(Duration::from_secs(30)))
            // The sender's domain, not this machine's name.
            .hello_name(ClientId::Domain(from.email.domain().to_string()));
        if !user.is_empty() {
            let Some(password) = config.password.clone().filter(|p| !p.is_empty()) else {
                bail!("--smtp names the user `{user}`: set LC_SMTP_PASSWORD to their password");
            };
            builder = builder.credentials(Credentials::new(user, password));
        }
        Ok(Server {
            transport: builder.build(),
            name: format!("{host}:{port}"),
        })
    }

    /// Whether the server answers (and, with TLS, shakes hands); the reason when not.
    pub fn reachable(&self) -> Result<(), String> {
        match self.transport.test_connection() {
            Ok(true) => Ok(()),
            Ok(false) => Err(format!("{} did not answer", self.name)),
            Err(e) => Err(describe(&e)),
        }
    }

    /// Sends one message; `Ok` only when the server accepted it.
    pub fn send(&self, message: &Message) -> Result<String, String> {
        match self.transport.send(message) {
            Ok(response) => Ok(response.message().collect::<Vec<_>>().join(" ")),
            Err(e) => Err(describe(&e)),
        }
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push(u8::try_from(h * 16 + l).unwrap_or(b'?'));
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

/// An SMTP error in words, with the server's reply when there is one.
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        let more = s.to_string();
        if !text.contains(&more) {
            text += &format!(": {more}");
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_safe() {
        assert_eq!(
            file_name("Ana.Ruiz@Example.org"),
            "ana.ruiz@example.org.eml"
        );
        assert_eq!(file_name("../x/y@z"), "_x_y@z.eml");
    }

    #[test]
    fn user_names_are_percent_decoded() {
        assert_eq!(percent_decode("hr%40acme.example"), "hr@acme.example");
        assert_eq!(percent_decode("a%zz%4"), "a%zz%4");
    }

    #[test]
    fn dates_before_1970_do_not_panic() {
        let d = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        assert_eq!(date_header(d), SystemTime::UNIX_EPOCH);
    }
}
