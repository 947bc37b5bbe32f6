//! E-mail for `lc remind`: one RFC 5322 message per person (multipart/alternative, text and
//! HTML), the same bytes for the same digest and day, and its delivery over SMTP (lettre's
//! connection with rustls; no OpenSSL) under deadlines kept by the clock.

use std::path::PathBuf;
use std::sync::mpsc::{RecvTimeoutError, Sender};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Context, Result, bail};
use chrono::NaiveDate;
use lettre::Message;
use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::{Credentials, DEFAULT_MECHANISMS};
use lettre::transport::smtp::client::{Certificate, SmtpConnection, TlsParameters};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt, Rset};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};

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

/// Where and how to send: `--smtp URL`, `--smtp-ca FILE`, `LC_SMTP_PASSWORD`, and how long to
/// wait for the server.
#[derive(Clone, Debug)]
pub struct SmtpConfig {
    pub url: String,
    pub ca: Option<PathBuf>,
    pub password: Option<String>,
    pub deadlines: Deadlines,
}

/// How long `lc remind` waits for an SMTP server. A server that lets one of them pass is not
/// tried again in the same run: the digests not yet sent are said not sent, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadlines {
    /// To connect, be greeted and have EHLO answered (with `smtps://`, the TLS handshake too).
    pub connect: Duration,
    /// For the answer to each command (EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA, the message).
    pub command: Duration,
    /// For the whole of the sending: a digest not sent by then is not tried.
    pub overall: Duration,
}

impl Default for Deadlines {
    /// 10 s to connect, 30 s an answer, 5 minutes in all: against a server that stops
    /// answering, the demo's twelve digests are given up within the first 30 s.
    fn default() -> Deadlines {
        Deadlines {
            connect: Duration::from_secs(10),
            command: Duration::from_secs(30),
            overall: Duration::from_secs(300),
        }
    }
}

/// How the connection is secured.
#[derive(Clone)]
enum Security {
    /// STARTTLS when the server offers it (loopback without a login).
    Opportunistic(TlsParameters),
    /// STARTTLS, or nothing is sent (a login to another machine).
    Required(TlsParameters),
    /// TLS from the first byte (`smtps://`).
    Wrapper(TlsParameters),
}

