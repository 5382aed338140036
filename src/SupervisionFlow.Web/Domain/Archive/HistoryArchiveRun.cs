namespace SupervisionFlow.Web.Domain.Archive;

/// <summary>One run of the archiver (scheduled or on demand) and what it moved; shown on 提醒与任务.</summary>
public sealed class HistoryArchiveRun
{
    public const string Done = "Done";
    public const string Failed = "Failed";

    public long Id { get; set; }

    /// <summary><c>schedule</c> or <c>api</c>.</summary>
    public required string Trigger { get; set; }

    public required string State { get; set; }

    /// <summary>Suggestions of terms before this one were eligible.</summary>
    public int BeforeTerm { get; set; }

    public int Chunks { get; set; }

    public int Suggestions { get; set; }

    public int Instances { get; set; }

    public int ActivityRows { get; set; }

    public int VariableRows { get; set; }

    public double Seconds { get; set; }

    public string? Error { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime FinishedAt { get; set; }
}
