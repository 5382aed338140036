using SupervisionFlow.Web.Domain.Operations;

namespace SupervisionFlow.Web.Features.Suggestions;

/// <summary>The Chinese names of the bulk actions and of a suggestion's outcome in a run.</summary>
public static class BulkActionLabels
{
    public static string Of(BulkAction action) => action switch
    {
        BulkAction.Remind => "催办",
        BulkAction.Extend => "延期",
        _ => "改交办单位",
    };

    public static string Outcome(string? outcome) => outcome switch
    {
        BulkRunItem.Done => "已完成",
        BulkRunItem.Refused => "不予执行",
        BulkRunItem.Failed => "失败",
        _ => "待执行",
    };
}