/// A connection plan from `--smtp`.
#[derive(Clone)]
pub struct Server {
    host: String,
    port: u16,
    security: Security,
    credentials: Option<Credentials>,
    hello: ClientId,
    deadlines: Deadlines,
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
        let security = if implicit_tls {
            Security::Wrapper(tls)
        } else if !user.is_empty() && !loopback {
            // A password is never sent in the clear to another machine.
            Security::Required(tls)
        } else {
            Security::Opportunistic(tls)
        };
        let credentials = if user.is_empty() {
            None
        } else {
            let Some(password) = config.password.clone().filter(|p| !p.is_empty()) else {
                bail!("--smtp names the user `{user}`: set LC_SMTP_PASSWORD to their password");
            };
            Some(Credentials::new(user, password))
        };
        Ok(Server {
            name: format!("{host}:{port}"),
            host,
            port,
            security,
            credentials,
            // The sender's domain, not this machine's name.
            hello: ClientId::Domain(from.email.domain().to_string()),
            deadlines: config.deadlines,
        })
    }

    /// Sends each message on its own, in order, over one connection while the server keeps
    /// it, and gives each outcome to `each` as it comes: `Ok` with the server's reply when it
    /// accepted the message, else why not. Every deadline is kept by the clock, however the
    /// server answers (a byte at a time included): once one has passed, or the server could
    /// not be reached, the messages not yet sent are not tried.
    pub fn send_all(
        &self,
        messages: Vec<Message>,
        mut each: impl FnMut(usize, Result<String, String>),
    ) {
        let count = messages.len();
        let (events, heard) = std::sync::mpsc::channel();
        let server = self.clone();
        // The session runs on its own thread so that this one can keep the deadlines: a
        // blocked read cannot be interrupted, and a thread still blocked when lc exits ends
        // with it.
        std::thread::spawn(move || server.session(messages, &events));
        let started = Instant::now();
        let overall = started + self.deadlines.overall;
        let mut waiting: Option<Step> = None;
        let mut told = 0;
        loop {
            let until = waiting.as_ref().map_or(overall, |s| s.until.min(overall));
            match heard.recv_timeout(until.saturating_duration_since(Instant::now())) {
                Ok(Event::Waiting(step)) => waiting = Some(step),
                Ok(Event::Outcome {
                    index,
                    result,
                    unreachable,
                }) => {
                    waiting = None;
                    told = index + 1;
                    let reason = result.as_ref().err().cloned();
                    each(index, result);
                    if let (true, Some(reason)) = (unreachable, reason) {
                        for later in told..count {
                            each(later, Err(reason.clone()));
                        }
                        return;
                    }
                }
                Ok(Event::Done) | Err(RecvTimeoutError::Disconnected) => break,
                Err(RecvTimeoutError::Timeout) => {
                    let current = waiting.as_ref().map_or(told, |s| s.index);
                    for index in told..count {
                        let reason = self.given_up(waiting.as_ref(), overall, index == current);
                        each(index, Err(reason));
                    }
                    return;
                }
            }
        }
        // The session ended without a word for some (it cannot, but say so if it did).
        for index in told..count {
            each(index, Err("the SMTP session ended early".into()));
        }
    }

    /// Why a message was not sent once a deadline passed while lc waited for `step`: the
    /// message it waited for says what timed out, the others that they were not tried.
    fn given_up(&self, step: Option<&Step>, overall: Instant, current: bool) -> String {
        let timed_out = step.is_some_and(|s| s.until <= overall);
        if !current {
            let why = if timed_out {
                "had timed out"
            } else {
                "had used up the overall deadline"
            };
            return format!("not tried: {} {why}, so lc stopped trying it", self.name);
        }
        let reason = match step {
            Some(step) if timed_out => format!(
                "timed out after {} s waiting for {}",
                step.wait.as_secs(),
                step.what
            ),
            _ => format!(
                "not sent within the overall deadline of {} s (--smtp-deadline)",
                self.deadlines.overall.as_secs()
            ),
        };
        // The whole message went: the server may have taken it without saying so.
        if step.is_some_and(|s| s.after_message) {
            format!("{reason}; the message had gone, so the server may have delivered it")
        } else {
            reason
        }
    }

    /// The SMTP session, on its own thread: each step announced before it blocks, each
    /// message's outcome after it.
    fn session(&self, messages: Vec<Message>, events: &Sender<Event>) {
        let mut conn: Option<SmtpConnection> = None;
        for (index, message) in messages.iter().enumerate() {
            if conn.as_ref().is_none_or(SmtpConnection::has_broken) {
                match self.open(index, events) {
                    Ok(opened) => conn = Some(opened),
                    Err(reason) => {
                        let _ = events.send(Event::Outcome {
                            index,
                            result: Err(reason),
                            unreachable: true,
                        });
                        return;
                    }
                }
            }
            let Some(c) = conn.as_mut() else { return };
            let result = self.deliver(c, index, message, events);
            let failed = result.is_err();
            if events
                .send(Event::Outcome {
                    index,
                    result,
                    unreachable: false,
                })
                .is_err()
            {
                return;
            }
            if failed && !c.has_broken() {
                // A refused message leaves the transaction open: reset it for the next one.
                self.announce(events, index, Some("RSET"), self.deadlines.command);
                if c.command(Rset).is_err() {
                    c.abort();
                }
            }
        }
        if let Some(mut c) = conn {
            self.announce(events, messages.len(), Some("QUIT"), self.deadlines.command);
            let _ = c.quit();
        }
        let _ = events.send(Event::Done);
    }

    /// Tells the deadline keeper what the session waits for now: the server's `answer` to a
    /// command, or (`None`) its greeting.
    fn announce(&self, events: &Sender<Event>, index: usize, answer: Option<&str>, wait: Duration) {
        let what = match answer {
            Some(command) => format!("{}'s answer to {command}", self.name),
            None => format!("{} to connect, greet and answer EHLO", self.name),
        };
        let _ = events.send(Event::Waiting(Step {
            index,
            after_message: answer == Some(END_OF_MESSAGE),
            what,
            wait,
            until: Instant::now() + wait,
        }));
    }

    /// Connects, says EHLO, secures the connection and logs in as asked.
    fn open(&self, index: usize, events: &Sender<Event>) -> Result<SmtpConnection, String> {
        let d = self.deadlines;
        // The socket's own timeouts lie a little past the deadlines this thread's caller keeps
        // by the clock, so that it is the caller who says what timed out, in words.
        let margin = Duration::from_secs(2);
        self.announce(events, index, None, d.connect);
        let wrapper = match &self.security {
            Security::Wrapper(tls) => Some(tls),
            _ => None,
        };
        let mut conn = SmtpConnection::connect(
            (self.host.as_str(), self.port),
            Some(d.connect + margin),
            &self.hello,
            wrapper,
            None,
        )
        .map_err(|e| describe(&e))?;
        conn.set_timeout(Some(d.command + margin))
            .map_err(|e| e.to_string())?;
        match &self.security {
            Security::Opportunistic(tls) if conn.can_starttls() => {
                self.announce(events, index, Some("STARTTLS"), d.command);
                conn.starttls(tls, &self.hello).map_err(|e| describe(&e))?;
            }
            Security::Required(tls) => {
                self.announce(events, index, Some("STARTTLS"), d.command);
                conn.starttls(tls, &self.hello).map_err(|e| describe(&e))?;
            }
            _ => {}
        }
        if let Some(credentials) = &self.credentials {
            self.announce(events, index, Some("AUTH"), d.command);
            conn.auth(DEFAULT_MECHANISMS, credentials)
                .map_err(|e| describe(&e))?;
        }
        Ok(conn)
    }

    /// MAIL, RCPT, DATA and the message, each answer waited for under its deadline.
    fn deliver(
        &self,
        conn: &mut SmtpConnection,
        index: usize,
        message: &Message,
        events: &Sender<Event>,
    ) -> Result<String, String> {
        let wait = self.deadlines.command;
        let envelope = message.envelope();
        let body = message.formatted();
        let mut options = Vec::new();
        let non_ascii = envelope.from().is_some_and(|a| !a.to_string().is_ascii())
            || envelope.to().iter().any(|a| !a.to_string().is_ascii());
        if non_ascii {
            if !conn.server_info().supports_feature(Extension::SmtpUtfEight) {
                return Err(format!(
                    "{} does not take non-ASCII addresses (SMTPUTF8)",
                    self.name
                ));
            }
            options.push(MailParameter::SmtpUtfEight);
        }
        if !body.is_ascii() {
            options.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        self.announce(events, index, Some("MAIL FROM"), wait);
        conn.command(Mail::new(envelope.from().cloned(), options))
            .map_err(|e| describe(&e))?;
        for to in envelope.to() {
            self.announce(events, index, Some("RCPT TO"), wait);
            conn.command(Rcpt::new(to.clone(), Vec::new()))
                .map_err(|e| describe(&e))?;
        }
        self.announce(events, index, Some("DATA"), wait);
        conn.command(Data).map_err(|e| describe(&e))?;
        self.announce(events, index, Some(END_OF_MESSAGE), wait);
        let response = conn.message(&body).map_err(|e| describe(&e))?;
        Ok(response.message().collect::<Vec<_>>().join(" "))
    }
}

/// What the session thread tells the thread that keeps the deadlines.
enum Event {
    /// It waits for the server now.
    Waiting(Step),
    Outcome {
        index: usize,
        result: Result<String, String>,
        /// The server could not be reached or would not let lc in: the rest are not tried.
        unreachable: bool,
    },
    Done,
}

/// The last wait of a message: for the answer to its final dot.
const END_OF_MESSAGE: &str = "the end of the message";

/// A wait for the server, and its deadline.
struct Step {
    index: usize,
    /// Waiting for the answer to the message's final dot.
    after_message: bool,
    /// `127.0.0.1:2525's answer to DATA`, as "waiting for …" goes on.
    what: String,
    wait: Duration,
    until: Instant,
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

/// An SMTP error in words, with the server's reply when there is one; a socket's timeout in
/// words too, not as "Resource temporarily unavailable (os error 11)".
fn describe(error: &lettre::transport::smtp::Error) -> String {
    let mut source = std::error::Error::source(error);
    while let Some(s) = source {
        if let Some(io) = s.downcast_ref::<std::io::Error>()
            && matches!(
                io.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            )
        {
            return "the server did not answer in time (timed out)".into();
        }
        source = s.source();
    }
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
