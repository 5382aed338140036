using System.Globalization;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SupervisionFlow.Web.Notifications;

/// <summary>Section <c>Notifications</c>: where mail goes, how it is sent and retried, and the reminder policy.</summary>
public sealed class NotificationsOptions
{
    public const string Section = "Notifications";

    /// <summary>The address users open the system at; links in mail are built on it.</summary>
    public string BaseUrl { get; set; } = "http://localhost:5080";

    /// <summary>The deputy-work office's (联工委) mailbox: the <c>office</c> group, overdue copies, reply copies.</summary>
    public string OfficeEmail { get; set; } = "lgw@example.gov.cn";

    public string OfficeName { get; set; } = "联工委";

    /// <summary>Where <c>.eml</c> files are written when <c>Smtp:Host</c> is empty; relative to the content root.</summary>
    public string PickupDirectory { get; set; } = "data/mail";

    public SmtpSettings Smtp { get; set; } = new();

    public SmsSettings Sms { get; set; } = new();

    public DispatchSettings Dispatch { get; set; } = new();

    public ReminderSettings Reminders { get; set; } = new();

    public sealed class SmtpSettings
    {
        /// <summary>Empty (the embedded default): no server, messages go to <see cref="PickupDirectory"/>.</summary>
        public string? Host { get; set; }

        public int Port { get; set; } = 25;

        /// <summary>
        /// How the connection is secured: <c>None</c> (plain), <c>StartTls</c> (upgrade on the plain port, usually 587;
        /// refuse a server that cannot), <c>StartTlsWhenAvailable</c> (upgrade when the server offers it, else plain:
        /// open to a downgrade by anyone on the path, so name <c>StartTls</c> for a relay known to have it) or
        /// <c>SslOnConnect</c> (implicit TLS, usually port 465).
        /// </summary>
        public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

        /// <summary>Logs in when set (with <see cref="Password"/>); otherwise sends unauthenticated, as to an internal relay.</summary>
        public string? UserName { get; set; }

        public string? Password { get; set; }

        public string From { get; set; } = "noreply@example.gov.cn";

        public string FromName { get; set; } = "人大代表建议办理系统";

        /// <summary>Seconds to connect, secure and log in before the attempt counts as failed.</summary>
        public int ConnectTimeoutSeconds { get; set; } = 15;

        /// <summary>Seconds any one read or write on the connection may take (a server that stops answering).</summary>
        public int TimeoutSeconds { get; set; } = 30;

        /// <summary>
        /// The SHA-256 thumbprint (hex; colons and spaces ignored) of the one server certificate to accept, e.g. a
        /// relay's self-signed certificate. When set, that certificate is accepted whatever its issuer or name and any
        /// other certificate is refused. Empty (the default): the system's trust store and the host name decide.
        /// </summary>
        public string? CertificateThumbprint { get; set; }

        /// <summary>
        /// DANGEROUS, for test relays only: accept any server certificate. The connection is encrypted but not
        /// authenticated, so anyone on the network path can read and alter every notice and the login. Prefer
        /// <see cref="CertificateThumbprint"/>.
        /// </summary>
        public bool DangerousAcceptAnyCertificate { get; set; }

        /// <summary>
        /// The right-hand side of each message's <c>Message-ID</c> (<c>&lt;outbox-42.…@domain&gt;</c>). Empty: the domain of
        /// <see cref="From"/>. Not the machine's name: a resend may come from another node and must carry the same id.
        /// </summary>
        public string? MessageIdDomain { get; set; }

        public string EffectiveMessageIdDomain =>
            !string.IsNullOrWhiteSpace(MessageIdDomain) ? MessageIdDomain.Trim()
            : MailboxAddress.TryParse(From, out var from) && from.Domain.Length > 0 ? from.Domain
            : "localhost";
    }

    public sealed class SmsSettings
    {
        /// <summary>Off by default; when on, deputies also get their notices and reminders by SMS ("办前有短信提醒").</summary>
        public bool Enabled { get; set; }

        /// <summary>The gateway URL; receives <c>POST {"to": "...", "text": "..."}</c> as JSON.</summary>
        public string? Endpoint { get; set; }

        /// <summary>Sent as <c>Authorization: Bearer …</c> when set.</summary>
        public string? ApiKey { get; set; }

        public int TimeoutSeconds { get; set; } = 10;
    }

    public sealed class DispatchSettings
    {
        /// <summary>False leaves the outbox unsent (tests, demonstrations).</summary>
        public bool Enabled { get; set; } = true;

