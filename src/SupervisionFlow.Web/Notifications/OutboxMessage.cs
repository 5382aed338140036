namespace SupervisionFlow.Web.Notifications;

/// <summary>
/// One mail or SMS waiting to be sent, sent, or given up on. Written in the transaction of whatever caused it, sent
/// later by <see cref="OutboxDispatcher"/>; rows are never deleted, so the office can see what went out and what
/// failed. <see cref="DedupKey"/> is unique: the same notice (a task's 7-day reminder, an assignment notice) is
/// written once, also across restarts and nodes.
/// </summary>
public sealed class OutboxMessage
{
    public long Id { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary><see cref="OutboxChannel.Email"/> or <see cref="OutboxChannel.Sms"/>.</summary>
    public string Channel { get; set; } = OutboxChannel.Email;

    /// <summary>E-mail address(es), comma-separated; or a phone number for SMS. Empty on a row that failed for want of one.</summary>
    public string To { get; set; } = "";

    /// <summary>Who <see cref="To"/> is, for people reading the outbox (e.g. 市交通运输局 / 张三代表).</summary>
    public string? ToName { get; set; }

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public required string DedupKey { get; set; }

    public int? SuggestionId { get; set; }

    public int Attempts { get; set; }

    /// <summary>When the dispatcher may (next) try; also the lease of a row being sent.</summary>
    public DateTime NextAttemptAt { get; set; }

    public DateTime? SentAt { get; set; }

    public string? LastError { get; set; }

    /// <summary><see cref="OutboxStatus.Pending"/>, <see cref="OutboxStatus.Sent"/> or <see cref="OutboxStatus.Failed"/>.</summary>
    public string Status { get; set; } = OutboxStatus.Pending;
}

public static class OutboxChannel
{
    public const string Email = "Email";
    public const string Sms = "Sms";
}

public static class OutboxStatus
{
    public const string Pending = "Pending";
    public const string Sent = "Sent";

    /// <summary>Given up after the last attempt, or never sendable (no address): stays for the office to see.</summary>
    public const string Failed = "Failed";
}
