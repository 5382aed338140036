namespace SupervisionFlow.Web.Domain.Suggestions;

/// <summary>Chinese labels of the domain's states and ratings, as users read them.</summary>
public static class StateLabels
{
    public static string Of(SuggestionState state) => state switch
    {
        SuggestionState.UnderReview => "审核中",
        SuggestionState.ReturnedForRevision => "退回修改",
        SuggestionState.AwaitingAssignment => "待交办",
        SuggestionState.InHandling => "办理中",
        SuggestionState.Replied => "已答复",
        SuggestionState.Rehandling => "重新办理",
        SuggestionState.FollowUp => "跟踪督办",
        SuggestionState.Closed => "已办结",
        SuggestionState.Converted => "转为来信",
        SuggestionState.Merged => "已并案",
        SuggestionState.Withdrawn => "已撤回",
        SuggestionState.Escalated => "提请专题询问",
        _ => state.ToString(),
    };

    public static string Of(Satisfaction rating) => rating switch
    {
        Satisfaction.Satisfied => "满意",
        Satisfaction.BasicallySatisfied => "基本满意",
        _ => "不满意",
    };

    public static string Of(DisclosureConsent consent) => consent switch
    {
        DisclosureConsent.Full => "全文公开",
        DisclosureConsent.TitleOnly => "仅公开标题",
        _ => "不公开",
    };
}