        public int IntervalSeconds { get; set; } = 10;

        /// <summary>
        /// Rows read and sent over one SMTP connection; a run sends batch after batch while a backlog lasts (a new
        /// connection per batch, so one connection never lives for hours).
        /// </summary>
        public int BatchSize { get; set; } = 50;

        /// <summary>After this many failed attempts a message is marked Failed (and stays visible).</summary>
        public int MaxAttempts { get; set; } = 8;

        /// <summary>Mails sent per second at most, for relays that throttle; 0 (the default) means as fast as the relay accepts.</summary>
        public double MaxMailsPerSecond { get; set; }

        /// <summary>
        /// How long a claimed row is reserved for the node sending it. Must outlast one send (connect, secure, log in,
        /// send); a node that dies mid-send leaves its one row to be sent again when the lease ends.
        /// </summary>
        public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);
    }

    public sealed class ReminderSettings
    {
        public bool Enabled { get; set; } = true;

        public int IntervalMinutes { get; set; } = 15;

        /// <summary>
        /// Also scan once as soon as a node starts, so a host restarted after a crash catches up at once instead of at
        /// the next interval. Off by default: tests that move a manual clock run the scan themselves.
        /// </summary>
        public bool ScanOnStart { get; set; }

        /// <summary>Reminders before a task's due date, in days; null means the default, 7 and 1.</summary>
        public int[]? DaysBefore { get; set; }

        /// <summary>Remind every working day while a task is overdue.</summary>
        public bool OverdueEveryWorkingDay { get; set; } = true;

        /// <summary>Time of day (China time) reminders go out, so nobody is mailed at midnight.</summary>
        public string SendAt { get; set; } = "08:00";

        /// <summary>Overdue reminders are copied to the head of the task's unit (单位负责人).</summary>
        public bool NotifyUnitHeadWhenOverdue { get; set; } = true;

        /// <summary>Overdue reminders are copied to the office (联工委).</summary>
        public bool NotifyOfficeWhenOverdue { get; set; } = true;

        public IReadOnlyList<int> EffectiveDaysBefore => DaysBefore is { Length: > 0 } days ? days : [7, 1];

        public TimeOnly SendAtTime =>
            TimeOnly.TryParseExact(SendAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : new TimeOnly(8, 0);
    }
}

