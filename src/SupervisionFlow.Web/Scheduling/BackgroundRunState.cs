namespace SupervisionFlow.Web.Scheduling;

/// <summary>
/// The states of a chunked run that a Hangfire job carries and a page shows from its progress row (版本迁移's
/// <c>migration_batches</c>, 批量操作's <c>bulk_operations</c>), with their Chinese labels.
/// </summary>
public static class BackgroundRunState
{
    public const string Queued = "Queued";
    public const string Running = "Running";
    public const string Done = "Done";
    public const string Failed = "Failed";

    /// <summary>Still to finish: its page refreshes itself until the job is through.</summary>
    public static bool InProgress(string state) => state is Queued or Running;

    public static string Label(string state) => state switch
    {
        Queued => "排队中",
        Running => "执行中",
        Done => "已完成",
        Failed => "失败",
        _ => state,
    };
}
