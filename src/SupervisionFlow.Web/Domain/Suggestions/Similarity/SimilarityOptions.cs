using System.ComponentModel.DataAnnotations;

namespace SupervisionFlow.Web.Domain.Suggestions.Similarity;

/// <summary>When two suggestions count as similar (issue #12), and how many the filer is shown.</summary>
public sealed class SimilarityOptions
{
    public const string Section = "Suggestions:Similarity";

    /// <summary>
    /// Lowest score listed (0–1, Dice coefficient over character bigrams). 0.25 lists rewordings of one topic and a
    /// neighbouring one (增开社区公交微循环线路 for 优化城区公交线网 scores 0.29) and keeps out suggestions that share only
    /// common words (城区停车难 scores 0.10, 垃圾分类 0.01): a filer reads a few extra lines rather than miss a duplicate.
    /// </summary>
    [Range(0.01, 1.0)]
    public double Threshold { get; set; } = 0.25;

    [Range(1, 100)]
    public int MaxResults { get; set; } = 10;

    /// <summary>Weight of the title in the score; the content has the rest. A title names the topic, so it counts more.</summary>
    [Range(0.0, 1.0)]
    public double TitleWeight { get; set; } = 0.6;

    /// <summary>
    /// How long a session's index is reused before it is read again. A new filing is noticed at once (the count and the
    /// highest id are checked on every query); a revised title or content or a new state within this time.
    /// </summary>
    [Range(0, 3600)]
    public int CacheSeconds { get; set; } = 60;
}