/// <summary>Refuses settings that would make notices silently go nowhere; the messages name the setting.</summary>
public sealed class NotificationsOptionsValidator : IValidateOptions<NotificationsOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            problems.Add($"Notifications:BaseUrl '{options.BaseUrl}' must be an absolute http(s) URL such as http://localhost:5080.");
        }
        if (!IsMailAddress(options.OfficeEmail))
        {
            problems.Add($"Notifications:OfficeEmail '{options.OfficeEmail}' is not an e-mail address.");
        }
        if (string.IsNullOrWhiteSpace(options.PickupDirectory))
        {
            problems.Add("Notifications:PickupDirectory must name a directory (default data/mail).");
        }
        var smtp = options.Smtp;
        if (!IsMailAddress(smtp.From))
        {
            problems.Add($"Notifications:Smtp:From '{smtp.From}' is not an e-mail address.");
        }
        if (smtp.Port is < 1 or > 65535)
        {
            problems.Add($"Notifications:Smtp:Port {smtp.Port} must be between 1 and 65535.");
        }
        if (smtp.TimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"Notifications:Smtp:TimeoutSeconds {smtp.TimeoutSeconds} must be between 1 and 600.");
        }
        if (smtp.ConnectTimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"Notifications:Smtp:ConnectTimeoutSeconds {smtp.ConnectTimeoutSeconds} must be between 1 and 600.");
        }
        if (!Enum.IsDefined(smtp.Security))
        {
            problems.Add($"Notifications:Smtp:Security '{smtp.Security}' must be None, StartTls, StartTlsWhenAvailable or SslOnConnect.");
        }
        if (!string.IsNullOrWhiteSpace(smtp.CertificateThumbprint) && ServerCertificatePolicy.Normalize(smtp.CertificateThumbprint).Length != 64)
        {
            problems.Add($"Notifications:Smtp:CertificateThumbprint '{smtp.CertificateThumbprint}' must be a SHA-256 thumbprint: 64 hexadecimal digits.");
        }
        if (!string.IsNullOrWhiteSpace(smtp.CertificateThumbprint) && smtp.DangerousAcceptAnyCertificate)
        {
            problems.Add("Notifications:Smtp:DangerousAcceptAnyCertificate and Notifications:Smtp:CertificateThumbprint contradict each other: set only the thumbprint.");
        }
        if (!string.IsNullOrWhiteSpace(smtp.MessageIdDomain) && !MailboxAddress.TryParse($"x@{smtp.MessageIdDomain.Trim()}", out _))
        {
            problems.Add($"Notifications:Smtp:MessageIdDomain '{smtp.MessageIdDomain}' must be a domain name such as example.gov.cn.");
        }
        if (!string.IsNullOrWhiteSpace(smtp.UserName) && string.IsNullOrEmpty(smtp.Password))
        {
            problems.Add("Notifications:Smtp:Password is required when Notifications:Smtp:UserName is set.");
        }
        var sms = options.Sms;
        if (sms.Enabled && (!Uri.TryCreate(sms.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
        {
            problems.Add($"Notifications:Sms:Endpoint '{sms.Endpoint}' must be an absolute http(s) URL when Notifications:Sms:Enabled is true.");
        }
        if (sms.TimeoutSeconds is < 1 or > 600)
        {
            problems.Add($"Notifications:Sms:TimeoutSeconds {sms.TimeoutSeconds} must be between 1 and 600.");
        }
        var dispatch = options.Dispatch;
        if (dispatch.IntervalSeconds is < 1 or > 3600)
        {
            problems.Add($"Notifications:Dispatch:IntervalSeconds {dispatch.IntervalSeconds} must be between 1 and 3600.");
        }
        if (dispatch.BatchSize is < 1 or > 10000)
        {
            problems.Add($"Notifications:Dispatch:BatchSize {dispatch.BatchSize} must be between 1 and 10000.");
        }
        if (dispatch.MaxAttempts is < 1 or > 100)
        {
            problems.Add($"Notifications:Dispatch:MaxAttempts {dispatch.MaxAttempts} must be between 1 and 100.");
        }
        if (!double.IsFinite(dispatch.MaxMailsPerSecond) || dispatch.MaxMailsPerSecond is < 0 or > 10000)
        {
            problems.Add($"Notifications:Dispatch:MaxMailsPerSecond {dispatch.MaxMailsPerSecond} must be between 0 (no limit) and 10000.");
        }
        // A lease shorter than one send would let a second node send the same row while the first still is.
        // The pacing wait happens under the claim too (at most one interval).
        var pacing = dispatch.MaxMailsPerSecond > 0 && double.IsFinite(dispatch.MaxMailsPerSecond) ? Math.Ceiling(1 / dispatch.MaxMailsPerSecond) : 0;
        var longestSend = TimeSpan.FromSeconds(Math.Max(smtp.ConnectTimeoutSeconds + 4 * smtp.TimeoutSeconds + pacing, sms.TimeoutSeconds));
        if (dispatch.ClaimLease < longestSend || dispatch.ClaimLease > TimeSpan.FromDays(1))
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture,
                $"Notifications:Dispatch:ClaimLease {dispatch.ClaimLease} must be at most a day and at least {longestSend} (Smtp:ConnectTimeoutSeconds + 4 × Smtp:TimeoutSeconds + one interval of Dispatch:MaxMailsPerSecond: the longest one send may take)."));
        }
        var reminders = options.Reminders;
        if (reminders.IntervalMinutes is < 1 or > 1440)
        {
            problems.Add($"Notifications:Reminders:IntervalMinutes {reminders.IntervalMinutes} must be between 1 and 1440.");
        }
        if (reminders.DaysBefore is { } days)
        {
            if (days.Any(d => d is < 1 or > 365))
            {
                problems.Add($"Notifications:Reminders:DaysBefore [{string.Join(", ", days)}]: every offset must be between 1 and 365 days.");
            }
            if (days.Distinct().Count() != days.Length)
            {
                problems.Add($"Notifications:Reminders:DaysBefore [{string.Join(", ", days)}] lists an offset twice.");
            }
        }
        if (!TimeOnly.TryParseExact(reminders.SendAt, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add($"Notifications:Reminders:SendAt '{reminders.SendAt}' must be a time of day written HH:mm, e.g. 08:00.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsMailAddress(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailboxAddress.TryParse(text, out var address) && address.Domain.Length > 0 && text.Contains('@', StringComparison.Ordinal);
}
