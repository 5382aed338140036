namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>A deputy's suggestion (代表建议) with its assignment and derived state and deadlines.</summary>
public sealed class Suggestion
{
    public int Id { get; set; }

    /// <summary>届次 (e.g. 18 for 第十八届).</summary>
    public int Term { get; set; }

    /// <summary>会次 (e.g. 5 for 第五次会议).</summary>
    public int Session { get; set; }

    /// <summary>第N号, unique within term, session and kind.</summary>
    public int Number { get; set; }

    public SuggestionKind Kind { get; set; }

    public required string Title { get; set; }

    public required string Content { get; set; }

    /// <summary>教科文卫体, 交通邮电, 农林水利, 工业经济, 城乡建设与管理, 财政经济, 政法 ….</summary>
    public required string Category { get; set; }

    /// <summary>专题调研, 集中视察, 代表小组活动, 座谈走访 ….</summary>
    public string? FormedBy { get; set; }

    public int LeadDeputyId { get; set; }

    public List<SuggestionCoSigner> CoSigners { get; set; } = [];

    public DisclosureConsent Disclosure { get; set; }

    /// <summary>"仅供参考，不需书面答复".</summary>
    public bool ReferenceOnly { get; set; }

    /// <summary>重点督办建议.</summary>
    public bool IsKey { get; set; }

    public string? KeyLeaderId { get; set; }

    public string? KeyCommitteeId { get; set; }

    public HandlingMode HandlingMode { get; set; }

    public List<SuggestionUnit> Units { get; set; } = [];

    public SuggestionState State { get; set; }

    public DateTime SubmittedAt { get; set; }

    public DateTime? AssignedAt { get; set; }

    /// <summary>The reply deadline (a date in China time), moved by an approved extension.</summary>
    public DateOnly? ReplyDueOn { get; set; }

    public DateTime? FirstRepliedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>Result class of the latest reply (A/B/C…).</summary>
    public string? ResultClass { get; set; }

    /// <summary>1 for the first handling, 2 after an unsatisfactory evaluation.</summary>
    public int Round { get; set; } = 1;

    public int? MergedIntoId { get; set; }

    public string? ProcessInstanceId { get; set; }

    /// <summary>
    /// The business key of the suggestion's processes (its id as text, <see cref="KeyOf"/>), stored and indexed so the
    /// inbox joins the engine's task rows to their suggestion in the database instead of reading each task's variables.
    /// </summary>
    public string? BusinessKey { get; set; }

    public static string KeyOf(int id) => id.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Optimistic-concurrency token.</summary>
    public int Version { get; set; }

    public string DisplayNumber => $"第{Number}号";
}

public sealed class SuggestionCoSigner
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public int DeputyId { get; set; }
}

/// <summary>A unit handling the suggestion; a re-assigned unit stays on record with <see cref="IsActive"/> false.</summary>
public sealed class SuggestionUnit
{
    public int Id { get; set; }

    public int SuggestionId { get; set; }

    public required string UnitId { get; set; }

    public UnitRole Role { get; set; }

    public DateTime? AcknowledgedAt { get; set; }

    public bool IsActive { get; set; } = true;
}
